package io.aurora.intelligence.evaluation;

import java.util.List;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Features;

/**
 * One logged decision with its outcome: the features, the candidates offered, the one chosen, the
 * probability the logging policy had of choosing it, and the reward it earned. A {@code shadow} decision is no sample
 * of the logging policy to reweight, but trains the models an evaluation fits, as it trained the live model: its task
 * ran where the caller's own scheduler chose ({@code chosen}, with no known propensity), or it was a failover placement,
 * a refused fallback, or chosen deterministically. A {@code ruled}
 * one is a sample of the caller's rules, which picked at random and gave the propensity they picked with.
 */
public record LoggedDecision(Features features, List<Action> actions, int chosen, double propensity, double reward,
		boolean shadow, boolean ruled) {

	/** Copies the candidates. */
	public LoggedDecision {
		actions = List.copyOf(actions);
	}

	/** A decision that is the service's own sample, or, when {@code shadow}, no sample. */
	public LoggedDecision(Features features, List<Action> actions, int chosen, double propensity, double reward,
			boolean shadow) {
		this(features, actions, chosen, propensity, reward, shadow, false);
	}

	/** A decision that is its logging policy's own sample. */
	public LoggedDecision(Features features, List<Action> actions, int chosen, double propensity, double reward) {
		this(features, actions, chosen, propensity, reward, false, false);
	}

	/** A decision whose task ran on {@code ran}, the caller's scheduler's choice. */
	static LoggedDecision shadow(Features features, List<Action> actions, int ran, double reward) {
		return new LoggedDecision(features, actions, ran, Double.NaN, reward, true, false);
	}

	/** A sample of the caller's rules, which ran the task on {@code ran}, picked with {@code propensity}. */
	public static LoggedDecision ruled(Features features, List<Action> actions, int ran, double propensity, double reward) {
		return new LoggedDecision(features, actions, ran, propensity, reward, false, true);
	}

}
