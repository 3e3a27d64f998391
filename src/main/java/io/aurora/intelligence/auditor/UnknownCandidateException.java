package io.aurora.intelligence.auditor;

/** Feedback says the task ran on a candidate its decision was not offered; answered with 422. */
public class UnknownCandidateException extends RuntimeException {

	/** Creates the exception for the trace and the candidate its feedback named. */
	public UnknownCandidateException(String traceId, String provider, String sku) {
		super("The decision '" + traceId + "' was not offered provider '" + provider + "' with sku '" + sku
				+ "': ran must name one of its candidates");
	}

}
