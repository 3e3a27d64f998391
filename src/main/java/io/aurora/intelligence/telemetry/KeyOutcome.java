package io.aurora.intelligence.telemetry;

import java.util.Locale;

/** What became of a decision's {@code Idempotency-Key}, each one value of {@link MetricNames#IDEMPOTENCY_KEYS}' {@code result} tag. */
public enum KeyOutcome {

	/** Claimed by this request, which then decides. */
	CLAIMED,

	/** Claimed, then given up again: the decision failed before the router was asked. */
	RELEASED,

	/** A repeat of an answered request: its answer again. */
	REPLAYED,

	/** A repeat while the first request is still being decided: a 409. */
	IN_PROGRESS,

	/** A repeat of a request that was never answered: a 409. */
	NEVER_ANSWERED,

	/** The key sent with another body: a 422. */
	REUSED;

	/** The tag value, the outcome's name in lower case. */
	String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
