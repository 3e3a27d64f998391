package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aurora.intelligence.auditor.ModelCopies;
import io.aurora.intelligence.auditor.RewardFunction;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.EpsilonGreedyQTable;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.SquareCb;
import io.aurora.intelligence.strategist.Transition;
import io.aurora.intelligence.strategist.UcbTable;
import io.aurora.intelligence.store.EvaluationRow;
import io.aurora.intelligence.store.TraceStore;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Evaluates a target policy on the service's own logged decisions ({@link #isSample}). When the
 * router refused the policy's own choice, the refusal logged for it is that decision's sample (its
 * action and outcome); what failover placed after it and refusals of the fallbacks are left out,
 * since the logging policy did not choose them or the refusal already counts. A decision the router
 * did not refuse first (placed, none configured, down, its circuit open, or failing every attempt)
 * is the policy's choice as the caller got it, and counts. A target fitted on the log is
 * cross-fitted, so no decision is scored by a target that learned from it.
 */
@Service
public class Evaluations {

	/** The most decisions one evaluation reads. */
	public static final int MAX_LIMIT = 100_000;

	/** Logged decisions parsed at once; only their compact form is kept. */
	static final int PAGE = 256;

	/**
	 * What the decisions one evaluation keeps may take of the heap, estimated; older decisions beyond it
	 * are left out, which only logs of many long candidate lists reach.
	 */
	static final long MAX_LOG_BYTES = 64L << 20;

	private static final int DECISION_BYTES = 256;

	private final TraceStore store;

	/** An evaluation's fitted models take as much heap as a copy of the model: fitting them is one. */
	private final ModelCopies copies;

	Evaluations(TraceStore store, ModelCopies copies) {
		this.store = store;
		this.copies = copies;
	}

	/**
	 * Evaluates {@code uniform}, {@code epsilon-greedy} (with {@code epsilon}, over a {@code model} —
	 * {@code squarecb}, {@code q-table} or {@code ucb} — cross-fitted on the same log) or {@code first} (the first
	 * candidate offered, as a scheduler's own rules ordered them) on the newest
	 * {@code limit} decisions with feedback. With {@code weights}, the value is the weighted objective
	 * score of the logged outcomes instead of the reward, and the model is fitted to it.
	 * Its models are fitted as the one model copy being made ({@link ModelCopies}); the log, whose kept
	 * size is bounded on its own, is read before, so that a slow read holds up no other copy.
	 * @throws UnknownNameException for an unknown policy or model
	 * @throws OffPolicyEvaluator.TooLittleLoggedException for a log too small to evaluate
	 * @throws io.aurora.intelligence.auditor.ModelBusyException when another copy was being made all the while it waited
	 */
	public OffPolicyEvaluator.Evaluation evaluate(String policy, String model, double epsilon, Map<String, Double> weights,
			int limit) {
		return evaluate(policy, model, epsilon, weights, limit, Long.MIN_VALUE);
	}

	/**
	 * As {@link #evaluate(String, String, double, Map, int)}, on the decisions whose feedback was received at
	 * {@code sinceMs} or later only (epoch milliseconds), such as those scored since the reward's settings changed.
	 */
	public OffPolicyEvaluator.Evaluation evaluate(String policy, String model, double epsilon, Map<String, Double> weights,
			int limit, long sinceMs) {
		return evaluate(policy, model, epsilon, weights, limit, sinceMs, null);
	}

	/**
	 * As {@link #evaluate(String, String, double, Map, int, long)}, compared, when {@code baseline} is {@code uniform}
	 * or {@code first}, with that policy on the same decisions ({@link OffPolicyEvaluator.Evaluation#versus()}).
	 */
	public OffPolicyEvaluator.Evaluation evaluate(String policy, String model, double epsilon, Map<String, Double> weights,
			int limit, long sinceMs, @Nullable String baseline) {
		if (baseline != null && !FIXED.contains(baseline)) {
			throw new UnknownNameException("baseline", "unknown baseline '" + baseline + "'; use uniform or first");
		}
		if (!POLICIES.contains(policy)) {
			throw new UnknownNameException("policy", "unknown policy '" + policy + "'; use uniform, epsilon-greedy or first");
		}
		try {
			model(model); // an unknown name is refused before the log is read
		}
		catch (IllegalArgumentException ex) {
			throw new UnknownNameException("model", ex.getMessage());
		}
		Logged logged = read(limit, weights, sinceMs);
		try (ModelCopies.Held held = copies.take("an evaluation")) {
			return evaluate(policy, model, epsilon, logged, baseline);
		}
	}

