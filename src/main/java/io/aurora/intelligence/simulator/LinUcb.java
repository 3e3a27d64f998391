package io.aurora.intelligence.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.ModelStats;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Transition;

/**
 * Disjoint LinUCB (Li, Chu, Langford and Schapire, 2010), a standard linear contextual bandit, as a baseline for
 * the benchmark: one ridge regression per candidate on the request's features, choosing the highest upper
 * confidence bound {@code θ·x + α·√(xᵀA⁻¹x)}, with {@code A⁻¹} kept by Sherman–Morrison updates. Not offered to
 * the service: it forgets nothing, so a market that shifts is its weak point, as it is {@code ucb}'s.
 */
final class LinUcb implements Policy {

	/** The width of the confidence bound: the best of 0.1, 0.3 and 1 on seed 7, where the default was tuned. */
	static final double ALPHA = 1;

	private static final int DIMENSIONS = 6 + Market.REGIONS.size();

	private final double alpha;

	private final Map<Action, Arm> arms = new HashMap<>();

	private long updates;

	LinUcb(double alpha) {
		this.alpha = alpha;
	}

	@Override
	public String name() {
		return "linucb";
	}

	@Override
	public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
		double[] x = vector(features);
		int best = -1;
		double bestBound = Double.NEGATIVE_INFINITY;
		int ties = 0;
		for (int i = 0; i < actions.size(); i++) {
			Arm arm = arms.get(actions.get(i));
			double bound = arm == null ? Double.POSITIVE_INFINITY : arm.mean(x) + alpha * Math.sqrt(arm.variance(x));
			if (bound > bestBound) {
				best = i;
				bestBound = bound;
				ties = 1;
			}
			else if (bound == bestBound && random.nextInt(++ties) == 0) {
				best = i;
			}
		}
		return new Choice(best, actions.get(best), estimate(features, actions.get(best)), 1.0 / ties, false);
	}

	@Override
	public void learn(Transition transition) {
		arms.computeIfAbsent(transition.action(), (action) -> new Arm()).update(vector(transition.features()),
				transition.reward());
		updates++;
	}

	@Override
	public double estimate(Features features, Action action) {
		Arm arm = arms.get(action);
		return arm == null ? 0 : arm.mean(vector(features));
	}

	@Override
	public ModelStats stats() {
		return new ModelStats(updates, 1, arms.size());
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of("alpha", alpha);
	}

	/** A bias, the region one-hot, and the job's size, latency budget and Ψ readings, each near [0, 1]. */
	static double[] vector(Features f) {
		double[] x = new double[DIMENSIONS];
		x[0] = 1;
		int region = Market.REGIONS.indexOf(f.region());
		if (region >= 0) {
			x[1 + region] = 1;
		}
		int at = 1 + Market.REGIONS.size();
		x[at] = Math.log(Math.max(1, f.cpu())) / Math.log(64);
		x[at + 1] = Math.log(Math.max(1, f.memoryGb())) / Math.log(256);
		x[at + 2] = f.latencyMs() / 200;
		x[at + 3] = f.coherence();
		x[at + 4] = f.density();
		return x;
	}

	/** One candidate's ridge regression: {@code A⁻¹} (from the identity) and {@code b}. */
	private static final class Arm {

		private final double[][] inverse = new double[DIMENSIONS][DIMENSIONS];

		private final double[] b = new double[DIMENSIONS];

		private final double[] theta = new double[DIMENSIONS];

		Arm() {
			for (int i = 0; i < DIMENSIONS; i++) {
				inverse[i][i] = 1;
			}
		}

		double mean(double[] x) {
			return dot(theta, x);
		}

		double variance(double[] x) {
			return dot(x, times(inverse, x));
		}

		/** Adds {@code x xᵀ} to {@code A} by Sherman–Morrison, and {@code r·x} to {@code b}, then solves θ. */
		void update(double[] x, double reward) {
			double[] ax = times(inverse, x);
			double denominator = 1 + dot(x, ax);
			for (int i = 0; i < DIMENSIONS; i++) {
				for (int j = 0; j < DIMENSIONS; j++) {
					inverse[i][j] -= ax[i] * ax[j] / denominator;
				}
				b[i] += reward * x[i];
			}
			double[] solved = times(inverse, b);
			System.arraycopy(solved, 0, theta, 0, DIMENSIONS);
		}

		private static double[] times(double[][] m, double[] v) {
			double[] out = new double[v.length];
			for (int i = 0; i < v.length; i++) {
				out[i] = dot(m[i], v);
			}
			return out;
		}

		private static double dot(double[] a, double[] b) {
			double sum = 0;
			for (int i = 0; i < a.length; i++) {
				sum += a[i] * b[i];
			}
			return sum;
		}

	}

}
