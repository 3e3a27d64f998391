package io.aurora.intelligence.auditor;

/** Feedback arrived after the decision's feedback window closed; answered 410 Gone and not applied. */
public class FeedbackExpiredException extends RuntimeException {

	/** Creates the exception for a trace id and the window in seconds. */
	public FeedbackExpiredException(String traceId, long windowSeconds) {
		super("Trace '" + traceId + "' is older than the feedback window of " + windowSeconds + " s; feedback is no longer accepted");
	}

}
