package io.aurora.intelligence.executor;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How the Aurora Router has been answering, for {@code GET /status}.
 *
 * @param circuit {@code closed} (calls go through), {@code open} (skipped while cooling down) or
 * {@code half_open} (a trial call decides), or {@code none} when there is no router ({@code AURORA_ROUTER_URL=none})
 * @param lastResult the last call's result ({@code ok}, {@code rejected}, {@code error} or {@code timeout}),
 * null before the first; only calls the breaker counts replace it, a {@code GET /health} trial's too (not
 * those the open circuit skips, nor those cut short by the decision's budget or a wait for a connection),
 * so it says why the circuit opened, or closed
 * @param lastError why the last call had no usable answer, null when it had one
 * @param lastAt when the last call ended
 * @param candidatesOpen how many candidates have an open (or half-open) circuit of their own, so decisions skip them
 * @param candidates up to {@link #MAX_CANDIDATES} of those, the longest failing first
 */
public record RouterStatus(String circuit, @Nullable String lastResult, @Nullable String lastError,
		@Nullable Instant lastAt, int candidatesOpen, List<OpenCandidate> candidates) {

	/** The most candidates {@code /status} lists. */
	static final int MAX_CANDIDATES = 20;

	/**
	 * A candidate the router failed repeatedly, with a 5xx or a timeout each time.
	 *
	 * @param provider the candidate's provider
	 * @param sku the candidate's SKU
	 * @param circuit {@code open} (skipped) or {@code half_open} (one decision's call decides)
	 * @param failures the router's failures on it in a row
	 * @param lastError why the last of them failed
	 * @param since when the first of them ended
	 */
	public record OpenCandidate(String provider, String sku, String circuit, int failures, @Nullable String lastError,
			Instant since) {
	}

}
