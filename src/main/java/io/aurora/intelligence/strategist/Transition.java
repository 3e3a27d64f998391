package io.aurora.intelligence.strategist;

import java.util.List;

/**
 * One logged learning step: in {@code state} the policy took {@code action}, earned {@code reward},
 * and the task's context seen again at feedback time is {@code nextState}, where
 * {@code nextActions} (the decision's candidates) were available.
 */
public record Transition(String state, Action action, double reward, String nextState, List<Action> nextActions) {

	/** Copies the action list so a transition is immutable. */
	public Transition {
		nextActions = List.copyOf(nextActions);
	}

}
