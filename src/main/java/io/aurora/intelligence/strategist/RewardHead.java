package io.aurora.intelligence.strategist;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One learned quantity of SquareCB (the scalar reward, or one objective): a shared ridge regression
 * on the context features, pooled over every candidate, and one ridge regression per provider/sku on
 * that candidate's own outcomes, whose penalty pulls its weights toward the shared model's instead of
 * toward zero (a hierarchical model). A candidate never seen is predicted by the shared model; one seen
 * a few times, close to it; one seen often, by its own outcomes, whatever the others' do to the shared
 * model. A candidate's outcomes age at each observation of its own and, more slowly, with the head's
 * clock (one step per observation of any candidate; applied when it is learned and at the latest every
 * {@link #agingInterval} steps, at a step of its own): a candidate not chosen for long drifts back to the shared model, so a
 * market-wide shift reaches it and it is explored again. At most {@code maxActions} candidate models are kept; learning another
 * forgets the least recently learned one. Predictions read the models published by the last
 * {@link #refit}, so a candidate learned or forgotten since then changes nothing a decision sees until
 * the next one.
 */
final class RewardHead {

	private final double forgetting;

	private final double ridge;

	private final RidgeRegression shared;

	private final LearnedRow<RidgeRegression> perAction = new LearnedRow<>();

	/** The candidate models predictions read: {@link #perAction} as of the last refit. */
	private volatile Map<Action, RidgeRegression> published = Map.of();


	/** Whether a candidate model was added or forgotten since the last refit; for the learner only. */
	private boolean membershipChanged;

	private final int maxActions;

	/** Written only by learning, which is serialised; volatile for readers of {@link #forgotten()}. */
	private volatile long forgottenCount;

	/** Steps between the agings of every candidate model: those in which clock aging halves a weight, or 0. */
	private final long agingInterval;

	/**
	 * How many steps of the head's clock forget as much of a candidate's outcomes as one observation of
	 * its own: 10, so that at 0.995 an unchosen candidate's outcomes lose half their weight in about
	 * 1,380 steps. Aging at the clock's own rate (1) re-explored every unchosen candidate within a
	 * couple of hundred steps and more than doubled the simulator's regret; not aging at all (learning
	 * rules 3) left a candidate wrongly believed bad unexplored for some 90,000 steps after a shift.
	 */
	static final double CLOCK_RATIO = 10;

	/** What a candidate model keeps of its observations at each step of the head's clock. */
	private final double clockForgetting;

	RewardHead(double forgetting, double ridge, int maxActions) {
		this.forgetting = forgetting;
		this.ridge = ridge;
		this.maxActions = LearnedOrder.positive("the cap on learned candidates", maxActions);
		this.shared = new RidgeRegression(SquareCb.DIMENSION, forgetting, ridge);
		this.clockForgetting = StrictMath.pow(forgetting, 1 / CLOCK_RATIO);
		this.agingInterval = agingInterval(clockForgetting);
	}

	/**
	 * How often every candidate model is aged to the head's clock: after as many steps as halve an
	 * observation's weight at {@code forgetting} per step (1,380 at 0.995^(1/10)), at least every step,
	 * never without forgetting. Aging re-solves each model, so doing it at every step would cost a solve
	 * per candidate per step.
	 */
	static long agingInterval(double forgetting) {
		return forgetting == 1 ? 0 : Math.max(1, (long) Math.floor(StrictMath.log(0.5) / StrictMath.log(forgetting)));
	}

	double predict(SparseVector x, Action action) {
		RidgeRegression model = published.get(action);
		double[] prior = shared.weights();
		return model == null ? x.dot(prior) : model.predictShrunkToward(x, prior);
	}

	/**
	 * Learns one observation without publishing it: the shared model and the candidate's own both learn
	 * the target, so a batch observed and then refitted equals the same observations learned one by one.
	 */
	void observe(SparseVector x, Action action, double target) {
		long step = shared.learned();
		shared.observe(x, target);
		RidgeRegression model = perAction.get(action);
		if (model == null) {
			model = RidgeRegression.shrinkable(SquareCb.DIMENSION, forgetting, ridge, clockForgetting);
			membershipChanged = true;
		}
		model.observeAt(step, x, target);
		learned(action, model);
		if (agingInterval > 0) {
			if ((step + 1) % agingInterval == 0) {
				shared.dropNegligible();
			}
			long slots = Math.min(AGING_SLOTS, agingInterval);
			long slotLength = agingInterval / slots;
			if ((step + 1) % slotLength == 0) {
				long slot = (step + 1) / slotLength % slots;
				perAction.forEach((candidate, m) -> {
					if (agingSlot(candidate, slots) == slot) {
						m.ageTo(step);
						m.dropNegligible();
					}
				});
			}
		}
	}

	/**
	 * In how many turns the candidate models are aged within each {@link #agingInterval}: one group at a
	 * time, so that a step re-solves about a 64th of them instead of every one at once (with 512
	 * candidates that held the store's writer thread for 20–40 ms), and the other steps look at none.
	 */
	static final long AGING_SLOTS = 64;

	/**
	 * Which of {@code slots} turns ages {@code action}'s model: spread by the candidate's name, from
	 * specified string hashes only, so that every replica and every replay ages alike.
	 */
	static long agingSlot(Action action, long slots) {
		long h = 31L * action.provider().hashCode() + action.sku().hashCode();
		// SplitMix64's finaliser, so that names alike but for a suffix spread over the turns too.
		h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
		h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
		return Math.floorMod(h ^ (h >>> 31), slots);
	}

	/** Puts {@code model} in use as the most recently learned, forgetting the least recent one beyond the cap. */
	private void learned(Action action, RidgeRegression model) {
		if (perAction.learn(action, model, maxActions)) {
			forgottenCount++;
			membershipChanged = true;
		}
	}

	/** Forgets feature dimension {@code dim} in the shared and every candidate model, until the next refit unseen. */
	void forget(int dim) {
		shared.forget(dim);
		perAction.forEachValue(model -> model.forget(dim));
	}

	/** Solves what {@link #observe} has learned without publishing it, so that {@link #refit} only publishes. */
	void prepare() {
		shared.prepare();
		perAction.forEachValue(RidgeRegression::prepare);
	}

	/**
	 * Solves and publishes what {@link #observe} has learned, shared and candidate models together, and
	 * which candidates have a model.
	 */
	void refit() {
		shared.refit();
		perAction.forEachValue(RidgeRegression::refit);
		publishMembership();
	}

	private void publishMembership() {
		if (membershipChanged) {
			published = perAction.snapshot();
			membershipChanged = false;
		}
	}

	/** How many observations of this candidate the published model has learned from. */
	long observations(Action action) {
		RidgeRegression model = published.get(action);
		return model == null ? 0 : model.observations();
	}

	/**
	 * How much the candidate's own outcomes weigh in its published estimate for {@code x} against the
	 * shared model's pull ({@link RidgeRegression#ownShare(SparseVector)}): near 1 for a candidate learned
	 * often and lately in every feature of {@code x}, 0 in a context it was never seen in, falling toward
	 * 0 as forgetting ages its outcomes; 0 without a model.
	 */
	double ownShare(Action action, SparseVector x) {
		RidgeRegression model = published.get(action);
		return model == null ? 0 : model.ownShare(x);
	}

	int actions() {
		return perAction.size();
	}

	/** Candidates whose model was forgotten since this head was made. */
	long forgotten() {
		return forgottenCount;
	}

	Map<String, Object> exportState() {
		List<Map<String, Object>> actions = new ArrayList<>();
		for (Map.Entry<Action, RidgeRegression> a : perAction.oldestFirst()) {
			actions.add(StateCodec.action(a.getKey(), a.getValue().exportState()));
		}
		return Map.of("shared", shared.exportState(), "actions", actions);
	}

	void importState(Map<String, Object> state) {
		shared.importState(StateCodec.map(state, "shared"), 0);
		perAction.clear();
		Set<Action> seen = new HashSet<>();
		for (Map<String, Object> a : StateCodec.list(state, "actions")) {
			Action action = StateCodec.action(a, seen, "actions");
			RidgeRegression model = RidgeRegression.shrinkable(SquareCb.DIMENSION, forgetting, ridge, clockForgetting);
			model.importState(a, shared.learned());
			learned(action, model);
		}
		membershipChanged = true;
		publishMembership();
	}

}
