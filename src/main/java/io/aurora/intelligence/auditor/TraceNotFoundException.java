package io.aurora.intelligence.auditor;

/** Feedback names a trace that was never stored; answered with 404. */
public class TraceNotFoundException extends RuntimeException {

	/** Creates the exception for a trace id. */
	public TraceNotFoundException(String traceId) {
		super("No decision trace with id '" + traceId + "' (never stored, or deleted after the retention period)");
	}

}
