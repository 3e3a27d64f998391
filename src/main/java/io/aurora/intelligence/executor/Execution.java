package io.aurora.intelligence.executor;

import java.util.List;

/**
 * The executed, traced decision.
 *
 * @param traceId the id under which the trace is stored; it authorises feedback
 * @param score the router's score when it answered one, else the model's estimate
 * @param scoreSource {@code router} or {@code model}
 * @param routerStatus what became of the last router call, as in {@link RouteResult#status()}
 * @param placedIndex the position (among the placement's candidates) of the candidate finally placed, or the one a
 * timed-out last call was about, else the policy's choice
 * @param attempts how many candidates the router was asked about
 * @param placed whether the router accepted the placement
 * @param skipped the positions of candidates skipped without a call, their circuits open (the router kept failing them)
 */
public record Execution(String traceId, double score, String scoreSource, String routerStatus, int placedIndex,
		int attempts, boolean placed, List<Integer> skipped) {

	/** An execution that skipped no candidate. */
	public Execution(String traceId, double score, String scoreSource, String routerStatus, int placedIndex, int attempts,
			boolean placed) {
		this(traceId, score, scoreSource, routerStatus, placedIndex, attempts, placed, List.of());
	}

}
