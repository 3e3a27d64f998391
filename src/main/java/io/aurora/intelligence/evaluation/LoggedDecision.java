package io.aurora.intelligence.evaluation;

import java.util.List;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Features;

/**
 * One logged decision with its outcome: the features, the candidates offered, the one chosen, the
 * probability the logging policy had of choosing it, and the reward it earned.
 */
public record LoggedDecision(Features features, List<Action> actions, int chosen, double propensity, double reward) {

	/** Copies the candidates. */
	public LoggedDecision {
		actions = List.copyOf(actions);
	}

}
