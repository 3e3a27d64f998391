package io.aurora.intelligence.strategist;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * The seed's learner done right ({@code q-table}): tabular Q-learning with ε-greedy exploration over
 * actions keyed by provider and sku, ties broken at random, the propensity of every choice reported,
 * and ε decaying with the visits to a state: {@code max(EPSILON_MIN, EPSILON · EPSILON_DECAY^visits)}.
 * States are {@link Features#key()}, so Ψ splits a state at most three ways. A state keeps values
 * for at most {@code maxActions} candidates and the table at most {@code maxPairs} values in all;
 * beyond them the least recently learned candidate of the state, or state, is forgotten.
 * <p>
 * The next state is the decision's own context with the Ψ reading that followed, which the choice does
 * not steer, so {@code Q(s, a) = R(s, a) + C(s)}: the candidate's expected reward plus the state's
 * discounted continuation {@code γ·max Q(s')}, shared by its candidates. Both are learned apart, R as
 * the mean of the candidate's rewards until it has {@code 1/ALPHA} of them and then at rate α, C at
 * rate α; as long as the next state does not depend on the choice, the fixed point is Q-learning's, but a
 * better candidate overtakes the incumbent as soon as its rewards say so, instead of after its value has
 * climbed to the incumbent's {@code 1/(1 − γ)} scale.
 */
public final class EpsilonGreedyQTable implements Policy {

	private final double epsilon;

	private final double alpha;

	private final double gamma;

	private final double decay;

	private final double minEpsilon;

	private final Map<String, Row> table = new ConcurrentHashMap<>();

	private final AtomicLong updates = new AtomicLong();

	private final AtomicInteger pairs = new AtomicInteger();

	private final AtomicLong forgotten = new AtomicLong();

	private final LearnedOrder<String> learned = new LearnedOrder<>();

	private final int maxActions;

	private final int maxPairs;

	/**
	 * Creates an empty table of at most {@code maxActions} candidates per state and {@code maxPairs}
	 * values in all; every other parameter must lie in [0, 1].
	 */
	public EpsilonGreedyQTable(double epsilon, double alpha, double gamma, double decay, double minEpsilon,
			int maxActions, int maxPairs) {
		this.maxActions = LearnedOrder.positive("the cap on learned candidates", maxActions);
		this.maxPairs = LearnedOrder.positive("the cap on learned values", maxPairs);
		this.epsilon = Tabular.unit("epsilon", epsilon);
		this.alpha = Tabular.unit("alpha", alpha);
		this.gamma = Tabular.unit("gamma", gamma);
		this.decay = Tabular.unit("epsilon decay", decay);
		this.minEpsilon = Tabular.unit("epsilon min", minEpsilon);
	}

	/** A table with the default caps; every parameter must lie in [0, 1]. */
	public EpsilonGreedyQTable(double epsilon, double alpha, double gamma, double decay, double minEpsilon) {
		this(epsilon, alpha, gamma, decay, minEpsilon, LearnedOrder.DEFAULT_MAX_ACTIONS, LearnedOrder.DEFAULT_MAX_PAIRS);
	}

	/** The seed's plain ε-greedy: no decay, the default caps. */
	public EpsilonGreedyQTable(double epsilon, double alpha, double gamma) {
		this(epsilon, alpha, gamma, 1, 0);
	}

	@Override
	public String name() {
		return "q-table";
	}

	@Override
	public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
		Row row = table.get(features.key());
		int n = actions.size();
		double[] values = new double[n];
		// One read of the shared continuation, so that a concurrent update cannot reorder the candidates.
		double continuation = row == null ? 0 : row.continuation;
		for (int i = 0; i < n; i++) {
			values[i] = rewardIn(row, actions.get(i)) + continuation;
		}
		double eps = epsilonIn(row);
		return Tabular.epsilonGreedy(actions, values, eps, random);
	}

	/** The exploration rate in a state after its visits. */
	double epsilonIn(@Nullable Row row) {
		if (row == null || decay == 1) {
			return epsilon;
		}
		return Math.max(minEpsilon, epsilon * Math.pow(decay, row.visits));
	}

	@Override
	public void learn(Transition t) {
		update(t, 1).visits++;
	}

	/**
	 * Replays update the value but are no new visit and no new reward: ε decays, and a candidate's first
	 * 1/α rewards are averaged, with the state's own feedback only.
	 */
	@Override
	public void relearn(Transition t) {
		update(t, 0);
	}

	private Row update(Transition t, int newRewards) {
		Row next = table.get(t.next().key());
		double maxNext = t.actions().isEmpty() ? 0 : Double.NEGATIVE_INFINITY;
		for (Action a : t.actions()) {
			maxNext = Math.max(maxNext, valueIn(next, a));
		}
		Row row = table.computeIfAbsent(t.features().key(), s -> new Row());
		row.continuation += alpha * (gamma * maxNext - row.continuation);
		Value old = row.values.get(t.action());
		long count = old == null ? 1 : old.count() + newRewards;
		double reward = old == null ? 0 : old.reward();
		reward += Math.max(alpha, 1.0 / count) * (t.reward() - reward);
		int before = row.values.size();
		if (row.values.learn(t.action(), new Value(reward, count), maxActions)) {
			forgotten.incrementAndGet();
		}
		pairs.addAndGet(row.values.size() - before);
		updates.incrementAndGet();
		forgetBeyondCap(t.features().key());
		return row;
	}

	/** Forgets the least recently learned states, other than the one just learned, while over the cap. */
	private void forgetBeyondCap(String justLearned) {
		learned.learnedThenForget(justLearned, () -> pairs.get() > maxPairs, state -> {
			forgotten.incrementAndGet();
			Row row = table.remove(state);
			if (row != null) {
				pairs.addAndGet(-row.values.size());
			}
		});
	}

	@Override
	public double estimate(Features features, Action action) {
		return valueIn(table.get(features.key()), action);
	}

	private static double valueIn(@Nullable Row row, Action action) {
		return row == null ? 0 : rewardIn(row, action) + row.continuation;
	}

	private static double rewardIn(@Nullable Row row, Action action) {
		Value v = row == null ? null : row.values.get(action);
		return v == null ? 0 : v.reward();
	}

	@Override
	public ModelStats stats() {
		return new ModelStats(updates.get(), table.size(), pairs.get(), forgotten.get());
	}

	/** 3: a candidate's expected reward and its state's continuation learned apart, rewards averaged at first. */
	@Override
	public int learningRules() {
		return 3;
	}

	@Override
	public Map<String, Object> parameters() {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("epsilon", epsilon);
		p.put("alpha", alpha);
		p.put("gamma", gamma);
		p.put("epsilon_decay", decay);
		p.put("epsilon_min", minEpsilon);
		return p;
	}

	@Override
	public Map<String, Object> exportState() {
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		for (String state : learned.oldestFirst()) {
			Row row = table.get(state);
			rows.add(Map.of("state", state, "visits", row.visits, "continuation", row.continuation, "values",
					row.values.oldestFirst().stream()
						.map(e -> StateCodec.action(e.getKey(),
								Map.of("reward", e.getValue().reward(), "count", e.getValue().count())))
						.toList()));
		}
		return Map.of("updates", updates.get(), "rows", rows);
	}

	@Override
	public void importState(Map<String, Object> state) {
		table.clear();
		learned.clear();
		pairs.set(0);
		Set<String> states = new HashSet<>();
		for (Map<String, Object> r : StateCodec.list(state, "rows")) {
			Row row = new Row();
			row.visits = StateCodec.count(r, "visits", 0);
			// Not bounded by this table's γ: a model learned at another γ keeps values on that scale.
			row.continuation = StateCodec.value(r, "continuation");
			List<Map<String, Object>> values = StateCodec.list(r, "values");
			if (values.isEmpty()) {
				// An export holds no such row; empty rows would escape the cap on learned values.
				throw new IllegalArgumentException("model state has a state with no learned values");
			}
			Set<Action> seen = new HashSet<>();
			for (Map<String, Object> v : values) {
				Value value = new Value(StateCodec.reward(v, "reward"), StateCodec.count(v, "count", 1));
				if (row.values.learn(StateCodec.action(v, seen, "values"), value, maxActions)) {
					forgotten.incrementAndGet();
				}
			}
			String key = StateCodec.state(r, states);
			table.put(key, row);
			pairs.addAndGet(row.values.size());
			forgetBeyondCap(key);
		}
		updates.set(StateCodec.count(state, "updates", 0));
	}

	/** One state's candidates' learned rewards, its continuation and the feedback it has seen. */
	static final class Row {

		final LearnedRow<Value> values = new LearnedRow<>();

		volatile double continuation;

		volatile long visits;

	}

	/** A candidate's expected reward in a state and the number of rewards it was learned from. */
	record Value(double reward, long count) {
	}

}
