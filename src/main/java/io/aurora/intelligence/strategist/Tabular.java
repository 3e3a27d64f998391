package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.random.RandomGenerator;

/** Choice rules shared by the tabular policies: greedy with random tie-breaking, and ε-greedy over it. */
final class Tabular {

	private Tabular() {
	}

	static double unit(String name, double value) {
		if (!(value >= 0 && value <= 1)) {
			throw new IllegalArgumentException(name + " must be within [0, 1] but was " + value);
		}
		return value;
	}

	/**
	 * ε-greedy over {@code values}: with probability ε a uniform choice (reported as explored), else a
	 * uniform choice among the maximal values. The propensity is the total probability of the choice.
	 */
	static Choice epsilonGreedy(List<Action> actions, double[] values, double epsilon, RandomGenerator random) {
		int n = values.length;
		int[] greedy = new int[n];
		int ties = 0;
		double best = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			if (values[i] > best) {
				best = values[i];
				ties = 0;
				greedy[ties++] = i;
			}
			else if (values[i] == best) {
				greedy[ties++] = i;
			}
		}
		boolean explored = epsilon > 0 && random.nextDouble() < epsilon;
		int index = explored ? random.nextInt(n) : greedy[ties == 1 ? 0 : random.nextInt(ties)];
		double propensity = epsilon / n + (values[index] == best ? (1 - epsilon) / ties : 0);
		return new Choice(index, actions.get(index), values[index], propensity, explored, epsilon);
	}

}
