package io.aurora.intelligence.strategist;

/**
 * What a policy chose in one state: the action, its position in the offered list, the policy's
 * estimate of its value, the probability that the policy would have chosen it, whether the
 * choice came from the exploring branch, and the ε it was made with (NaN for a policy that does not
 * explore ε-greedily).
 */
public record Choice(int index, Action action, double qValue, double propensity, boolean explored, double epsilon) {

	/** A choice of a policy that does not explore ε-greedily ({@code epsilon} is NaN). */
	public Choice(int index, Action action, double qValue, double propensity, boolean explored) {
		this(index, action, qValue, propensity, explored, Double.NaN);
	}

	/** The label the API reports: {@code explore} or {@code exploit}. */
	public String explorationLabel() {
		return explored ? "explore" : "exploit";
	}

}
