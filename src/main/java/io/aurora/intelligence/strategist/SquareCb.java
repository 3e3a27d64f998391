package io.aurora.intelligence.strategist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * SquareCB ({@code squarecb}): a contextual bandit that generalises across states. Online ridge
 * regressors predict the reward of each candidate — and, separately, its latency, cost and
 * reliability scores — from the context features crossed with the action identity (a shared model of
 * the context pooled over every candidate, and one model per provider/sku shrunk toward it); the
 * choice maximises the reward, or a caller's weighting of the objectives, with inverse-gap weighting, {@code p(a) = 1/(K + γ·(ŷ* − ŷ(a)))}
 * for every non-greedy candidate, with γ growing as √(updates) up to a cap. Every choice has a
 * well-defined propensity, and forgetting lets the model follow a market that shifts.
 */
public final class SquareCb implements Policy {

	static final int MAX_REGIONS = ContextVector.MAX_REGIONS;

	static final int DIMENSION = ContextVector.DIMENSION;

	private final double gamma0;

	private final double gammaMax;

	private final double forgetting;

	private final double ridge;

	private final int maxActions;

	private final RewardHead reward;

	private final Map<String, RewardHead> objectives = new LinkedHashMap<>();

	/**
	 * Learned risks: latency, learned as {@code ln(1 + ms)} so that one absurd report cannot drag every
	 * candidate's estimate (and the estimate is the typical latency, a geometric mean), and SLO hits.
	 */
	private final Map<String, RewardHead> risks = new LinkedHashMap<>();

	static final List<String> RISKS = List.of("latency_ms", "slo");

	/** Learning steps a region must go unlearned before a new region may take its slot. */
	static final long REGION_IDLE_UPDATES = 10_000;

	private final RegionSlots regions = new RegionSlots(MAX_REGIONS, REGION_IDLE_UPDATES);

	private final AtomicLong updates = new AtomicLong();

	/** The updates behind the published model, from which choices take γ. */
	private volatile long publishedUpdates;

	/**
	 * Creates an empty model.
	 * @param gamma0 exploration scale: γ = min(gammaMax, gamma0·√(1 + updates))
	 * @param gammaMax cap on γ, which keeps some exploration for a market that shifts
	 * @param forgetting weight kept by past observations at each new one, in (0, 1]
	 * @param ridge L2 regularisation
	 */
	public SquareCb(double gamma0, double gammaMax, double forgetting, double ridge) {
		this(gamma0, gammaMax, forgetting, ridge, LearnedOrder.DEFAULT_MAX_ACTIONS);
	}

	/**
	 * Creates an empty model that keeps candidate models for at most {@code maxActions} candidates, the
	 * most recently learned; a forgotten candidate is predicted by the shared model until learned again.
	 */
	public SquareCb(double gamma0, double gammaMax, double forgetting, double ridge, int maxActions) {
		if (!(gamma0 > 0 && gammaMax >= gamma0 && forgetting > 0 && forgetting <= 1 && ridge > 0)) {
			throw new IllegalArgumentException("need gamma0 > 0, gammaMax >= gamma0, forgetting in (0, 1], ridge > 0");
		}
		this.gamma0 = gamma0;
		this.gammaMax = gammaMax;
		this.forgetting = forgetting;
		this.ridge = ridge;
		this.maxActions = maxActions;
		this.reward = new RewardHead(forgetting, ridge, maxActions);
		for (String objective : Objectives.NAMES) {
			objectives.put(objective, new RewardHead(forgetting, ridge, maxActions));
		}
		for (String risk : RISKS) {
			risks.put(risk, new RewardHead(forgetting, ridge, maxActions));
		}
	}

	@Override
	public String name() {
		return "squarecb";
	}

	/** The current exploration scale γ. */
	double gamma() {
		return Math.min(gammaMax, gamma0 * Math.sqrt(1 + publishedUpdates));
	}

	@Override
	public Choice choose(Features features, List<Action> actions, RandomGenerator random) {
		SparseVector x = vector(features, false);
		double[] predicted = new double[actions.size()];
		for (int i = 0; i < predicted.length; i++) {
			predicted[i] = reward.predict(x, actions.get(i));
		}
		return InverseGapWeighting.choose(actions, predicted, gamma(), random);
	}

	@Override
	public Choice choose(Features features, List<Action> actions, Map<String, Double> weights, RandomGenerator random) {
		SparseVector x = vector(features, false);
		double[] predicted = new double[actions.size()];
		for (int i = 0; i < predicted.length; i++) {
			for (Map.Entry<String, Double> w : weights.entrySet()) {
				predicted[i] += w.getValue() * objectives.get(w.getKey()).predict(x, actions.get(i));
			}
		}
		return InverseGapWeighting.choose(actions, predicted, gamma(), random);
	}

	@Override
	public Map<String, Double> objectiveEstimates(Features features, Action action) {
		SparseVector x = vector(features, false);
		Map<String, Double> estimates = new LinkedHashMap<>();
		objectives.forEach((name, head) -> estimates.put(name, head.predict(x, action)));
		return estimates;
	}

	@Override
	public Map<String, Risk> risks(Features features, Action action) {
		SparseVector x = vector(features, false);
		SparseVector where = ContextVector.placement(x);
		Map<String, Risk> result = new LinkedHashMap<>();
		risks.forEach((name, head) -> {
			double estimate = head.predict(x, action);
			result.put(name, new Risk("latency_ms".equals(name) ? Math.expm1(estimate) : estimate, head.observations(action),
					head.ownShare(action, where)));
		});
		return result;
	}

