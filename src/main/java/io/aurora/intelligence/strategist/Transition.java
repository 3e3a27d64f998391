package io.aurora.intelligence.strategist;

import java.util.List;

/**
 * One logged learning step: with {@code features} the policy chose {@code actions[actionIndex]}
 * ({@code action}), earned {@code reward}, and the same task seen again at feedback time has
 * {@code next} features, where the same candidates were available.
 */
public record Transition(Features features, int actionIndex, Action action, double reward, Features next,
		List<Action> actions) {

	/** Copies the action list so a transition is immutable. */
	public Transition {
		actions = List.copyOf(actions);
	}

}
