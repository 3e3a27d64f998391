package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Transition;

/**
 * Estimates the value (mean reward) a target policy would have earned on logged decisions, from the
 * logging policy's propensities. Plain Java.
 * <ul>
 * <li>IPS: mean of {@code w·r}, {@code w = π(a|x)/μ(a|x)} — unbiased, high variance;</li>
 * <li>SNIPS: {@code Σ w·r / Σ w} — self-normalised, slightly biased, steadier;</li>
 * <li>DR: mean of {@code Σ_a π(a|x)·r̂(x,a) + w·(r − r̂(x,a))} with a reward model {@code r̂} fitted on
 * the other half of the log (two-fold cross-fitting) — unbiased if either the propensities or the
 * model are right, and usually the tightest.</li>
 * </ul>
 * Intervals are 95% normal approximations, cut like the values to [-1, 1], and widened by twice the share of the
 * target's choices that fall on candidates no logged decision chose, whose rewards the log never saw; the effective
 * sample size is {@code (Σ w)² / Σ w²}.
 */
public final class OffPolicyEvaluator {

	private OffPolicyEvaluator() {
	}

	/**
	 * Evaluates {@code target} on {@code log}, oldest decision first.
	 * @param rewardModel a fresh, untrained policy whose {@code estimate} serves as the reward model for DR
	 */
	public static Evaluation evaluate(List<LoggedDecision> log, TargetPolicy target, Supplier<Policy> rewardModel) {
		return evaluate(log, new TargetPolicy[] { target, target }, rewardModel);
	}

	/**
	 * Target policies fitted by two-fold cross-fitting: entry {@code k} is {@code fit} applied to the
	 * decisions outside fold {@code k} (as {@link #folds} deals the log's samples), so that no decision is scored by a
	 * target that learned from its own reward, which would make the estimates optimistic. Shadow decisions, which are
	 * never scored, are in both, in the log's order.
	 */
	public static TargetPolicy[] crossFitted(List<LoggedDecision> log, Function<List<LoggedDecision>, TargetPolicy> fit) {
		List<List<LoggedDecision>> folds = List.of(new ArrayList<>(), new ArrayList<>());
		int[] fold = folds(samples(log));
		int sample = 0;
		for (LoggedDecision d : log) {
			if (d.shadow()) {
				folds.get(0).add(d);
				folds.get(1).add(d);
			}
			else {
				folds.get(fold[sample++]).add(d);
			}
		}
		return new TargetPolicy[] { fit.apply(folds.get(1)), fit.apply(folds.get(0)) };
	}

	/** The size of a log to score, refused when it holds a shadow decision, which has no propensity to weight it by. */
	static int onlySamples(List<LoggedDecision> log) {
		if (samples(log) != log.size()) {
			throw new IllegalArgumentException("shadow decisions train the models but are not scored");
		}
		return log.size();
	}

	/** The log's samples of its logging policy: its decisions that are not shadow ones. */
	static int samples(List<LoggedDecision> log) {
		int n = 0;
		for (LoggedDecision d : log) {
			n += d.shadow() ? 0 : 1;
		}
		return n;
	}

