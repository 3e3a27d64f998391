package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.random.RandomGenerator;

/** Shared fixtures for policy tests: features, actions, transitions and a scripted random source. */
final class PolicyFixtures {

	static final Action AKASH = new Action("akash", "A8");

	static final Action VAST = new Action("vast", "V4");

	static final Action IONET = new Action("ionet", "H100");

	private PolicyFixtures() {
	}

	static Features features(String region) {
		return new Features(region, 8, 32, 60, 0.7, 0.8);
	}

	static Transition transition(Features features, Action action, double reward, List<Action> actions) {
		return new Transition(features, actions.indexOf(action), action, reward, features, actions);
	}

	/** Answers a fixed double and a fixed int, to drive one branch of a policy. */
	record FixedRandom(double nextDouble, int nextInt) implements RandomGenerator {

		@Override
		public long nextLong() {
			return 0;
		}

		@Override
		public double nextDouble() {
			return nextDouble;
		}

		@Override
		public int nextInt(int bound) {
			return Math.min(nextInt, bound - 1);
		}

	}

}