	private OffPolicyEvaluator.Evaluation evaluate(String policy, String model, double epsilon, Logged logged,
			@Nullable String baseline) {
		List<LoggedDecision> log = new ArrayList<>(logged.decisions());
		Collections.reverse(log);
		if (logged.incomplete() > 0 && log.size() < 2) {
			throw new OffPolicyEvaluator.TooLittleLoggedException("of the logged decisions, " + logged.incomplete()
					+ " had feedback that did "
					+ "not report every objective weighted here, and fewer than two did: weight only the objectives "
					+ "your feedback reports");
		}
		int read = log.size();
		log.removeIf(Evaluations::deterministic);
		int deterministic = read - log.size();
		if (deterministic > 0 && log.size() < 2) {
			throw new OffPolicyEvaluator.TooLittleLoggedException("the " + deterministic
					+ " logged decisions were made deterministically "
					+ "(propensity 1 among several candidates, or by ucb or an epsilon of 0 within a tie that left some out): "
					+ "the other candidates had no chance of being chosen, so the log says nothing about choosing them");
		}
		TargetPolicy[] targets = "epsilon-greedy".equals(policy)
				? OffPolicyEvaluator.crossFitted(log, fold -> TargetPolicy.epsilonGreedy(fitted(fold, model), epsilon))
				: fixed(policy);
		OffPolicyEvaluator.Evaluation evaluated = OffPolicyEvaluator.evaluate(log, targets, Evaluations::rewardModel)
			.excluding(deterministic, logged.incomplete());
		if (baseline == null) {
			return evaluated;
		}
		TargetPolicy[] base = fixed(baseline);
		boolean supported = evaluated.supported()
				&& OffPolicyEvaluator.evaluate(log, base, Evaluations::rewardModel).supported();
		OffPolicyEvaluator.Estimate difference = PairedComparison.difference(log, targets, base, Evaluations::rewardModel);
		return evaluated.versus(new OffPolicyEvaluator.Versus(baseline, supported ? difference
				: new OffPolicyEvaluator.Estimate(difference.estimator(), difference.value(), -2, 2), supported));
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
		return d.actions().size() > 1 && d.propensity() >= 1 - 1e-9;
	}

	/**
	 * Decisions read from the log, and how many were left out because their feedback did not report an
	 * objective the value is weighted on.
	 */
	record Logged(List<LoggedDecision> decisions, int incomplete) {
	}

	/**
	 * The newest {@code limit} decisions with feedback, newest first, read a page at a time and kept
	 * compact (one copy of each candidate), until they would take over {@value #MAX_LOG_BYTES} bytes.
	 */
	Logged read(int limit, Map<String, Double> weights) {
		return read(limit, weights, Long.MIN_VALUE);
	}

	/**
	 * As {@link #read(int, Map)}, leaving out decisions whose feedback was received before {@code sinceMs}; it stops
	 * at the first page received wholly before it, since the log runs in the order feedback arrived.
	 */
	Logged read(int limit, Map<String, Double> weights, long sinceMs) {
		List<LoggedDecision> log = new ArrayList<>();
		int incomplete = 0;
		Map<Action, Action> candidates = new HashMap<>();
		long bytes = 0;
		int read = 0;
		long before = Long.MAX_VALUE;
		while (read < limit) {
			List<EvaluationRow> page = store.evaluationPage(before, Math.min(PAGE, limit - read));
			if (page.isEmpty() || page.stream().allMatch(row -> row.receivedAtMs() < sinceMs)) {
				break;
			}
			for (EvaluationRow row : page) {
				before = row.seq();
				read++;
				if (row.receivedAtMs() < sinceMs) {
					continue;
				}
				LoggedDecision d = decision(row, weights);
				if (d == null) {
					continue;
				}
				if (Double.isNaN(d.reward())) {
					incomplete++;
					continue;
				}
				List<Action> actions = new ArrayList<>(d.actions().size());
				bytes += DECISION_BYTES + 8L * d.actions().size();
				for (Action a : d.actions()) {
					Action kept = candidates.putIfAbsent(a, a);
					if (kept == null) {
						bytes += 128 + 2L * (a.provider().length() + a.sku().length());
					}
					actions.add(kept == null ? a : kept);
				}
				if (bytes > MAX_LOG_BYTES) {
					return new Logged(log, incomplete);
				}
				log.add(new LoggedDecision(d.features(), actions, d.chosen(), d.propensity(), d.reward()));
			}
		}
		return new Logged(log, incomplete);
	}

