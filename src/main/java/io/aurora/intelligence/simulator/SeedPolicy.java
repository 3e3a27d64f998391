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
 * The original service's algorithm, reproduced faithfully as a baseline: tabular Q-learning keyed by
 * the seed's state (Ψ rounded to 0.1) and by the candidate's position in the list, ε-greedy with ties
 * going to the first position, and the update bootstrapping from the placeholder next state
 * {@code {"region": "global"}}, which no decision ever visits.
 */
final class SeedPolicy implements Policy {

	private final double epsilon;

	private final double alpha;

	private final double gamma;

	private final Map<String, Map<Integer, Double>> q = new HashMap<>();

	private long updates;

	SeedPolicy(double epsilon, double alpha, double gamma) {
		this.epsilon = epsilon;
		this.alpha = alpha;
		this.gamma = gamma;
	}

	@Override
	public String name() {
		return "seed";
	}

	@Override
	public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
		Map<Integer, Double> row = q.getOrDefault(features.seedKey(), Map.of());
		int n = actions.size();
		int best = 0;
		for (int i = 1; i < n; i++) {
			if (row.getOrDefault(i, 0.0) > row.getOrDefault(best, 0.0)) {
				best = i;
			}
		}
		boolean explore = random.nextDouble() < epsilon;
		int index = explore ? random.nextInt(n) : best;
		double propensity = epsilon / n + (index == best ? 1 - epsilon : 0);
		return new Choice(index, actions.get(index), row.getOrDefault(index, 0.0), propensity, index != best);
	}

	@Override
	public void learn(Transition t) {
		Features placeholder = new Features("global", 4, 16, 100, t.next().coherence(), t.next().density());
		double maxNext = q.getOrDefault(placeholder.seedKey(), Map.of()).values().stream()
			.mapToDouble(Double::doubleValue).max().orElse(0);
		Map<Integer, Double> row = q.computeIfAbsent(t.features().seedKey(), s -> new HashMap<>());
		double old = row.getOrDefault(t.actionIndex(), 0.0);
		row.put(t.actionIndex(), old + alpha * (t.reward() + gamma * maxNext - old));
		updates++;
	}

	@Override
	public double estimate(Features features, Action action) {
		return 0;
	}

	@Override
	public ModelStats stats() {
		return new ModelStats(updates, q.size(), q.values().stream().mapToInt(Map::size).sum());
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of("epsilon", epsilon, "alpha", alpha, "gamma", gamma);
	}

}
