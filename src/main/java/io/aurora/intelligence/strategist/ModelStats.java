package io.aurora.intelligence.strategist;

/**
 * A view of a model's size and progress, as reported by {@code /status}.
 *
 * @param updates logged transitions learned from so far
 * @param states distinct states (tabular) or actions (function approximation) with learned values
 * @param stateActionPairs learned values: (state, action) pairs, or parameters for linear models
 * @param forgotten candidates or states forgotten at the model's size caps since it was created or last
 * replaced (start, import or snapshot restore)
 */
public record ModelStats(long updates, int states, int stateActionPairs, long forgotten) {

	/** Stats of a model that has forgotten nothing. */
	public ModelStats(long updates, int states, int stateActionPairs) {
		this(updates, states, stateActionPairs, 0);
	}

}
