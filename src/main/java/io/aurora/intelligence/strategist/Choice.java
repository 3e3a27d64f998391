package io.aurora.intelligence.strategist;

/**
 * What a policy chose in one state: the action, its position in the offered list, the policy's
 * estimate of its value, the probability that the policy would have chosen it, and whether the
 * choice came from the exploring branch.
 */
public record Choice(int index, Action action, double qValue, double propensity, boolean explored) {

	/** The label the API reports: {@code explore} or {@code exploit}. */
	public String explorationLabel() {
		return explored ? "explore" : "exploit";
	}

}
