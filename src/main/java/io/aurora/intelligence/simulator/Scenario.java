package io.aurora.intelligence.simulator;

import java.util.Arrays;
import java.util.Locale;

/** The market conditions a simulation runs under. */
enum Scenario {

	/** The market never changes; Ψ is steady. */
	STATIONARY,

	/** Ψ readings drift as a random walk but have no effect on outcomes. */
	PSI_DRIFT,

	/** Half-way through, the offering that is most often best degrades. */
	SHIFT,

	/**
	 * Half-way through, the offering that is least often best improves until it is best most often: a
	 * policy must notice a candidate it has learned to avoid.
	 */
	IMPROVE;

	/** Whether the market changes half-way through. */
	boolean changes() {
		return this == SHIFT || this == IMPROVE;
	}

	/** The name used on the command line, e.g. {@code psi-drift}. */
	String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static Scenario parse(String label) {
		return Arrays.stream(values())
			.filter(s -> s.label().equals(label))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + label + "'; use stationary, psi-drift, shift, improve or all"));
	}

}
