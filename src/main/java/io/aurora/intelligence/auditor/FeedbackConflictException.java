package io.aurora.intelligence.auditor;

/** A trace already has its feedback; a second one is refused with 409 and changes nothing. */
public class FeedbackConflictException extends RuntimeException {

	/** Creates the exception for a trace id. */
	public FeedbackConflictException(String traceId) {
		super("Trace '" + traceId + "' already has feedback; it was applied once and is not applied again");
	}

}
