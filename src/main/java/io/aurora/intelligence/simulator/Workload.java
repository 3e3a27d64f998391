package io.aurora.intelligence.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The stream of requests of one run, the same for every policy: each step's request is drawn from a
 * generator seeded by (seed, step); Ψ drifts as a precomputed random walk in {@link Scenario#PSI_DRIFT}.
 * In {@link Scenario#SHIFT} the offering that is most often best degrades at the half-way step; in
 * {@link Scenario#IMPROVE} the one least often best improves then.
 */
final class Workload {

	private static final int[] CPUS = { 2, 4, 8, 16, 32, 64 };

	private static final double[] CPU_WEIGHTS = { 0.15, 0.25, 0.25, 0.2, 0.1, 0.05 };

	private static final double[] REGION_WEIGHTS = { 0.35, 0.25, 0.25, 0.15 };

	private static final int[] BUDGETS = { 40, 80, 150, 300 };

	private final Scenario scenario;

	private final long seed;

	private final int steps;

	private final double[] coherence;

	private final double[] density;

	private final int shifted;

	private final List<Offering> catalogue;

	Workload(Scenario scenario, long seed, int steps, Market market) {
		this.scenario = scenario;
		this.catalogue = market.catalogue();
		this.seed = seed;
		this.steps = steps;
		this.coherence = new double[steps];
		this.density = new double[steps];
		SplittableRandom walk = new SplittableRandom(seed ^ 0x5DEECE66DL);
		double c = 0.68;
		double d = 0.82;
		for (int t = 0; t < steps; t++) {
			if (scenario == Scenario.PSI_DRIFT) {
				c = Math.min(0.98, Math.max(0.02, c + 0.02 * walk.nextGaussian()));
				d = Math.min(0.98, Math.max(0.02, d + 0.02 * walk.nextGaussian()));
			}
			coherence[t] = c;
			density[t] = d;
		}
		this.shifted = scenario == Scenario.SHIFT ? oftenBest(market, 1)
				: scenario == Scenario.IMPROVE ? oftenBest(market, -1) : -1;
	}

	int steps() {
		return steps;
	}

	/** The step at which the market shifts, or -1. */
	int shiftStep() {
		return shifted < 0 ? -1 : steps / 2;
	}

	/** The index of the offering that degrades or improves, or -1. */
	int shiftedOffering() {
		return shifted;
	}

	Request request(int step) {
		SplittableRandom random = new SplittableRandom(seed * 1_000_003L + step);
		String region = Market.REGIONS.get(pick(REGION_WEIGHTS, random));
		int cpu = CPUS[pick(CPU_WEIGHTS, random)];
		int memory = cpu * (2 << random.nextInt(3));
		int budget = BUDGETS[random.nextInt(BUDGETS.length)];
		List<Integer> all = new ArrayList<>();
		for (int i = 0; i < catalogue.size(); i++) {
			all.add(i);
		}
		int k = 2 + random.nextInt(4);
		for (int i = 0; i < k; i++) {
			Collections.swap(all, i, i + random.nextInt(all.size() - i));
		}
		return new Request(region, cpu, memory, budget, coherence[step], density[step], List.copyOf(all.subList(0, k)));
	}

	/** The offering at catalogue index {@code index} as it is at {@code step}. */
	Offering offering(int index, int step) {
		Offering o = catalogue.get(index);
		if (index != shifted || step < steps / 2) {
			return o;
		}
		return scenario == Scenario.IMPROVE ? o.improved() : o.degraded();
	}

	/** How often each offering is the best of a request's candidates, over 2,000 requests of another seed. */
	int[] wins(Market market, UnaryOperator<Offering> change, int changed) {
		int[] wins = new int[catalogue.size()];
		Workload probe = new Workload(Scenario.STATIONARY, seed + 17, 2000, market);
		for (int t = 0; t < probe.steps(); t++) {
			Request r = probe.request(t);
			int best = -1;
			double value = Double.NEGATIVE_INFINITY;
			for (int i : r.candidates()) {
				Offering o = catalogue.get(i);
				double v = market.expectedReward(r, i == changed ? change.apply(o) : o);
				if (v > value) {
					value = v;
					best = i;
				}
			}
			wins[best]++;
		}
		return wins;
	}

	/**
	 * The offering most often best ({@code sign} 1) or least often ({@code sign} -1), the first of
	 * equals; {@link #wins} counts.
	 */
	private int oftenBest(Market market, int sign) {
		int[] wins = wins(market, UnaryOperator.identity(), -1);
		int found = 0;
		for (int i = 1; i < wins.length; i++) {
			found = sign * (wins[i] - wins[found]) > 0 ? i : found;
		}
		return found;
	}

	private static int pick(double[] weights, SplittableRandom random) {
		double u = random.nextDouble();
		for (int i = 0; i < weights.length - 1; i++) {
			u -= weights[i];
			if (u < 0) {
				return i;
			}
		}
		return weights.length - 1;
	}

	Scenario scenario() {
		return scenario;
	}

}
