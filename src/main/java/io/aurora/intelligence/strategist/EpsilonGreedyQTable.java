package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * The seed's learner done right: tabular Q-learning with ε-greedy exploration over actions keyed by
 * provider and sku, ties broken at random, and the propensity of every choice reported. Reads are
 * lock-free on a concurrent map; updates are serialised so that replaying a log is deterministic.
 */
public final class EpsilonGreedyQTable implements Policy {

	private final double epsilon;

	private final double alpha;

	private final double gamma;

	private final Map<String, Map<Action, Double>> table = new ConcurrentHashMap<>();

	private final AtomicLong updates = new AtomicLong();

	private final AtomicInteger pairs = new AtomicInteger();

	private final Object writeLock = new Object();

	/** Creates an empty table; each parameter must lie in [0, 1]. */
	public EpsilonGreedyQTable(double epsilon, double alpha, double gamma) {
		this.epsilon = unit("epsilon", epsilon);
		this.alpha = unit("alpha", alpha);
		this.gamma = unit("gamma", gamma);
	}

	private static double unit(String name, double value) {
		if (!(value >= 0 && value <= 1)) {
			throw new IllegalArgumentException(name + " must be within [0, 1] but was " + value);
		}
		return value;
	}

	@Override
	public Choice choose(String state, List<Action> actions, RandomGenerator random) {
		int n = actions.size();
		if (n == 0) {
			throw new IllegalArgumentException("no actions to choose from");
		}
		Map<Action, Double> row = table.get(state);
		int[] greedy = new int[n];
		int ties = 0;
		double best = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			double v = valueIn(row, actions.get(i));
			if (v > best) {
				best = v;
				ties = 0;
				greedy[ties++] = i;
			}
			else if (v == best) {
				greedy[ties++] = i;
			}
		}
		boolean explored = random.nextDouble() < epsilon;
		int index;
		if (explored) {
			index = random.nextInt(n);
		}
		else {
			index = greedy[ties == 1 ? 0 : random.nextInt(ties)];
		}
		double value = valueIn(row, actions.get(index));
		double propensity = epsilon / n + (value == best ? (1 - epsilon) / ties : 0);
		return new Choice(index, actions.get(index), value, propensity, explored);
	}

	@Override
	public void learn(Transition t) {
		synchronized (writeLock) {
			Map<Action, Double> next = table.get(t.nextState());
			double maxNext = t.nextActions().isEmpty() ? 0 : Double.NEGATIVE_INFINITY;
			for (Action a : t.nextActions()) {
				maxNext = Math.max(maxNext, valueIn(next, a));
			}
			Map<Action, Double> row = table.computeIfAbsent(t.state(), s -> new ConcurrentHashMap<>());
			double old = valueIn(row, t.action());
			double updated = old + alpha * (t.reward() + gamma * maxNext - old);
			if (row.put(t.action(), updated) == null) {
				pairs.incrementAndGet();
			}
			updates.incrementAndGet();
		}
	}

	@Override
	public double value(String state, Action action) {
		return valueIn(table.get(state), action);
	}

	private static double valueIn(@Nullable Map<Action, Double> row, Action action) {
		if (row == null) {
			return 0;
		}
		Double v = row.get(action);
		return v == null ? 0 : v;
	}

	@Override
	public ModelStats stats() {
		return new ModelStats(updates.get(), table.size(), pairs.get());
	}

	@Override
	public double epsilon() {
		return epsilon;
	}

	/** The learning rate α. */
	public double alpha() {
		return alpha;
	}

	/** The discount factor γ. */
	public double gamma() {
		return gamma;
	}

}
