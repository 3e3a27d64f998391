package io.aurora.intelligence.telemetry;

/**
 * The Ψ cache's counts since start, as {@code /status} reports them.
 *
 * @param hits decisions made on a live Ψ reading
 * @param misses decisions made without one (a stale or neutral reading)
 * @param errors Ψ-field fetches that failed
 */
public record CacheCounts(long hits, long misses, long errors) {

	/** Hits over lookups, 0 before the first lookup. */
	public double hitRate() {
		long total = hits + misses;
		return total == 0 ? 0 : (double) hits / total;
	}

}
