package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;

/**
 * One logged learning step: with {@code features} the policy chose {@code actions[actionIndex]}
 * ({@code action}), earned {@code reward}, and the same task seen again at feedback time has
 * {@code next} features, where the same candidates were available. {@code objectives} holds the
 * outcome's per-objective scores where the outcome reported them.
 */
public record Transition(Features features, int actionIndex, Action action, double reward, Features next,
		List<Action> actions, Map<String, Double> objectives) {

	/** Copies the collections so a transition is immutable. */
	public Transition {
		actions = List.copyOf(actions);
		objectives = Map.copyOf(objectives);
	}

	/** A transition that carries the scalar reward only. */
	public Transition(Features features, int actionIndex, Action action, double reward, Features next, List<Action> actions) {
		this(features, actionIndex, action, reward, next, actions, Map.of());
	}

}
