package io.aurora.intelligence.evaluation;

import java.util.List;
import java.util.function.Supplier;

import io.aurora.intelligence.strategist.Policy;

/**
 * How much more a target policy would have earned than a baseline on the same logged decisions: the mean of their
 * per-decision doubly-robust terms' differences, both scored with the same cross-fitted reward models, with a 95%
 * interval. Paired so, a decision on which the two policies agree adds nothing to the difference or its variance,
 * so where a model departs from a scheduler's rules on some decisions only, a difference can be clear while the
 * two policies' own intervals, set side by side, still overlap. Plain Java.
 */
public final class PairedComparison {

	private PairedComparison() {
	}

	/**
	 * The difference, target minus baseline, each given as {@link OffPolicyEvaluator#crossFitted} returns targets
	 * (entry {@code k} for the decisions of fold {@code k}); cut, with its interval, to [-2, 2], the range of a
	 * difference of rewards.
	 * @param rewardModel a fresh, untrained policy whose {@code estimate} serves as the reward model
	 */
	public static OffPolicyEvaluator.Estimate difference(List<LoggedDecision> log, TargetPolicy[] target,
			TargetPolicy[] baseline, Supplier<Policy> rewardModel) {
		List<LoggedDecision> samples = log.stream().filter(d -> !d.shadow()).toList();
		int n = samples.size();
		if (n < 2) {
			throw new OffPolicyEvaluator.TooLittleLoggedException("need at least two logged decisions with feedback, found " + n);
		}
		int[] fold = OffPolicyEvaluator.folds(n);
		return difference(samples, target, baseline, fold, OffPolicyEvaluator.rewardModels(log, fold, rewardModel));
	}

	/** As {@link #difference(List, TargetPolicy[], TargetPolicy[], Supplier)}, with the folds and their reward models fitted. */
	static OffPolicyEvaluator.Estimate difference(List<LoggedDecision> log, TargetPolicy[] target, TargetPolicy[] baseline,
			int[] fold, Policy[] models) {
		int n = OffPolicyEvaluator.onlySamples(log);
		double[] differences = new double[n];
		for (int i = 0; i < n; i++) {
			LoggedDecision d = log.get(i);
			Policy model = models[fold[i]];
			differences[i] = OffPolicyEvaluator.drTerm(d, target[fold[i]].probabilities(d.features(), d.actions()), model)
					- OffPolicyEvaluator.drTerm(d, baseline[fold[i]].probabilities(d.features(), d.actions()), model);
		}
		return OffPolicyEvaluator.meanWithInterval("dr", differences, 2);
	}

}
