package io.aurora.intelligence.auditor;

/** An imported model that does not fit this service's policy; answered 422 and not applied. */
public class ModelMismatchException extends RuntimeException {

	/** Creates the exception with the reason. */
	public ModelMismatchException(String message) {
		super(message);
	}

}
