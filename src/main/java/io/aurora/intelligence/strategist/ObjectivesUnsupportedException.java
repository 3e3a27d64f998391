package io.aurora.intelligence.strategist;

/** A request weighted the objectives, and the policy in use learns one scalar reward only. */
public class ObjectivesUnsupportedException extends UnsupportedOperationException {

	/** Creates the exception with the reason a caller is shown. */
	public ObjectivesUnsupportedException(String message) {
		super(message);
	}

}
