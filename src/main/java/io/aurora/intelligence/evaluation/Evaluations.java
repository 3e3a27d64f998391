package io.aurora.intelligence.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aurora.intelligence.auditor.ModelCopies;
import io.aurora.intelligence.auditor.RewardRescorer;
import io.aurora.intelligence.strategist.EpsilonGreedyQTable;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.SquareCb;
import io.aurora.intelligence.strategist.Transition;
import io.aurora.intelligence.strategist.UcbTable;
import io.aurora.intelligence.store.TraceStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Evaluates a target policy on the service's own logged decisions ({@link EvaluationLog#isSample}). When the
 * router refused the policy's own choice, the refusal logged for it is that decision's sample (its
 * action and outcome); what failover placed after it and refusals of the fallbacks are left out,
 * since the logging policy did not choose them or the refusal already counts. A decision the router
 * did not refuse first (placed, none configured, down, its circuit open, or failing every attempt)
 * is the policy's choice as the caller got it, and counts. A target fitted on the log is
 * cross-fitted, so no decision is scored by a target that learned from it.
 */
@Service
public class Evaluations {

	private static final Logger log = LoggerFactory.getLogger(Evaluations.class);

	/** The most decisions one evaluation reads. */
	public static final int MAX_LIMIT = 100_000;

	private final EvaluationLog decisions;

	/** An evaluation's fitted models take as much heap as a copy of the model: fitting them is one. */
	private final ModelCopies copies;

	private final @Nullable RewardRescorer rescorer;

	/**
	 * Evaluations that score each logged feedback again with {@code rescorer}, on the reward settings this replica runs
	 * with, so that a change of scale leaves no mix of scales in one evaluation.
	 */
	@Autowired
	Evaluations(TraceStore store, ModelCopies copies, RewardRescorer rescorer) {
		this.decisions = new EvaluationLog(store, rescorer);
		this.copies = copies;
		this.rescorer = rescorer;
	}

	/** Evaluations of the log as stored, each feedback with the reward it was scored when received (for tests). */
	Evaluations(TraceStore store, ModelCopies copies) {
		this.decisions = new EvaluationLog(store);
		this.copies = copies;
		this.rescorer = null;
	}

	/** The reward settings every logged outcome is scored on ({@link RewardRescorer#scale()}); null when stored ones are used. */
	public @Nullable Map<String, Object> rewardScale() {
		return rescorer == null ? null : rescorer.scale();
	}

	/**
	 * Evaluates {@code uniform}, {@code epsilon-greedy} (with {@code epsilon}, over a {@code model} —
	 * {@code squarecb}, {@code q-table} or {@code ucb} — cross-fitted on the same log) or {@code first} (the first
	 * candidate offered, as a scheduler's own rules ordered them) on the newest
	 * {@code limit} decisions with feedback. With {@code weights}, the value is the weighted objective
	 * score of the logged outcomes instead of the reward, and the model is fitted to it.
	 * Its models are fitted as the one model copy being made ({@link ModelCopies}); the log, whose kept
	 * size is bounded on its own, is read before, so that a slow read holds up no other copy.
	 * @throws InvalidFieldException for an unknown policy or model
	 * @throws OffPolicyEvaluator.TooLittleLoggedException for a log too small to evaluate
	 * @throws io.aurora.intelligence.auditor.ModelBusyException when another copy was being made all the while it waited
	 */
	public Evaluation evaluate(String policy, String model, double epsilon, Map<String, Double> weights,
			int limit) {
		return evaluate(policy, model, epsilon, weights, limit, Long.MIN_VALUE);
	}

	/**
	 * As {@link #evaluate(String, String, double, Map, int)}, on the decisions whose feedback was received at
	 * {@code sinceMs} or later only (epoch milliseconds), such as those since the model or the caller's rules changed.
	 */
	public Evaluation evaluate(String policy, String model, double epsilon, Map<String, Double> weights,
			int limit, long sinceMs) {
		return evaluate(policy, model, epsilon, weights, limit, sinceMs, null);
	}

	/**
	 * As {@link #evaluate(String, String, double, Map, int, long)}, compared, when {@code baseline} is {@code uniform}
	 * or {@code first}, with that policy on the same decisions, when it is {@code rules}, with the caller's rules on
	 * the shadow decisions they logged with a propensity, and when it is {@code logged}, with what the service's own
	 * choices earned on the others ({@link Evaluation#versus()}).
	 */
	public Evaluation evaluate(String policy, String model, double epsilon, Map<String, Double> weights,
			int limit, long sinceMs, @Nullable String baseline) {
		return evaluate(policy, model, epsilon, weights, limit, sinceMs, baseline, Segment.ALL);
	}

