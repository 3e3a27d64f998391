package io.aurora.intelligence.strategist;

/**
 * A view of a model's size and progress, as reported by {@code /status}.
 *
 * @param updates logged transitions learned from so far
 * @param states distinct states (tabular) or actions (function approximation) with learned values
 * @param stateActionPairs learned values: (state, action) pairs, or parameters for linear models
 */
public record ModelStats(long updates, int states, int stateActionPairs) {
}
