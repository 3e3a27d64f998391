package io.aurora.intelligence.evaluation;

import java.util.List;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Policy;

/** A policy to evaluate, as the probability it gives each candidate. */
public interface TargetPolicy {

	/** The probability of each of {@code actions} for these features; sums to 1. */
	double[] probabilities(Features features, List<Action> actions);

	/** Chooses uniformly at random. */
	static TargetPolicy uniform() {
		return (features, actions) -> {
			double[] p = new double[actions.size()];
			java.util.Arrays.fill(p, 1.0 / actions.size());
			return p;
		};
	}

	/**
	 * Always the first candidate offered: a scheduler that lists its candidates in the order its own rules prefer
	 * them evaluates those rules with it.
	 */
	static TargetPolicy first() {
		return (features, actions) -> {
			double[] p = new double[actions.size()];
			p[0] = 1;
			return p;
		};
	}

	/** ε-greedy over a model's estimates (ε = 0: greedy), ties shared. */
	static TargetPolicy epsilonGreedy(Policy model, double epsilon) {
		return (features, actions) -> {
			int k = actions.size();
			double[] v = new double[k];
			double best = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < k; i++) {
				v[i] = model.estimate(features, actions.get(i));
				best = Math.max(best, v[i]);
			}
			int ties = 0;
			for (double x : v) {
				ties += x == best ? 1 : 0;
			}
			double[] p = new double[k];
			for (int i = 0; i < k; i++) {
				p[i] = epsilon / k + (v[i] == best ? (1 - epsilon) / ties : 0);
			}
			return p;
		};
	}

}
