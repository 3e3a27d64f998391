package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The one interface every learner sits behind: choose among candidates in a state with a given
 * random source, and learn from a logged transition. Implementations are plain Java and must apply
 * {@link #learn} deterministically, so that replaying the feedback log rebuilds the same model.
 */
public interface Policy {

	/** Chooses one of {@code actions} (non-empty, distinct) in {@code state}. */
	Choice choose(String state, List<Action> actions, RandomGenerator random);

	/** Applies one learning update; callers apply transitions in the feedback log's order. */
	void learn(Transition transition);

	/** The policy's current estimate of {@code action}'s value in {@code state}. */
	double value(String state, Action action);

	/** Size and progress of the model. */
	ModelStats stats();

	/** The current exploration rate. */
	double epsilon();

}
