package io.aurora.intelligence.store;

/**
 * Stored traces and feedback, and the fraction of traces with feedback: of these counts on SQLite, of the
 * last count on a shared store ({@link RowCounts}).
 */
public record StoreCounts(long traces, long feedback, double feedbackRate) {

	/** Counts whose rate is their own: feedback over traces, 0 when there are none. */
	public StoreCounts(long traces, long feedback) {
		this(traces, feedback, rate(traces, feedback));
	}

	static double rate(long traces, long feedback) {
		return traces == 0 ? 0 : (double) feedback / traces;
	}

}
