package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@link SquareCb}'s exploration: inverse gap weighting, which gives every candidate predicted below the
 * best {@code p(a) = 1/(K + γ·(ŷ* − ŷ(a)))} and lets the candidates tied for the best share the rest, so
 * every choice has a well-defined propensity.
 */
final class InverseGapWeighting {

	private InverseGapWeighting() {
	}

	/** Inverse gap weighting over predicted values at exploration scale {@code gamma}, ties sharing the greedy mass. */
	static Choice choose(List<Action> actions, double[] predicted, double gamma, RandomGenerator random) {
		int k = actions.size();
		double best = Double.NEGATIVE_INFINITY;
		for (double v : predicted) {
			best = Math.max(best, v);
		}
		double[] p = new double[k];
		int ties = 0;
		double others = 0;
		for (int i = 0; i < k; i++) {
			if (predicted[i] == best) {
				ties++;
			}
			else {
				p[i] = 1 / (k + gamma * (best - predicted[i]));
				others += p[i];
			}
		}
		double greedyShare = (1 - others) / ties;
		for (int i = 0; i < k; i++) {
			if (predicted[i] == best) {
				p[i] = greedyShare;
			}
		}
		double u = random.nextDouble();
		int chosen = k - 1;
		for (int i = 0; i < k; i++) {
			u -= p[i];
			if (u < 0) {
				chosen = i;
				break;
			}
		}
		return new Choice(chosen, actions.get(chosen), predicted[chosen], p[chosen], predicted[chosen] < best);
	}

}
