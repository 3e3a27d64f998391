package io.aurora.intelligence.evaluation;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The evaluation of one target policy ({@link OffPolicyEvaluator}).
 *
 * @param samples logged decisions used
 * @param effectiveSampleSize {@code (Σ w)² / Σ w²}: how many decisions the reweighted log is worth
 * @param estimates IPS, SNIPS and DR
 * @param deterministicExcluded logged decisions left out because their logging policy gave the other
 * candidates no chance
 * @param incompleteExcluded logged decisions left out because their feedback did not report an
 * objective the value is weighted on
 * @param meanWeight the mean importance weight, 1 in expectation when the log covers the target
 * @param supported whether the mean weight's interval comes within {@link Intervals#SUPPORT_TOLERANCE} of 1 and the
 * samples and the effective sample size both reach {@link Intervals#MIN_SUPPORTED_SAMPLES}; when not, the logged
 * decisions hold too few of the choices the target would make (a window in which the logging policy hardly
 * explored), the estimates are biased or rest on a handful of heavy weights, and their intervals are [-1, 1]
 * @param versus the comparison with a baseline policy on the same decisions, when one was asked for
 * @param shadow the decisions read whose task ran where the caller's own scheduler chose, left out of the
 * estimates, when there were any
 * @param read how many logged decisions with feedback were read (the newest, since the time asked for), in the segment
 * evaluated or not; the samples are among them
 * @param breakdown the estimates by the values of one context entry, when one was asked for
 * @param logged the mean value the logging policy's own choices earned on the segment's samples (not the rules' random
 * picks), with its 95% interval: on-policy, no reweighting, over the decisions a {@code logged} baseline is compared
 * on (null when none was scored)
 * @param unobserved the mean share of the target's choices that falls on candidates no scored decision chose, whose
 * rewards the log never saw ({@link Intervals#unobserved}); a tenth or more is not supported
 */
public record Evaluation(int samples, double effectiveSampleSize, List<OffPolicyEvaluator.Estimate> estimates,
		int deterministicExcluded, int incompleteExcluded, double meanWeight, boolean supported, OffPolicyEvaluator.@Nullable Versus versus,
		@Nullable ShadowDecisions shadow, int read, @Nullable Breakdown breakdown, OffPolicyEvaluator.@Nullable Estimate logged,
		double unobserved) {

	/** An evaluation compared with no baseline, of every decision read, whose target chose only observed candidates. */
	public Evaluation(int samples, double effectiveSampleSize, List<OffPolicyEvaluator.Estimate> estimates, int deterministicExcluded,
			int incompleteExcluded, double meanWeight, boolean supported) {
		this(samples, effectiveSampleSize, estimates, deterministicExcluded, incompleteExcluded, meanWeight, supported, 0);
	}

	/** An evaluation compared with no baseline, of every decision read, {@code unobserved} of whose choices the log never saw. */
	public Evaluation(int samples, double effectiveSampleSize, List<OffPolicyEvaluator.Estimate> estimates, int deterministicExcluded,
			int incompleteExcluded, double meanWeight, boolean supported, double unobserved) {
		this(samples, effectiveSampleSize, estimates, deterministicExcluded, incompleteExcluded, meanWeight, supported, null,
				null, samples, null, null, unobserved);
	}

	/** This evaluation, compared with a baseline on the same decisions. */
	public Evaluation versus(OffPolicyEvaluator.Versus compared) {
		return new Evaluation(samples, effectiveSampleSize, estimates, deterministicExcluded, incompleteExcluded, meanWeight,
				supported, compared, shadow, read, breakdown, logged, unobserved);
	}

	/** This evaluation, noting the shadow decisions it read and left out (none when null). */
	public Evaluation withShadow(@Nullable ShadowDecisions summary) {
		return new Evaluation(samples, effectiveSampleSize, estimates, deterministicExcluded, incompleteExcluded, meanWeight,
				supported, versus, summary, read, breakdown, logged, unobserved);
	}

	/** This evaluation, with its estimates by the values of one context entry. */
	public Evaluation withBreakdown(Breakdown parts) {
		return new Evaluation(samples, effectiveSampleSize, estimates, deterministicExcluded, incompleteExcluded, meanWeight,
				supported, versus, shadow, read, parts, logged, unobserved);
	}

	/** This evaluation, noting how many decisions with feedback it read. */
	public Evaluation withRead(int decisions) {
		return new Evaluation(samples, effectiveSampleSize, estimates, deterministicExcluded, incompleteExcluded, meanWeight,
				supported, versus, shadow, decisions, breakdown, logged, unobserved);
	}

	/** This evaluation, with the mean value the logging policy's own choices earned (null when none was scored). */
	public Evaluation withLogged(OffPolicyEvaluator.@Nullable Estimate value) {
		return new Evaluation(samples, effectiveSampleSize, estimates, deterministicExcluded, incompleteExcluded, meanWeight,
				supported, versus, shadow, read, breakdown, value, unobserved);
	}

	/**
	 * Why the estimates are not supported, for the answer's warning; null when they are: too few samples
	 * to bound them, too small an effective sample size (whatever the mean weight, which is then too noisy to
	 * tell anything), too many choices on candidates the log never saw, or a mean weight whose interval stays away
	 * from 1.
	 */
	public @Nullable String whyUnsupported() {
		if (supported) {
			return null;
		}
		if (samples < Intervals.MIN_SUPPORTED_SAMPLES) {
			return "only " + samples + " logged decisions with feedback could be used, fewer than the "
					+ Intervals.MIN_SUPPORTED_SAMPLES + " an evaluation needs to bound its estimates";
		}
		if (effectiveSampleSize < Intervals.MIN_SUPPORTED_SAMPLES) {
			return "the importance weights leave the " + samples + " logged decisions worth only "
					+ Math.round(effectiveSampleSize * 10) / 10.0 + " (the effective sample size), fewer than the "
					+ Intervals.MIN_SUPPORTED_SAMPLES + " an evaluation needs to bound its estimates: the log holds few of the "
					+ "choices this policy would make, each weighing much";
		}
		if (!Intervals.observedEnough(unobserved)) {
			return "the logged decisions do not cover this policy: " + Math.round(unobserved * 100) + "% of its choices "
					+ "(a tenth or more) fall on candidates no logged decision chose, whose rewards the log never saw";
		}
		return "the logged decisions do not cover this policy: its importance weights average "
				+ Math.round(meanWeight * 100) / 100.0 + ", not 1, so " + (meanWeight < 1
						? "the log holds too few of the choices it would make"
						: "the logged propensities understate the chances the decisions had");
	}

	/** This evaluation, noting the decisions left out as deterministic and as incomplete. */
	public Evaluation excluding(int deterministic, int incomplete) {
		return new Evaluation(samples, effectiveSampleSize, estimates, deterministic, incomplete, meanWeight, supported,
				versus, shadow, read, breakdown, logged, unobserved);
	}

}
