package io.aurora.intelligence.telemetry;

import java.util.Locale;

/** The phases of a decision that {@link MetricNames#DECISION_LATENCY} times, each one value of its {@code phase} tag. */
public enum DecisionPhase {

	/** The Strategist's choice, from the request's arrival. */
	STRATEGIST,

	/** The Executor's placement with the router and the trace's commit, and an {@code Idempotency-Key}'s claim. */
	EXECUTOR,

	/** The whole decision. */
	TOTAL;

	/** The tag value, the phase's name in lower case. */
	String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
