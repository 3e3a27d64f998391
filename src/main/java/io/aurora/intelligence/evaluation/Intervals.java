package io.aurora.intelligence.evaluation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.aurora.intelligence.strategist.Action;

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

	/** The candidates the {@code samples} chose: those whose rewards the log observed. */
	static Set<Action> observed(List<LoggedDecision> samples) {
		Set<Action> observed = new HashSet<>();
		for (LoggedDecision d : samples) {
			observed.add(d.actions().get(d.chosen()));
		}
		return observed;
	}

	/**
	 * The share of a target's choices, {@code pi}, in decision {@code d} that falls on candidates no sample chose:
	 * the log says nothing of their rewards, so an estimate may be off by up to twice that share (the rewards'
	 * range) however many samples it has, and the importance weights' mean, short of 1 by as much, need not show it.
	 */
	static double unobserved(LoggedDecision d, double[] pi, Set<Action> observed) {
		double share = 0;
		for (int a = 0; a < pi.length; a++) {
			share += observed.contains(d.actions().get(a)) ? 0 : pi[a];
		}
		return share;
	}

	/**
	 * Whether a target's {@link #unobserved} share, averaged over the decisions, is under {@link #SUPPORT_TOLERANCE}:
	 * a share of exactly a tenth (one of ten candidates never chosen, under a uniform target) is not, however its sum
	 * rounds.
	 */
	static boolean observedEnough(double unobserved) {
		return unobserved < SUPPORT_TOLERANCE - 1e-9;
	}

	/**
	 * {@code estimate} with its interval widened by {@code by} on each side, cut to [-{@code bound}, {@code bound}]:
	 * the bias that choices the log never observed could hide.
	 */
	static OffPolicyEvaluator.Estimate widened(OffPolicyEvaluator.Estimate estimate, double by, double bound) {
		return by <= 0 ? estimate : new OffPolicyEvaluator.Estimate(estimate.estimator(), estimate.value(),
				Math.max(-bound, estimate.low() - by), Math.min(bound, estimate.high() + by));
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
