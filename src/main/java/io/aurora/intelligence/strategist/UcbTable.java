package io.aurora.intelligence.strategist;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * A confidence-based tabular policy ({@code ucb}): UCB1 per state over the mean observed reward,
 * {@code mean + c·sqrt(ln N / n)}, trying untried candidates first. The choice is deterministic up to
 * random tie-breaking, so its propensity is one over the number of tied candidates. A state keeps
 * statistics for at most {@code maxActions} candidates and the table at most {@code maxPairs} in all;
 * beyond them the least recently learned candidate of the state, or state, is forgotten.
 */
public final class UcbTable implements Policy {

	private final double c;

	private final Map<String, LearnedRow<Stat>> table = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> visits = new ConcurrentHashMap<>();

	private final AtomicLong updates = new AtomicLong();

	private final AtomicInteger pairs = new AtomicInteger();

	private final AtomicLong forgotten = new AtomicLong();

	private final LearnedOrder<String> learned = new LearnedOrder<>();

	private final int maxActions;

	private final int maxPairs;

	/** Creates an empty table with exploration constant {@code c} (rewards span [-1, 1]) and the default caps. */
	public UcbTable(double c) {
		this(c, LearnedOrder.DEFAULT_MAX_ACTIONS, LearnedOrder.DEFAULT_MAX_PAIRS);
	}

	/** Creates an empty table of at most {@code maxActions} candidates per state and {@code maxPairs} in all. */
	public UcbTable(double c, int maxActions, int maxPairs) {
		if (!(c >= 0)) {
			throw new IllegalArgumentException("c must be non-negative");
		}
		this.c = c;
		this.maxActions = LearnedOrder.positive("the cap on learned candidates", maxActions);
		this.maxPairs = LearnedOrder.positive("the cap on learned values", maxPairs);
	}

	@Override
	public String name() {
		return "ucb";
	}

	@Override
	public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
		String key = features.key();
		LearnedRow<Stat> row = table.get(key);
		AtomicLong n = visits.get(key);
		double logN = Math.log(Math.max(1, n == null ? 1 : n.get()));
		int size = actions.size();
		double[] scores = new double[size];
		double[] means = new double[size];
		double bestMean = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < size; i++) {
			Stat s = row == null ? null : row.get(actions.get(i));
			scores[i] = s == null ? Double.POSITIVE_INFINITY : s.mean + c * Math.sqrt(logN / s.count);
			means[i] = s == null ? Double.NEGATIVE_INFINITY : s.mean;
			bestMean = Math.max(bestMean, means[i]);
		}
		Choice greedy = Tabular.epsilonGreedy(actions, scores, 0, random);
		int i = greedy.index();
		boolean explored = means[i] < bestMean || means[i] == Double.NEGATIVE_INFINITY;
		return new Choice(i, greedy.action(), explored && means[i] == Double.NEGATIVE_INFINITY ? 0 : means[i],
				greedy.propensity(), explored);
	}

	@Override
	public void learn(Transition t) {
		String key = t.features().key();
		LearnedRow<Stat> row = table.computeIfAbsent(key, k -> new LearnedRow<>());
		Stat old = row.get(t.action());
		Stat updated = old == null ? new Stat(1, t.reward()) : new Stat(old.count + 1, old.mean + (t.reward() - old.mean) / (old.count + 1));
		int before = row.size();
		if (row.learn(t.action(), updated, maxActions)) {
			forgotten.incrementAndGet();
		}
		pairs.addAndGet(row.size() - before);
		visits.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
		updates.incrementAndGet();
		forgetBeyondCap(key);
	}

	/** Forgets the least recently learned states, other than the one just learned, while over the cap. */
	private void forgetBeyondCap(String justLearned) {
		learned.learnedThenForget(justLearned, () -> pairs.get() > maxPairs, state -> {
			forgotten.incrementAndGet();
			visits.remove(state);
			LearnedRow<Stat> row = table.remove(state);
			if (row != null) {
				pairs.addAndGet(-row.size());
			}
		});
	}

	@Override
	public double estimate(Features features, Action action) {
		LearnedRow<Stat> row = table.get(features.key());
		@Nullable Stat s = row == null ? null : row.get(action);
		return s == null ? 0 : s.mean;
	}

	@Override
	public ModelStats stats() {
		return new ModelStats(updates.get(), table.size(), pairs.get(), forgotten.get());
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of("c", c);
	}

	@Override
	public Map<String, Object> exportState() {
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		for (String state : learned.oldestFirst()) {
			rows.add(Map.of("state", state, "visits", visits.get(state).get(), "stats", table.get(state).oldestFirst()
				.stream()
				.map(e -> StateCodec.action(e.getKey(), Map.of("count", e.getValue().count(), "mean", e.getValue().mean())))
				.toList()));
		}
		return Map.of("updates", updates.get(), "rows", rows);
	}

	@Override
	public void importState(Map<String, Object> state) {
		table.clear();
		visits.clear();
		learned.clear();
		pairs.set(0);
		Set<String> states = new HashSet<>();
		for (Map<String, Object> r : StateCodec.list(state, "rows")) {
			LearnedRow<Stat> row = new LearnedRow<>();
			long rowVisits = StateCodec.count(r, "visits", 0);
			List<Map<String, Object>> stats = StateCodec.list(r, "stats");
			if (stats.isEmpty()) {
				// An export holds no such row; empty rows would escape the cap on learned values.
				throw new IllegalArgumentException("model state has a state with no learned values");
			}
			Set<Action> seen = new HashSet<>();
			for (Map<String, Object> s : stats) {
				long count = StateCodec.count(s, "count", 1);
				if (count > rowVisits) {
					throw new IllegalArgumentException("model state has a candidate tried more often than its state was visited");
				}
				if (row.learn(StateCodec.action(s, seen, "stats"), new Stat(count, StateCodec.reward(s, "mean")), maxActions)) {
					forgotten.incrementAndGet();
				}
			}
			String key = StateCodec.state(r, states);
			table.put(key, row);
			pairs.addAndGet(row.size());
			visits.put(key, new AtomicLong(rowVisits));
			forgetBeyondCap(key);
		}
		updates.set(StateCodec.count(state, "updates", 0));
	}

	/** Count and mean reward of one state-action pair; replaced, never mutated. */
	private record Stat(long count, double mean) {
	}

}
