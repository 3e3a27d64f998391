package io.aurora.intelligence.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import io.aurora.intelligence.auditor.Outcome;
import io.aurora.intelligence.auditor.RewardFunction;

/**
 * The hidden market. Latency grows away from an offering's home region and for jobs beyond its
 * comfortable size; cost grows with price and job size; failures grow with load; the SLO is met when
 * the job ran within its latency budget without failures. Outcomes are scored by the service's own
 * {@link RewardFunction}, and expected rewards are estimated once per (context, offering) by Monte
 * Carlo with a fixed seed, so that regret is exact up to that estimate.
 */
final class Market {

	static final List<String> REGIONS = List.of("us-west", "us-east", "eu-west", "ap-south");

	static final List<Offering> CATALOGUE = List.of(
			new Offering("akash", "A8", 55, 0.9, 0.02, "us-west", 16),
			new Offering("akash", "A16", 60, 1.6, 0.02, "us-west", 32),
			new Offering("vast", "V4", 80, 0.5, 0.06, "us-east", 8),
			new Offering("vast", "V8", 85, 0.8, 0.05, "us-east", 16),
			new Offering("ionet", "H100", 45, 2.6, 0.03, "eu-west", 64),
			new Offering("ionet", "A100", 50, 1.9, 0.03, "eu-west", 32),
			new Offering("render", "R1", 70, 0.7, 0.04, "ap-south", 16),
			new Offering("render", "R2", 65, 1.2, 0.04, "ap-south", 32),
			new Offering("lambda", "L1", 40, 2.2, 0.01, "us-east", 32),
			new Offering("runpod", "P1", 75, 0.6, 0.08, "eu-west", 8),
			new Offering("runpod", "P2", 65, 1.0, 0.05, "us-west", 16),
			new Offering("coreweave", "C1", 45, 2.0, 0.01, "us-west", 64));

	private static final int SAMPLES = 2000;

	private static final int[] SIZES = { 8, 16, 32, 64 };

	private final Map<String, Double> expected = new ConcurrentHashMap<>();

	private final List<Offering> catalogue;

	/** The market of the published tables: {@link #CATALOGUE}. */
	Market() {
		this(CATALOGUE);
	}

	private Market(List<Offering> catalogue) {
		this.catalogue = catalogue;
	}

	/**
	 * A market of as many offerings as {@link #CATALOGUE}, drawn from {@code seed}: each with a home region, a size of 8
	 * to 64 cpu, a base latency of 40 to 90 ms and a failure rate of 1% to 8% drawn alike, and a price that grows with
	 * its size, within ±30%; named {@code m<i>/s<i>}.
	 */
	static Market drawn(long seed) {
		SplittableRandom random = new SplittableRandom(seed ^ 0x6D61726B6574L);
		List<Offering> offerings = new ArrayList<>();
		for (int i = 0; i < CATALOGUE.size(); i++) {
			int size = SIZES[random.nextInt(SIZES.length)];
			double price = round((0.2 + size / 32.0) * (0.7 + 0.6 * random.nextDouble()));
			offerings.add(new Offering("m" + i, "s" + i, 40 + random.nextInt(51), price,
					round(0.01 + 0.07 * random.nextDouble()), REGIONS.get(random.nextInt(REGIONS.size())), size));
		}
		return new Market(List.copyOf(offerings));
	}

	/** The offerings of this market, which requests offer by their position. */
	List<Offering> catalogue() {
		return catalogue;
	}

	/** Draws one outcome of running the request on an offering. */
	Outcome draw(Request r, Offering o, RandomGenerator random) {
		double load = (double) r.cpu() / o.comfortableCpu();
		double overload = Math.max(0, load - 0.5);
		double meanLatency = (o.latencyMs() + regionPenalty(r.region(), o.home())) * (1 + 1.5 * overload)
				* (1 + 0.1 * Math.max(0, r.memoryGb() / (8.0 * o.comfortableCpu()) - 1));
		double latency = meanLatency * Math.exp(0.25 * random.nextGaussian());
		double cost = o.pricePerHour() * r.cpu() / 16.0 * (0.9 + 0.2 * random.nextDouble());
		double p = Math.min(0.95, o.failureRate() * (1 + 2 * overload));
		int failures = 0;
		for (int i = 0; i < 3; i++) {
			failures += random.nextDouble() < p ? 1 : 0;
		}
		boolean slo = latency <= r.latencyBudgetMs() && failures == 0;
		return new Outcome(round(latency), round(cost), failures, slo);
	}

	/** The expected reward of running the request on an offering, by Monte Carlo with a fixed seed. */
	double expectedReward(Request r, Offering o) {
		String key = r.region() + '|' + r.cpu() + '|' + r.memoryGb() + '|' + r.latencyBudgetMs() + '|' + o;
		return expected.computeIfAbsent(key, k -> {
			SplittableRandom random = new SplittableRandom(k.hashCode());
			double sum = 0;
			for (int i = 0; i < SAMPLES; i++) {
				sum += RewardFunction.reward(draw(r, o, random)).total();
			}
			return sum / SAMPLES;
		});
	}

	private final Map<String, double[]> expectedObjectives = new ConcurrentHashMap<>();

	/** The expected latency, cost and reliability scores ({@code Objectives.NAMES} order), by Monte Carlo. */
	double[] expectedObjectives(Request r, Offering o) {
		String key = r.region() + '|' + r.cpu() + '|' + r.memoryGb() + '|' + r.latencyBudgetMs() + '|' + o;
		return expectedObjectives.computeIfAbsent(key, k -> {
			SplittableRandom random = new SplittableRandom(k.hashCode());
			double[] sum = new double[3];
			for (int i = 0; i < SAMPLES; i++) {
				double[] v = objectives(RewardFunction.reward(draw(r, o, random)).components());
				for (int j = 0; j < 3; j++) {
					sum[j] += v[j];
				}
			}
			for (int j = 0; j < 3; j++) {
				sum[j] /= SAMPLES;
			}
			return sum;
		});
	}

	/** An outcome's latency, cost and reliability scores, as the service's reward function splits them. */
	static double[] objectives(Map<String, Object> components) {
		Map<String, Double> split = RewardFunction.objectives(components);
		return new double[] { split.get("latency"), split.get("cost"), split.get("reliability") };
	}

	static double regionPenalty(String region, String home) {
		if (region.equals(home)) {
			return 0;
		}
		return region.startsWith("us-") && home.startsWith("us-") ? 35 : 90;
	}

	private static double round(double v) {
		return Math.round(v * 1000) / 1000.0;
	}

}