	/**
	 * The fold (0 or 1) of each position of a log of {@code n} decisions: half each, dealt by a shuffle, so that
	 * no order in the traffic (regions that take turns, say) puts one kind of decision in one fold alone, where the
	 * other fold's model would never have seen it. The shuffle's seed is fixed: a log is always dealt alike.
	 */
	public static int[] folds(int n) {
		int[] fold = new int[n];
		for (int i = n / 2; i < n; i++) {
			fold[i] = 1;
		}
		SplittableRandom random = new SplittableRandom(FOLD_SEED);
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int kept = fold[i];
			fold[i] = fold[j];
			fold[j] = kept;
		}
		return fold;
	}

	/**
	 * Evaluates on {@code log}, oldest decision first, the target {@code byFold[k]} for each decision of fold
	 * {@code k}, as {@link #crossFitted} returns them; shadow decisions are not scored but train the reward models.
	 * SNIPS is left out when the targets never choose a logged action (it is undefined then).
	 * @param rewardModel a fresh, untrained policy whose {@code estimate} serves as the reward model for DR
	 */
	public static Evaluation evaluate(List<LoggedDecision> log, TargetPolicy[] byFold, Supplier<Policy> rewardModel) {
		List<LoggedDecision> samples = log.stream().filter(d -> !d.shadow()).toList();
		int n = samples.size();
		if (n < 2) {
			throw new TooLittleLoggedException("need at least two logged decisions with feedback, found " + n);
		}
		int[] fold = folds(n);
		return evaluate(samples, byFold, fold, rewardModels(log, fold, rewardModel));
	}

	/**
	 * As {@link #evaluate(List, TargetPolicy[], Supplier)}, with the log's {@link #folds} and their
	 * {@link #rewardModels} already fitted, so that several targets evaluated on one log share them.
	 */
	static Evaluation evaluate(List<LoggedDecision> log, TargetPolicy[] byFold, int[] fold, Policy[] folds) {
		int n = onlySamples(log);
		double[] ips = new double[n];
		double[] dr = new double[n];
		double[] weights = new double[n];
		double sumW = 0;
		double sumW2 = 0;
		double sumWR = 0;
		Set<Action> observed = Intervals.observed(log);
		double unobserved = 0;
		for (int i = 0; i < n; i++) {
			LoggedDecision d = log.get(i);
			double[] pi = byFold[fold[i]].probabilities(d.features(), d.actions());
			unobserved += Intervals.unobserved(d, pi, observed);
			double w = pi[d.chosen()] / d.propensity();
			weights[i] = w;
			ips[i] = w * d.reward();
			dr[i] = drTerm(d, pi, folds[fold[i]]);
			sumW += w;
			sumW2 += w * w;
			sumWR += w * d.reward();
		}
		List<Estimate> estimates = new ArrayList<>();
		estimates.add(Intervals.meanWithInterval("ips", ips));
		if (sumW > 0) {
			double snips = sumWR / sumW;
			double snipsVariance = 0;
			for (int i = 0; i < n; i++) {
				double r = log.get(i).reward();
				snipsVariance += weights[i] * weights[i] * (r - snips) * (r - snips);
			}
			double snipsHalf = 1.96 * Math.sqrt(snipsVariance) / sumW;
			estimates.add(Estimate.of("snips", snips, snipsHalf));
		}
		estimates.add(Intervals.meanWithInterval("dr", dr));
		Estimate meanWeight = Intervals.meanWithInterval("weight", weights);
		double effective = sumW2 == 0 ? 0 : sumW * sumW / sumW2;
		unobserved /= n;
		boolean supported = Intervals.supports(weights) && Intervals.observedEnough(unobserved);
		if (!supported) {
			estimates = estimates.stream().map(e -> new Estimate(e.estimator(), e.value(), -1, 1)).toList();
		}
		double bias = 2 * unobserved;
		estimates = estimates.stream().map(e -> Intervals.widened(e, bias, 1)).toList();
		return new Evaluation(n, effective, estimates, 0, 0, sumW / n, supported, unobserved);
	}

	/**
	 * The reward models of the two folds ({@link #folds}, dealt over the log's samples): model {@code k} fitted on the
	 * decisions outside fold {@code k}, and on the shadow decisions, which are never scored, in the log's order.
	 */
	static Policy[] rewardModels(List<LoggedDecision> log, int[] fold, Supplier<Policy> rewardModel) {
		Policy[] models = { rewardModel.get(), rewardModel.get() };
		int sample = 0;
		for (LoggedDecision d : log) {
			Transition t = new Transition(d.features(), d.chosen(), d.actions().get(d.chosen()), d.reward(), d.features(),
					d.actions());
			if (d.shadow()) {
				models[0].learn(t);
				models[1].learn(t);
			}
			else {
				models[1 - fold[sample++]].learn(t);
			}
		}
		return models;
	}

	/** A decision's doubly-robust term for a target choosing by {@code pi}, with {@code model} as the reward model. */
	static double drTerm(LoggedDecision d, double[] pi, Policy model) {
		double direct = 0;
		for (int a = 0; a < pi.length; a++) {
			direct += pi[a] * predicted(model, d, a);
		}
		return direct + pi[d.chosen()] / d.propensity() * (d.reward() - predicted(model, d, d.chosen()));
	}

	/**
	 * The reward model's prediction for candidate {@code a} of {@code d}, cut to the rewards' range [-1, 1]: no reward
	 * lies outside it, so the cut only brings a prediction nearer (a ridge fit's is not bounded), and the unobserved
	 * choices' widening, which takes predictions to lie within it, holds.
	 */
	private static double predicted(Policy model, LoggedDecision d, int a) {
		return Math.max(-1, Math.min(1, model.estimate(d.features(), d.actions().get(a))));
	}

	/** The seed of {@link #folds}' shuffle. */
	private static final long FOLD_SEED = 0x5EED_F01DL;

	/**
	 * The logged decisions cannot answer a well-formed evaluation: too few of them, every one made
	 * deterministically, or none that reported the weighted objectives.
	 */
	public static final class TooLittleLoggedException extends IllegalArgumentException {

		/** Says what the log lacks. */
		public TooLittleLoggedException(String message) {
			super(message);
		}

	}

	/**
	 * One estimator's answer.
	 *
	 * @param estimator {@code ips}, {@code snips} or {@code dr}
	 * @param value the estimated mean reward of the target policy
	 * @param low lower end of the 95% interval
	 * @param high upper end of the 95% interval
	 */
	public record Estimate(String estimator, double value, double low, double high) {

		/**
		 * {@code value ± half} cut to the rewards' range [-1, 1], which holds every policy's true value:
		 * with few decisions, or weights far from 1, an estimate can stray beyond it, and a value there is
		 * never closer to the truth than the range's end. The interval is centred on the cut value, so it
		 * keeps its width as far as the range allows and covers the truth whenever the uncut one did.
		 */
		static Estimate of(String estimator, double value, double half) {
			return of(estimator, value, half, 1);
		}

		/** As {@link #of(String, double, double)}, cut to [-{@code bound}, {@code bound}] (2 for a difference of rewards). */
		static Estimate of(String estimator, double value, double half, double bound) {
			double cut = clip(value, bound);
			return new Estimate(estimator, cut, clip(cut - half, bound), clip(cut + half, bound));
		}

		private static double clip(double x, double bound) {
			return Math.max(-bound, Math.min(bound, x));
		}

	}

	/**
	 * A target compared with a baseline on the same decisions ({@link PairedComparison}).
	 *
	 * @param baseline the baseline policy's name
	 * @param difference the target's value minus the baseline's, doubly robust, with its 95% interval ([-2, 2] when
	 * not supported)
	 * @param supported whether the log supports both policies' evaluations; for the caller's {@code rules}, whether their
	 * randomised decisions support the target's, and for the {@code logged} policy, whether the service's own do
	 * @param samples how many decisions the difference is over: the evaluation's; for the caller's {@code rules}, the
	 * shadow decisions whose feedback gave the propensity they picked with; for {@code logged}, the others
	 */
	public record Versus(String baseline, Estimate difference, boolean supported, int samples) {

		/** A comparison whose interval is widened to [-2, 2], the whole range of a difference, when not supported. */
		static Versus of(String baseline, Estimate difference, boolean supported, int samples) {
			return new Versus(baseline, supported ? difference
					: new Estimate(difference.estimator(), difference.value(), -2, 2), supported, samples);
		}
	}

}
