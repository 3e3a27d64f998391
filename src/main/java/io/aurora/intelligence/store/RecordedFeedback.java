package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.Map;

/**
 * The feedback a trace already has, as a second one is told of it.
 *
 * @param receivedAt when it was logged
 * @param outcome the outcome as it was received
 * @param reward the reward it was scored
 */
public record RecordedFeedback(Instant receivedAt, Map<String, Object> outcome, double reward) {
}