	@Override
	public void learn(Transition t) {
		observe(t);
		refit();
	}

	@Override
	public void observe(Transition t) {
		SparseVector x = vector(t.features(), true);
		reward.observe(x, t.action(), t.reward());
		t.objectives().forEach((name, value) -> {
			RewardHead head = objectives.get(name);
			if (head != null) {
				head.observe(x, t.action(), value);
			}
			RewardHead risk = risks.get(name);
			if (risk != null) {
				risk.observe(x, t.action(), "latency_ms".equals(name) ? Math.log1p(Math.max(0, value)) : value);
			}
		});
		updates.incrementAndGet();
	}

	@Override
	public void prepare() {
		reward.prepare();
		objectives.values().forEach(RewardHead::prepare);
		risks.values().forEach(RewardHead::prepare);
	}

	@Override
	public void refit() {
		reward.refit();
		objectives.values().forEach(RewardHead::refit);
		risks.values().forEach(RewardHead::refit);
		regions.publish();
		publishedUpdates = updates.get();
	}

	/**
	 * 5: a router's refusal teaches the worst latency and cost scores (4 taught it nothing on them); as
	 * in 4, each candidate's models shrunk toward the shared one and aged on the shared clock (3 aged them
	 * only when their candidate was learned), latency risk learned on a log scale, idle regions' slots
	 * handed on to new regions once idle for more than {@link #REGION_IDLE_UPDATES} steps.
	 */
	@Override
	public int learningRules() {
		return 5;
	}

	/**
	 * Choices see an observation from the next refit only: it changes no published weight, and a
	 * candidate or region it learns first has zero weights until then, and a candidate forgotten at the
	 * cap keeps its published model until then too.
	 */
	@Override
	public boolean publishesOnObserve() {
		return false;
	}

	@Override
	public double estimate(Features features, Action action) {
		return reward.predict(vector(features, false), action);
	}

	/** The features as a sparse vector; learning gives a new region a slot, a decision reads the published ones. */
	SparseVector vector(Features f, boolean learning) {
		return ContextVector.of(f,
				learning ? regions.learn(f.region(), updates.get(), this::clearRegion) : regions.published(f.region()));
	}

	/** Clears a region slot in every head before another region takes it. */
	private void clearRegion(int slot) {
		int dimension = ContextVector.regionDimension(slot);
		reward.forget(dimension);
		objectives.values().forEach(head -> head.forget(dimension));
		risks.values().forEach(head -> head.forget(dimension));
	}

	@Override
	public Map<String, Object> exportState() {
		Map<String, Object> heads = new LinkedHashMap<>();
		objectives.forEach((name, head) -> heads.put(name, head.exportState()));
		risks.forEach((name, head) -> heads.put(name, head.exportState()));
		Map<String, Object> state = new LinkedHashMap<>(reward.exportState());
		state.put("updates", updates.get());
		state.put("regions", regions.slots());
		state.put("region_order", regions.oldestFirst());
		state.put("region_learned", regions.lastLearned());
		state.put("objectives", heads);
		return state;
	}

	@Override
	public void importState(Map<String, Object> state) {
		Map<String, Integer> slots = new LinkedHashMap<>();
		StateCodec.map(state, "regions").forEach((k, v) -> slots.put(k, v instanceof Number n ? n.intValue() : -1));
		long learnedUpdates = StateCodec.count(state, "updates", 0);
		List<String> order = state.get("region_order") instanceof List<?> list ? StateCodec.strings(list, "region_order")
				: List.of();
		Map<String, Long> learnedAt = new LinkedHashMap<>();
		if (state.containsKey("region_learned")) {
			Map<String, Object> learned = StateCodec.map(state, "region_learned");
			for (String region : learned.keySet()) {
				long step = StateCodec.count(learned, region, 0);
				if (step > learnedUpdates) {
					throw new IllegalArgumentException("model state needs a learning step within 'updates' in 'region_learned'");
				}
				learnedAt.put(region, step);
			}
		}
		regions.restore(slots, order, learnedAt, learnedUpdates);
		reward.importState(state);
		// Exports made before the objective (or risk) models existed have none: those start afresh.
		Map<String, Object> heads = state.containsKey("objectives") ? StateCodec.map(state, "objectives") : Map.of();
		for (String name : heads.keySet()) {
			if (!Objectives.NAMES.contains(name) && !RISKS.contains(name)) {
				throw new IllegalArgumentException("model state has a model '" + name + "' in 'objectives', which learns "
						+ String.join(", ", Objectives.NAMES) + ", " + String.join(" and ", RISKS));
			}
		}
		for (String name : Objectives.NAMES) {
			objectives.put(name, imported(heads, name));
		}
		for (String name : RISKS) {
			risks.put(name, imported(heads, name));
		}
		updates.set(learnedUpdates);
		publishedUpdates = learnedUpdates;
	}

	private RewardHead imported(Map<String, Object> heads, String name) {
		RewardHead head = new RewardHead(forgetting, ridge, maxActions);
		if (heads.containsKey(name)) {
			head.importState(StateCodec.map(heads, name));
		}
		return head;
	}

	@Override
	public ModelStats stats() {
		return new ModelStats(updates.get(), reward.actions(), (reward.actions() + 1) * DIMENSION, reward.forgotten());
	}

	@Override
	public Map<String, Object> parameters() {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("gamma0", gamma0);
		p.put("gamma_max", gammaMax);
		p.put("forgetting", forgetting);
		p.put("ridge", ridge);
		return p;
	}

}
