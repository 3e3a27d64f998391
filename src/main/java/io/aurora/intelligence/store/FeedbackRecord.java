package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.Map;

/** One entry of the feedback log: the outcome as received, the reward it earned, and the next state with its Ψ reading. */
public record FeedbackRecord(String traceId, Instant receivedAt, Map<String, Object> outcome, double reward,
		Map<String, Object> components, String nextState, double nextCoherence, double nextDensity) {
}