	/**
	 * As {@link #evaluate(String, String, double, Map, int, long, String)}, scoring the decisions of {@code segment}
	 * only (such as one region) among the newest {@code limit} read; the models are fitted on every decision read, so
	 * that a small segment is scored by the policy the whole traffic would train, as the live model is.
	 */
	public Evaluation evaluate(String policy, String model, double epsilon, Map<String, Double> weights,
			int limit, long sinceMs, @Nullable String baseline, Segment segment) {
		return evaluate(policy, model, epsilon, weights, limit, sinceMs, baseline, segment, null);
	}

	/**
	 * As {@link #evaluate(String, String, double, Map, int, long, String, Segment)}, broken down, when {@code by} names a
	 * context entry, by its values ({@link Breakdown}): each part scored as a segment of that value would be.
	 */
	public Evaluation evaluate(String policy, String model, double epsilon, Map<String, Double> weights,
			int limit, long sinceMs, @Nullable String baseline, Segment segment, @Nullable String by) {
		if (baseline != null && !FIXED.contains(baseline) && !RULES.equals(baseline) && !LOGGED.equals(baseline)) {
			throw new InvalidFieldException("baseline",
					"unknown baseline '" + baseline + "'; use uniform, first, rules or logged");
		}
		if (!POLICIES.contains(policy)) {
			throw new InvalidFieldException("policy", "unknown policy '" + policy + "'; use uniform, epsilon-greedy or first");
		}
		try {
			model(model); // an unknown name is refused before the log is read
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException("model", ex.getMessage());
		}
		long started = System.nanoTime();
		LoggedDecisions logged = decisions.read(limit, weights, sinceMs, segment, by);
		long readNanos = System.nanoTime() - started;
		try {
			ShadowDecisions shadow = logged.shadow();
			int samples = logged.samples();
			if (shadow != null && samples + logged.incomplete() < 2) {
				throw new OffPolicyEvaluator.TooLittleLoggedException(shadow.whyTooFewSamples(samples + logged.incomplete()));
			}
			if ((sinceMs != Long.MIN_VALUE || !segment.isEmpty()) && samples + logged.incomplete() < 2) {
				throw new OffPolicyEvaluator.TooLittleLoggedException("need at least two logged decisions with feedback"
						+ (sinceMs != Long.MIN_VALUE ? " received since " + Instant.ofEpochMilli(sinceMs) : "")
						+ " among the " + logged.read() + " read (limit " + limit + "), found "
						+ (samples + logged.incomplete()));
			}
			try (ModelCopies.Held held = copies.take("an evaluation")) {
				long fitting = System.nanoTime();
				Evaluation evaluation = evaluate(policy, model, epsilon, logged, baseline, by).withShadow(shadow)
					.withRead(logged.read());
				log.info("Evaluated {}{}{}{} on {} of {} decisions read: read in {} ms, fitted and scored in {} ms", policy,
						"epsilon-greedy".equals(policy) ? " over " + model : "", segment.isEmpty() ? "" : " in " + segment,
						by == null ? "" : " by " + by, evaluation.samples(), logged.read(), readNanos / 1_000_000,
						(System.nanoTime() - fitting) / 1_000_000);
				return evaluation;
			}
		}
		catch (OffPolicyEvaluator.TooLittleLoggedException ex) {
			if (segment.isEmpty()) {
				throw ex;
			}
			throw new OffPolicyEvaluator.TooLittleLoggedException("in the segment " + segment
					+ " (the decisions whose context held it): " + ex.getMessage());
		}
	}

