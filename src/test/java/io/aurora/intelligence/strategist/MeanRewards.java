package io.aurora.intelligence.strategist;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A policy for tests whose estimate of a candidate is the mean reward it learned for it (0 before any), whatever
 * the context, and which always chooses the first candidate.
 */
public final class MeanRewards implements Policy {

	private final Map<Action, double[]> sums = new HashMap<>();

	@Override
	public String name() {
		return "mean-rewards";
	}

	@Override
	public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
		return new Choice(0, actions.get(0), estimate(features, actions.get(0)), 1, false);
	}

	@Override
	public void learn(Transition transition) {
		double[] sum = sums.computeIfAbsent(transition.action(), action -> new double[2]);
		sum[0] += transition.reward();
		sum[1]++;
	}

	@Override
	public double estimate(Features features, Action action) {
		double[] sum = sums.get(action);
		return sum == null ? 0 : sum[0] / sum[1];
	}

	@Override
	public ModelStats stats() {
		throw new UnsupportedOperationException("no statistics");
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of();
	}

}
