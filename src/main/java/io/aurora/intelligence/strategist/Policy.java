package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The one interface every learner sits behind: choose among candidates given the request's features
 * and a random source, and learn from a logged transition. Implementations are plain Java; choosing
 * may run concurrently with anything, while {@link #learn} calls are serialised by the caller and
 * must be deterministic, so that replaying the feedback log rebuilds the same model.
 */
public interface Policy {

	/** The name used in configuration ({@code AURORA_POLICY}) and reported by {@code /status}. */
	String name();

	/** Chooses one of {@code actions} (non-empty, distinct), reporting its propensity and whether it explored. */
	Choice choose(Features features, List<Action> actions, RandomGenerator random);

	/**
	 * Chooses by a caller's weighting of the objectives ({@link Objectives#NAMES}, normalised).
	 * @throws ObjectivesUnsupportedException when the policy learns the scalar reward only
	 */
	default Choice choose(Features features, List<Action> actions, Map<String, Double> weights, RandomGenerator random) {
		throw new ObjectivesUnsupportedException(name() + " learns one scalar reward; per-request objectives need squarecb");
	}

	/** The policy's per-objective estimates for a candidate; empty when it learns the scalar reward only. */
	default Map<String, Double> objectiveEstimates(Features features, Action action) {
		return Map.of();
	}

	/**
	 * Learned risk of a candidate: its typical latency in milliseconds and SLO-hit rate, with how
	 * many observations of it back them; empty when the policy does not learn them.
	 */
	default Map<String, Risk> risks(Features features, Action action) {
		return Map.of();
	}

	/**
	 * A learned risk estimate, the observations behind it, and the share of the estimate for this
	 * context that is the candidate's own outcomes rather than other candidates' (near 1 when they are
	 * many and recent in every feature of the context, 0 in one it was never seen in).
	 */
	record Risk(double estimate, long observations, double ownShare) {
	}

	/** Applies one learning step; callers apply transitions one at a time, in the feedback log's order. */
	void learn(Transition transition);

	/**
	 * Learns again from a transition already learned, as experience replay does: a learning step that
	 * is not a new visit of its state (so, for {@code q-table}, it does not decay the state's ε).
	 */
	default void relearn(Transition transition) {
		learn(transition);
	}

	/**
	 * Applies one learning step that choices may not see until {@link #refit}, so a batch of
	 * transitions can share one solve. Observing a batch and then refitting gives the same model as
	 * learning each transition in turn.
	 */
	default void observe(Transition transition) {
		learn(transition);
	}

	/**
	 * Does the work of publishing what {@link #observe} has learned (solving) without publishing it, so
	 * that the {@link #refit} after it only publishes and is quick.
	 */
	default void prepare() {
	}

	/** Solves and publishes the learning steps {@link #observe} has applied. */
	default void refit() {
	}

	/**
	 * The version of how this policy turns the feedback log into a model. Raising it when a change would
	 * make the same log teach a different model keeps old snapshots from being restored into the new
	 * rules (they are replayed from the log instead) and old exports from being imported. 2, every
	 * policy: reliability only from reported fields, replays not counted as visits.
	 */
	default int learningRules() {
		return 2;
	}

	/**
	 * Whether choices see each {@link #observe} at once, as a tabular policy's do, rather than from the
	 * next {@link #refit}.
	 */
	default boolean publishesOnObserve() {
		return true;
	}

	/** The policy's current estimate of the reward of {@code action} for these features. */
	double estimate(Features features, Action action);

	/** Size and progress of the model. */
	ModelStats stats();

	/** The policy's hyper-parameters, for {@code /status} and exports. */
	Map<String, Object> parameters();

	/** The learned state as plain JSON-ready values: what snapshots and {@code GET /model} carry. */
	default Map<String, Object> exportState() {
		throw new UnsupportedOperationException(name() + " has no state to export");
	}

	/** Replaces the learned state with one exported by a policy of the same kind. */
	default void importState(Map<String, Object> state) {
		throw new UnsupportedOperationException(name() + " cannot import state");
	}

}
