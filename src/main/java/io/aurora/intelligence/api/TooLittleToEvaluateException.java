package io.aurora.intelligence.api;

/**
 * A well-formed evaluation the logged decisions cannot answer: too few of them, all made
 * deterministically, or none that reported the weighted objectives. No field of the request is at fault.
 */
class TooLittleToEvaluateException extends RuntimeException {

	TooLittleToEvaluateException(String message) {
		super(message);
	}

}