	private Evaluation evaluate(String policy, String model, double epsilon, LoggedDecisions logged,
			@Nullable String baseline, @Nullable String by) {
		// Oldest first. Shadow decisions, failover placements, deterministic decisions and those outside the segment
		// train the target and reward models, as they trained the live model; only the segment's samples are scored.
		List<LoggedDecision> read = logged.decisions();
		List<LoggedDecision> training = new ArrayList<>(read.size());
		List<LoggedDecision> samples = new ArrayList<>(read.size());
		List<@Nullable Object> sampleValues = new ArrayList<>(read.size());
		BitSet inSegment = new BitSet();
		int deterministic = 0;
		for (int i = read.size() - 1; i >= 0; i--) {
			LoggedDecision d = read.get(i);
			boolean in = !logged.outside().get(i);
			if (deterministic(d)) {
				deterministic += in ? 1 : 0;
				training.add(LoggedDecision.shadow(d.features(), d.actions(), d.chosen(), d.reward()));
				continue;
			}
			training.add(d);
			if (!d.shadow()) {
				inSegment.set(samples.size(), in);
				samples.add(d);
				sampleValues.add(by == null ? null : logged.values().get(i));
			}
		}
		if (logged.incomplete() > 0 && logged.samples() < 2) {
			throw new OffPolicyEvaluator.TooLittleLoggedException("of the logged decisions, " + logged.incomplete()
					+ " had feedback that did "
					+ "not report every objective weighted here, and fewer than two did: weight only the objectives "
					+ "your feedback reports (without objectives, the weights are REWARD_WEIGHTS'; \"objectives\": {} "
					+ "measures the reward)");
		}
		int scored = inSegment.cardinality();
		if (deterministic > 0 && scored < 2) {
			throw new OffPolicyEvaluator.TooLittleLoggedException("the " + deterministic
					+ " logged decisions were made deterministically "
					+ "(propensity 1 among several candidates, or by ucb or an epsilon of 0 within a tie that left some out): "
					+ "the other candidates had no chance of being chosen, so the log says nothing about choosing them");
		}
		if (scored < 2) {
			throw new OffPolicyEvaluator.TooLittleLoggedException("need at least two logged decisions with feedback, found "
					+ scored);
		}
		TargetPolicy[] targets = "epsilon-greedy".equals(policy)
				? OffPolicyEvaluator.crossFitted(training, half -> TargetPolicy.epsilonGreedy(fitted(half, model), epsilon))
				: fixed(policy);
		// The reward models are fitted once, and a baseline is scored with the same ones: its difference is paired.
		int[] allFolds = OffPolicyEvaluator.folds(samples.size());
		Policy[] models = OffPolicyEvaluator.rewardModels(training, allFolds, Evaluations::rewardModel);
		List<LoggedDecision> log = new ArrayList<>(scored);
		List<@Nullable Object> values = new ArrayList<>(scored);
		int[] fold = new int[scored];
		for (int i = inSegment.nextSetBit(0); i >= 0; i = inSegment.nextSetBit(i + 1)) {
			fold[log.size()] = allFolds[i];
			log.add(samples.get(i));
			values.add(sampleValues.get(i));
		}
		Breakdown.Baseline compared = PairedComparison.comparing(baseline, targets,
				baseline == null || RULES.equals(baseline) || LOGGED.equals(baseline) ? null : fixed(baseline), models);
		Evaluation evaluated = OffPolicyEvaluator.evaluate(log, targets, fold, models)
			.excluding(deterministic, logged.incomplete());
		// The whole is compared with the rules even with too few of theirs, to say so; a part then has no comparison.
		OffPolicyEvaluator.Versus versus = RULES.equals(baseline) ? PairedComparison.versusRules(log, targets, fold, models)
				: LOGGED.equals(baseline) ? PairedComparison.versusLogged(log, targets, fold, models)
				: compared.compare(log, fold, evaluated);
		Evaluation whole = (versus == null ? evaluated : evaluated.versus(versus)).withLogged(PairedComparison.loggedValue(log));
		return by == null ? whole
				: whole.withBreakdown(Breakdown.of(by, log, values, fold, targets, models, compared));
	}

	/** The targets of a policy that learns nothing from the log: {@code uniform} or {@code first}. */
	private static TargetPolicy[] fixed(String policy) {
		TargetPolicy target = switch (policy) {
			case "uniform" -> TargetPolicy.uniform();
			case "first" -> TargetPolicy.first();
			default -> throw new IllegalArgumentException("unknown policy '" + policy + "'; use uniform, epsilon-greedy or first");
		};
		return new TargetPolicy[] { target, target };
	}

	/**
	 * Whether the logging policy gave the other offered candidates no chance: such a decision cannot
	 * be reweighted for a target that might have chosen one of them, so it is left out and counted.
	 */
	static boolean deterministic(LoggedDecision d) {
		return !d.shadow() && d.actions().size() > 1 && d.propensity() >= 1 - 1e-9;
	}

	private static Policy rewardModel() {
		return new SquareCb(10, 2000, 0.995, 1);
	}

	/** The target policies {@link #evaluate} knows. */
	static final Set<String> POLICIES = Set.of("uniform", "epsilon-greedy", "first");

	/** The policies that learn nothing from the log, which may serve as a baseline. */
	static final Set<String> FIXED = Set.of("uniform", "first");

	/** The baseline that is the caller's rules, on the shadow decisions they logged with a propensity. */
	static final String RULES = "rules";

	/** The baseline that is the policy that logged the service's own decisions, on those decisions: what it earned. */
	static final String LOGGED = "logged";

	private static Policy model(String name) {
		return switch (name) {
			case "squarecb" -> rewardModel();
			case "q-table" -> new EpsilonGreedyQTable(0.1, 0.3, 0, 1, 0);
			case "ucb" -> new UcbTable(0.1);
			default -> throw new IllegalArgumentException("unknown model '" + name + "'; use squarecb, q-table or ucb");
		};
	}

	/** A {@code name} model fitted on {@code log}, oldest decision first. */
	private static Policy fitted(List<LoggedDecision> log, String name) {
		Policy model = model(name);
		for (LoggedDecision d : log) {
			model.learn(new Transition(d.features(), d.chosen(), d.actions().get(d.chosen()), d.reward(), d.features(), d.actions()));
		}
		return model;
	}


}
