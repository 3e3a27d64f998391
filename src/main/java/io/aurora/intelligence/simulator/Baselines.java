package io.aurora.intelligence.simulator;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.ModelStats;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Transition;

/** Reference policies for the benchmark: uniform random and the oracle. */
final class Baselines {

	private Baselines() {
	}

	/** A policy that learns nothing and estimates nothing. */
	private abstract static class Unlearning implements Policy {

		@Override
		public void learn(Transition transition) {
		}

		@Override
		public double estimate(Features features, Action action) {
			return 0;
		}

		@Override
		public ModelStats stats() {
			return new ModelStats(0, 0, 0);
		}

		@Override
		public Map<String, Object> parameters() {
			return Map.of();
		}

	}

	/** Chooses uniformly at random and learns nothing. */
	static final class UniformRandom extends Unlearning {

		@Override
		public String name() {
			return "random";
		}

		@Override
		public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
			int i = random.nextInt(actions.size());
			return new Choice(i, actions.get(i), 0, 1.0 / actions.size(), true);
		}

	}

	/** Knows the hidden expected rewards of the current request and always takes the best: zero regret. */
	static final class Oracle extends Unlearning {

		private double[] expected = new double[0];

		/** Shows the oracle the expected rewards of the candidates about to be offered. */
		void reveal(double[] expectedRewards) {
			this.expected = expectedRewards;
		}

		@Override
		public String name() {
			return "oracle";
		}

		@Override
		public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
			int best = 0;
			for (int i = 1; i < actions.size(); i++) {
				best = expected[i] > expected[best] ? i : best;
			}
			return new Choice(best, actions.get(best), expected[best], 1, false);
		}

	}

}
