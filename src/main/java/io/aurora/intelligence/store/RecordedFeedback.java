package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The feedback a trace already has, as a second one is told of it.
 *
 * @param receivedAt when it was logged
 * @param outcome the outcome as it was received
 * @param reward the reward it was scored
 * @param ran the candidate it said the task ran on ({@code provider} and {@code sku}, with the {@code propensity}
 *        it gave), or null when it said none
 */
public record RecordedFeedback(Instant receivedAt, Map<String, Object> outcome, double reward,
		@Nullable Map<String, Object> ran) {

	/** A feedback that named no candidate of its own. */
	public RecordedFeedback(Instant receivedAt, Map<String, Object> outcome, double reward) {
		this(receivedAt, outcome, reward, null);
	}

}
