package io.aurora.intelligence.evaluation;

import java.util.BitSet;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Decisions read from the log (with the shadow ones whose value is known, which train an evaluation's models), those
 * of them outside the segment asked for (which train the models but are not scored: their positions in
 * {@code decisions}), how many of the segment's were left out because their feedback did not report an objective the
 * value is weighted on, the summary of the segment's that the caller's own scheduler placed (null when none), and how
 * many decisions with feedback were read in the window (received since the time asked for, in the segment or not),
 * and each decision's value of the entry a breakdown groups by (parallel to {@code decisions}; empty without one).
 */
record LoggedDecisions(List<LoggedDecision> decisions, BitSet outside, int incomplete, @Nullable ShadowDecisions shadow,
		int read, List<@Nullable Object> values) {

	/** How many of the segment's decisions are the logging policy's samples, not shadow ones. */
	int samples() {
		int n = 0;
		for (int i = 0; i < decisions.size(); i++) {
			n += decisions.get(i).shadow() || outside.get(i) ? 0 : 1;
		}
		return n;
	}

}
