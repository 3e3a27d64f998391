package io.aurora.intelligence.evaluation;

/**
 * The 95% intervals an evaluation gives, and when its importance weights support them: the means of per-decision
 * terms taken as normal, which only enough decisions, with weights that average near 1, make them. Plain Java.
 */
final class Intervals {

	/**
	 * How far the mean importance weight's interval may stay from 1, its expectation when the logging policy
	 * gave every choice of the target a chance, before the log is taken not to cover the target.
	 */
	static final double SUPPORT_TOLERANCE = 0.1;

	/**
	 * The fewest samples whose 95% intervals are trusted: the intervals take the estimators' means as normal,
	 * which a handful of decisions does not make them (four gave intervals of ±0.07 in a review).
	 */
	static final int MIN_SUPPORTED_SAMPLES = 30;

	private Intervals() {
	}

	/**
	 * Whether importance weights support a target: at least {@link #MIN_SUPPORTED_SAMPLES} of them, an effective sample
	 * size that reaches it too, and a mean whose 95% interval comes within {@link #SUPPORT_TOLERANCE} of 1.
	 */
	static boolean supports(double[] weights) {
		double sumW = 0;
		double sumW2 = 0;
		for (double w : weights) {
			sumW += w;
			sumW2 += w * w;
		}
		double effective = sumW2 == 0 ? 0 : sumW * sumW / sumW2;
		OffPolicyEvaluator.Estimate mean = meanWithInterval("weight", weights);
		return weights.length >= MIN_SUPPORTED_SAMPLES && effective >= MIN_SUPPORTED_SAMPLES
				&& mean.high() >= 1 - SUPPORT_TOLERANCE && mean.low() <= 1 + SUPPORT_TOLERANCE;
	}

	/** The mean of {@code terms} with its 95% normal interval, cut to the rewards' range [-1, 1]. */
	static OffPolicyEvaluator.Estimate meanWithInterval(String name, double[] terms) {
		return meanWithInterval(name, terms, 1);
	}

	/**
	 * The mean of {@code terms} with its 95% normal interval, cut to [-{@code bound}, {@code bound}] as
	 * {@link OffPolicyEvaluator.Estimate#of} cuts them; a {@code weight} mean is left uncut.
	 */
	static OffPolicyEvaluator.Estimate meanWithInterval(String name, double[] terms, double bound) {
		double mean = 0;
		for (double t : terms) {
			mean += t;
		}
		mean /= terms.length;
		double variance = 0;
		for (double t : terms) {
			variance += (t - mean) * (t - mean);
		}
		double half = 1.96 * Math.sqrt(variance / (terms.length - 1) / terms.length);
		return "weight".equals(name) ? new OffPolicyEvaluator.Estimate(name, mean, mean - half, mean + half)
				: OffPolicyEvaluator.Estimate.of(name, mean, half, bound);
	}

}