	private static Policy rewardModel() {
		return new SquareCb(10, 2000, 0.995, 1);
	}

	/** The least chance the logging policy must have given every candidate for its decisions to be reweighted. */
	static final double MIN_CHANCE = 1e-6;

	/** The target policies {@link #evaluate} knows. */
	static final Set<String> POLICIES = Set.of("uniform", "epsilon-greedy", "first");

	/** The policies that learn nothing from the log, which may serve as a baseline. */
	static final Set<String> FIXED = Set.of("uniform", "first");

	/** An unknown policy or model name, refused before the log is read; {@code field} names which. */
	public static final class UnknownNameException extends IllegalArgumentException {

		private final String field;

		UnknownNameException(String field, String message) {
			super(message);
			this.field = field;
		}

		/** The request field that holds the unknown name: {@code policy} or {@code model}. */
		public String field() {
			return field;
		}

	}

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

	/**
	 * Whether a trace is its decision's sample: a refusal of the policy's own choice, or a decision
	 * that answered the policy's own choice without the router refusing it first (placed, or the
	 * router unreachable or failing every attempt). A failover placement is not the policy's choice,
	 * and a decision whose first choice was refused has that refusal as its sample.
	 */
	static boolean isSample(Map<String, Object> router) {
		if (Boolean.TRUE.equals(router.get("refused"))) {
			return Boolean.TRUE.equals(router.get("first_choice"));
		}
		List<?> attempts = router.get("attempts") instanceof List<?> a ? a : List.of();
		boolean firstChoice = router.get("first_choice") instanceof Boolean b ? b : attempts.size() <= 1;
		Object firstStatus = !attempts.isEmpty() && attempts.get(0) instanceof Map<?, ?> m && m.containsKey("status")
				? m.get("status") : attempts.size() <= 1 ? router.get("status") : null;
		return firstChoice && !"rejected".equals(firstStatus);
	}

	private static @Nullable LoggedDecision decision(EvaluationRow row, Map<String, Double> weights) {
		if (!isSample(row.router())) {
			return null;
		}
		if (!(row.propensity() > 0)) {
			return null;
		}
		List<Action> actions = Action.of(row.candidates());
		int chosen = actions.indexOf(new Action(row.provider(), row.sku()));
		if (chosen < 0) {
			return null;
		}
		Features features = Featurizer.fromTrace(row.context(), row.psi());
		double value = row.reward();
		if (!weights.isEmpty()) {
			Map<String, Double> scores = RewardFunction.objectives(row.components(), row.outcome(), row.refused());
			value = 0;
			for (Map.Entry<String, Double> w : weights.entrySet()) {
				Double score = scores.get(w.getKey());
				if (score == null && w.getValue() > 0) {
					// Not reported: scoring it 0 would pass for a neutral outcome, where learning skips it.
					return new LoggedDecision(features, actions, chosen, loggedPropensity(row), Double.NaN);
				}
				value += score == null ? 0 : w.getValue() * score;
			}
		}
		return new LoggedDecision(features, actions, chosen, loggedPropensity(row), value);
	}

	/**
	 * The propensity to reweight a decision by: the logged one, except where {@code ucb}, or
	 * {@code q-table} at an ε that gave each candidate less than {@value #MIN_CHANCE} of a chance (0, or
	 * decayed that far), chose within a tie that left some candidate out: that candidate had no real
	 * chance, so the decision, greedy or the rare exploration (whose weight would swamp every other),
	 * counts as deterministic and is left out. A tie of every candidate gave each its chance and stays.
	 */
	private static double loggedPropensity(EvaluationRow row) {
		boolean greedyOnly = "ucb".equals(row.policy())
				|| "q-table".equals(row.policy()) && row.epsilon() / row.candidates().size() < MIN_CHANCE;
		boolean everyCandidateTied = Math.abs(row.propensity() * row.candidates().size() - 1) < 1e-9;
		return greedyOnly && !everyCandidateTied ? 1 : row.propensity();
	}

}
