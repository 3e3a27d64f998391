package io.aurora.intelligence.psi;

import java.util.Map;

/**
 * A Ψ-field reading as the Strategist uses it: density ({@code Psi}) and coherence ({@code C}), the
 * raw fields the service answered, how old the reading is, and where it came from.
 *
 * @param density the field density, {@code Psi} or {@code density} in the answer
 * @param coherence the field coherence, {@code C} or {@code coherence} in the answer
 * @param raw every numeric field of the answer, kept for the trace
 * @param ageSeconds seconds since the reading was fetched, 0 for the neutral reading
 * @param source {@code live} (fresh), {@code stale} (last good reading past its TTL) or {@code neutral}
 */
public record PsiReading(double density, double coherence, Map<String, Object> raw, double ageSeconds, String source) {

	/** The reading used before the Ψ-field has ever answered. */
	public static final PsiReading NEUTRAL = new PsiReading(0.5, 0.5, Map.of(), 0, "neutral");

	/** Copies the raw fields. */
	public PsiReading {
		raw = Map.copyOf(raw);
	}

	/** The same reading, aged and labelled for the moment it is served. */
	PsiReading servedAs(double age, String label) {
		return new PsiReading(density, coherence, raw, age, label);
	}

}
