package io.aurora.intelligence.evaluation;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Policy;
import org.jspecify.annotations.Nullable;

/**
 * How much more a target policy would have earned than a baseline on the same logged decisions: the mean of their
 * per-decision doubly-robust terms' differences, both scored with the same cross-fitted reward models, with a 95%
 * interval. Paired so, a decision on which the two policies agree adds nothing to the difference or its variance,
 * so where a model departs from a scheduler's rules on some decisions only, a difference can be clear while the
 * two policies' own intervals, set side by side, still overlap. The caller's rules, known only by the propensity of
 * what they picked, are compared on their own decisions instead, and the logged policy on the service's own decisions,
 * by what each earned. Plain Java.
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
		Set<Action> observed = Intervals.observed(log);
		double unobserved = 0;
		for (int i = 0; i < n; i++) {
			LoggedDecision d = log.get(i);
			Policy model = models[fold[i]];
			double[] pi = target[fold[i]].probabilities(d.features(), d.actions());
			double[] base = baseline[fold[i]].probabilities(d.features(), d.actions());
			unobserved += Intervals.unobserved(d, pi, observed) + Intervals.unobserved(d, base, observed);
			differences[i] = OffPolicyEvaluator.drTerm(d, pi, model) - OffPolicyEvaluator.drTerm(d, base, model);
		}
		return Intervals.widened(Intervals.meanWithInterval("dr", differences, 2), 2 * unobserved / n, 2);
	}

	/**
	 * How much more a target would have earned than the caller's rules on the shadow decisions they logged with the
	 * propensity they picked with ({@link LoggedDecision#ruled()}): the mean of the target's doubly-robust term minus
	 * the reward the rules earned there, their own value on their own decision, with its 95% interval, cut to
	 * [-2, 2]; the interval is [-2, 2] where those decisions do not support the target.
	 * @param rewardModel a fresh, untrained policy whose {@code estimate} serves as the reward model
	 */
	public static OffPolicyEvaluator.Versus versusRules(List<LoggedDecision> log, TargetPolicy[] target,
			Supplier<Policy> rewardModel) {
		return versusOwnValue(log, target, rewardModel, true);
	}

	/** As {@link #versusRules(List, TargetPolicy[], Supplier)}, with the samples' folds and their reward models fitted. */
	static OffPolicyEvaluator.Versus versusRules(List<LoggedDecision> samples, TargetPolicy[] target, int[] fold,
			Policy[] models) {
		return versusOwnValue(samples, target, fold, models, true);
	}

	/**
	 * As {@link #versusLogged(List, TargetPolicy[], int[], Policy[])}, on the samples of {@code log}, dealt into folds
	 * and with reward models fitted as an evaluation does.
	 * @param rewardModel a fresh, untrained policy whose {@code estimate} serves as the reward model
	 */
	public static OffPolicyEvaluator.Versus versusLogged(List<LoggedDecision> log, TargetPolicy[] target,
			Supplier<Policy> rewardModel) {
		return versusOwnValue(log, target, rewardModel, false);
	}

	/**
	 * How much more a target would have earned than the policy that logged the service's own decisions (those not the
	 * caller's rules'), on those decisions: the mean of the target's doubly-robust term minus the reward each earned,
	 * with its 95% interval, cut to [-2, 2], as {@link #versusRules} compares with the rules on theirs.
	 */
	static OffPolicyEvaluator.Versus versusLogged(List<LoggedDecision> samples, TargetPolicy[] target, int[] fold,
			Policy[] models) {
		return versusOwnValue(samples, target, fold, models, false);
	}

	/**
	 * What the logged policy earned on {@code samples}, the decisions {@link #versusLogged} compares on: the mean reward
	 * of those that are not the caller's rules', with its 95% interval; null when there are none.
	 */
	static OffPolicyEvaluator.@Nullable Estimate loggedValue(List<LoggedDecision> samples) {
		RunningMean own = new RunningMean();
		for (LoggedDecision d : samples) {
			if (!d.ruled()) {
				own.add(d.reward());
			}
		}
		return own.estimate();
	}

	/** As the comparison below, on the samples of {@code log}, dealt into folds with their reward models fitted. */
	private static OffPolicyEvaluator.Versus versusOwnValue(List<LoggedDecision> log, TargetPolicy[] target,
			Supplier<Policy> rewardModel, boolean ruled) {
		List<LoggedDecision> samples = log.stream().filter(d -> !d.shadow()).toList();
		int[] fold = OffPolicyEvaluator.folds(samples.size());
		return versusOwnValue(samples, target, fold, OffPolicyEvaluator.rewardModels(log, fold, rewardModel), ruled);
	}

	/** The target against the reward the rules ({@code ruled}) or the service earned on their own decisions. */
	private static OffPolicyEvaluator.Versus versusOwnValue(List<LoggedDecision> samples, TargetPolicy[] target,
			int[] fold, Policy[] models, boolean ruled) {
		int n = OffPolicyEvaluator.onlySamples(samples);
		int count = 0;
		for (int i = 0; i < n; i++) {
			count += samples.get(i).ruled() == ruled ? 1 : 0;
		}
		if (count < 2) {
			throw new OffPolicyEvaluator.TooLittleLoggedException(ruled
					? "a comparison with your rules needs at least two shadow decisions whose feedback gave ran.propensity "
							+ "(your rules picking at random), found " + count
					: "a comparison with the logged policy needs at least two of the service's own decisions with "
							+ "feedback (not deterministic ones), found " + count);
		}
		double[] differences = new double[count];
		double[] weights = new double[count];
		Set<Action> observed = Intervals.observed(samples.stream().filter(d -> d.ruled() == ruled).toList());
		double unobserved = 0;
		int j = 0;
		for (int i = 0; i < n; i++) {
			LoggedDecision d = samples.get(i);
			if (d.ruled() != ruled) {
				continue;
			}
			double[] pi = target[fold[i]].probabilities(d.features(), d.actions());
			unobserved += Intervals.unobserved(d, pi, observed);
			weights[j] = pi[d.chosen()] / d.propensity();
			differences[j++] = OffPolicyEvaluator.drTerm(d, pi, models[fold[i]]) - d.reward();
		}
		unobserved /= count;
		OffPolicyEvaluator.Estimate difference = Intervals.widened(Intervals.meanWithInterval("dr", differences, 2),
				2 * unobserved, 2);
		return OffPolicyEvaluator.Versus.of(ruled ? "rules" : "logged", difference,
				Intervals.supports(weights) && Intervals.observedEnough(unobserved), count);
	}

	/**
	 * How a set of scored decisions is compared with {@code baseline}, paired, with the same reward models: not at all
	 * without one; for the caller's {@code rules}, on their randomised shadow decisions among them, and for the
	 * {@code logged} policy, on the service's own (null with fewer than two); for a fixed policy, whose targets
	 * {@code base} are, on all of them.
	 */
	static Breakdown.Baseline comparing(@Nullable String baseline, TargetPolicy[] targets, TargetPolicy @Nullable [] base,
			Policy[] models) {
		if (baseline == null) {
			return (log, fold, evaluated) -> null;
		}
		if (base == null) {
			boolean rules = "rules".equals(baseline);
			return (log, fold, evaluated) -> log.stream().filter(d -> d.ruled() == rules).count() < 2 ? null
					: versusOwnValue(log, targets, fold, models, rules);
		}
		return (log, fold, evaluated) -> OffPolicyEvaluator.Versus.of(baseline, difference(log, targets, base, fold, models),
				evaluated.supported() && OffPolicyEvaluator.evaluate(log, base, fold, models).supported(), log.size());
	}

}
