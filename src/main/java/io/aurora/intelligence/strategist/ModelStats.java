package io.aurora.intelligence.strategist;

/**
 * A consistent view of a model's size and progress, as reported by {@code /status}.
 *
 * @param updates learning updates applied so far
 * @param states distinct states with at least one learned value
 * @param stateActionPairs learned (state, action) values
 */
public record ModelStats(long updates, int states, int stateActionPairs) {
}
