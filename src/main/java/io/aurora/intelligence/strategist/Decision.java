package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;

import io.aurora.intelligence.psi.PsiReading;

/**
 * The Strategist's decision: the features it saw, the policy's choice, the Ψ reading that shaped the
 * features, which policy chose, the configured exploration rate, the objective weights used (empty for
 * the scalar reward), the chosen candidate's per-objective estimates, the candidates no other
 * candidate beats on every estimated objective, and the other candidates' positions from next-best
 * down, for failover.
 */
public record Decision(Features features, Choice choice, PsiReading psi, String policy, double epsilon,
		Map<String, Double> weights, Map<String, Double> objectives, List<Action> paretoFront, List<Integer> fallbacks) {

	/** The state key reported in explanations and traces. */
	public String state() {
		return features.key();
	}

}
