package io.aurora.intelligence.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The logged decisions whose task ran where the caller's own scheduler chose (a shadow decision, or feedback that named
 * {@code ran}), among several candidates: an on-policy measure of the caller's rules on those decisions, and no
 * samples of the logging policy, unless the rules chose at random and said with what propensity.
 *
 * @param decisions how many were read
 * @param agreed how many of them the service had answered with the candidate the caller's scheduler ran
 * @param scored how many of them the value averages: those whose feedback reported every weighted objective (all,
 *        when the value is the reward)
 * @param sampled how many of them were scored as samples too: shadow decisions whose feedback gave the propensity the
 *        caller's rules, choosing at random, chose with
 * @param value the mean reward (or weighted objective score) they earned, with its 95% interval: the rules' own value
 *        on those decisions ([-1, 1] for fewer than 30; null, and left out of the answer, when none was scored)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShadowDecisions(int decisions, int agreed, int scored, int sampled,
		OffPolicyEvaluator.@Nullable Estimate value) {

	/** Adds up shadow decisions as an evaluation reads them. */
	static final class Tally {

		private int decisions;

		private int agreed;

		private int scored;

		private int sampled;

		private double mean;

		private double squares;

		/**
		 * Counts one; {@code value} is NaN when its feedback did not report an objective the value is weighted on, and
		 * {@code sample} says it was scored as a sample, with the propensity its feedback gave.
		 */
		void add(boolean agreedWithService, double value, boolean sample) {
			decisions++;
			if (sample) {
				sampled++;
			}
			if (agreedWithService) {
				agreed++;
			}
			if (!Double.isNaN(value)) {
				scored++;
				double delta = value - mean;
				mean += delta / scored;
				squares += delta * (value - mean);
			}
		}

		/**
		 * What was added, or null when none was; the value's interval is the whole range below
		 * {@value Intervals#MIN_SUPPORTED_SAMPLES} scored decisions, as an evaluation's estimates are.
		 */
		@Nullable ShadowDecisions summary() {
			if (decisions == 0) {
				return null;
			}
			if (scored < Intervals.MIN_SUPPORTED_SAMPLES) {
				return new ShadowDecisions(decisions, agreed, scored, sampled,
						scored == 0 ? null : new OffPolicyEvaluator.Estimate("mean", mean, -1, 1));
			}
			double variance = squares / (scored - 1);
			return new ShadowDecisions(decisions, agreed, scored, sampled,
					OffPolicyEvaluator.Estimate.of("mean", mean, 1.96 * Math.sqrt(variance / scored)));
		}

	}

}
