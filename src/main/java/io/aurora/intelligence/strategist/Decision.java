package io.aurora.intelligence.strategist;

import io.aurora.intelligence.psi.PsiReading;

/**
 * The Strategist's decision: the state it saw, the policy's choice in it, the Ψ reading that shaped
 * the state, and the exploration rate at the time.
 */
public record Decision(String state, Choice choice, PsiReading psi, double epsilon) {
}
