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
 * @param callers the circuit of each kind of caller, once a caller without the API key (where one is set) has called
 * the router: {@code circuit}, the last call and the candidates are then those of both kinds
 */
public record RouterStatus(String circuit, @Nullable String lastResult, @Nullable String lastError,
		@Nullable Instant lastAt, int candidatesOpen, List<OpenCandidate> candidates, @Nullable Callers callers) {

	/**
	 * The circuits of each kind of caller: those who may teach the model (with the API key) and those without it, who
	 * have circuits of their own so that their calls cannot open the circuits of callers with the key.
	 *
	 * @param authorised the circuit of callers with the API key
	 * @param anonymous the circuit of callers without it
	 */
	public record Callers(String authorised, String anonymous) {
	}

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
	 * @param anonymous whether this is the circuit of callers without the API key
	 */
	public record OpenCandidate(String provider, String sku, String circuit, int failures, @Nullable String lastError,
			Instant since, boolean anonymous) {

		/** A candidate's circuit of callers with the API key, or of every caller where none is set. */
		public OpenCandidate(String provider, String sku, String circuit, int failures, @Nullable String lastError,
				Instant since) {
			this(provider, sku, circuit, failures, lastError, since, false);
		}

		/** The same circuit, as that of callers without the API key. */
		OpenCandidate asAnonymous() {
			return new OpenCandidate(provider, sku, circuit, failures, lastError, since, true);
		}
	}

}
