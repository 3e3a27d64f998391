package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the feedback log: the outcome as received, the reward it earned, the next state with its Ψ reading,
 * and the candidate the task ran on when the caller's own scheduler chose it ({@code ranProvider} and
 * {@code ranSku}, null when it ran on the service's choice), with the probability the caller's rules chose it with
 * when they choose at random ({@code ranPropensity}, else null).
 */
public record FeedbackRecord(String traceId, Instant receivedAt, Map<String, Object> outcome, double reward,
		Map<String, Object> components, String nextState, double nextCoherence, double nextDensity,
		@Nullable String ranProvider, @Nullable String ranSku, @Nullable Double ranPropensity) {

	/** An entry whose task ran where the caller's rules chose, without a known propensity. */
	public FeedbackRecord(String traceId, Instant receivedAt, Map<String, Object> outcome, double reward,
			Map<String, Object> components, String nextState, double nextCoherence, double nextDensity,
			@Nullable String ranProvider, @Nullable String ranSku) {
		this(traceId, receivedAt, outcome, reward, components, nextState, nextCoherence, nextDensity, ranProvider, ranSku,
				null);
	}

	/** An entry of a task that ran on the service's choice. */
	public FeedbackRecord(String traceId, Instant receivedAt, Map<String, Object> outcome, double reward,
			Map<String, Object> components, String nextState, double nextCoherence, double nextDensity) {
		this(traceId, receivedAt, outcome, reward, components, nextState, nextCoherence, nextDensity, null, null, null);
	}

}
