package io.aurora.intelligence.strategist;

import io.aurora.intelligence.psi.PsiReading;

/**
 * The Strategist's decision: the features it saw, the policy's choice, the Ψ reading that shaped the
 * features, which policy chose, and the configured exploration rate.
 */
public record Decision(Features features, Choice choice, PsiReading psi, String policy, double epsilon) {

	/** The state key reported in explanations and traces. */
	public String state() {
		return features.key();
	}

}
