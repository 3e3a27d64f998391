package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.auditor.Reward;
import io.aurora.intelligence.auditor.RewardFunction;
import io.aurora.intelligence.auditor.RewardRescorer;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Featurizer;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.store.EvaluationRow;
import io.aurora.intelligence.store.TraceStore;
import org.jspecify.annotations.Nullable;

/**
 * The logged decisions an evaluation reads: each traced decision that is its policy's own sample ({@link #isSample}),
 * with the reward, or the weighted objective score, its feedback earned and the propensity to reweight it by, newest
 * first and kept compact within a bound on the heap.
 */
final class EvaluationLog {

	/** Logged decisions parsed at once; only their compact form is kept. */
	static final int PAGE = 256;

	/**
	 * What the decisions one evaluation keeps may take of the heap, estimated; older decisions beyond it
	 * are left out, which only logs of many long candidate lists reach.
	 */
	static final long MAX_LOG_BYTES = 64L << 20;

	private static final int DECISION_BYTES = 256;

	private final TraceStore store;

	private final @Nullable RewardRescorer rescorer;

	/** The log as {@code store} holds it, each feedback with the reward it was scored when received. */
	EvaluationLog(TraceStore store) {
		this(store, null);
	}

	/** The log as {@code store} holds it, each feedback scored again by {@code rescorer} when it is given. */
	EvaluationLog(TraceStore store, @Nullable RewardRescorer rescorer) {
		this.store = store;
		this.rescorer = rescorer;
	}

	/** The least chance the logging policy must have given every candidate for its decisions to be reweighted. */
	static final double MIN_CHANCE = 1e-6;

	/**
	 * The newest {@code limit} decisions with feedback, newest first, read a page at a time and kept
	 * compact (one copy of each candidate), until they would take over {@value #MAX_LOG_BYTES} bytes.
	 */
	LoggedDecisions read(int limit, Map<String, Double> weights) {
		return read(limit, weights, Long.MIN_VALUE);
	}

	/**
	 * As {@link #read(int, Map)}, leaving out decisions whose feedback was received before {@code sinceMs}; it stops
	 * at the first page received wholly before it, since the log runs in the order feedback arrived.
	 */
	LoggedDecisions read(int limit, Map<String, Double> weights, long sinceMs) {
		return read(limit, weights, sinceMs, Segment.ALL);
	}

	/**
	 * As {@link #read(int, Map, long)}, marking the decisions outside {@code segment} ({@link LoggedDecisions#outside()}), which
	 * are counted neither as incomplete nor as shadow decisions; {@code limit} counts the decisions read, in the segment
	 * or not.
	 */
	LoggedDecisions read(int limit, Map<String, Double> weights, long sinceMs, Segment segment) {
		return read(limit, weights, sinceMs, segment, null);
	}

	/**
	 * As {@link #read(int, Map, long, Segment)}, noting each decision's value of the context entry {@code by}
	 * ({@link Segment#groupValue}) when it is given.
	 */
	LoggedDecisions read(int limit, Map<String, Double> weights, long sinceMs, Segment segment, @Nullable String by) {
		List<LoggedDecision> log = new ArrayList<>();
		Breakdown.Values values = new Breakdown.Values();
		BitSet outside = new BitSet();
		int incomplete = 0;
		Map<Action, Action> candidates = new HashMap<>();
		long bytes = 0;
		int read = 0;
		int window = 0;
		long before = Long.MAX_VALUE;
		ShadowDecisions.Tally shadow = new ShadowDecisions.Tally();
		while (read < limit) {
			List<EvaluationRow> page = store.evaluationPage(before, Math.min(PAGE, limit - read));
			if (page.isEmpty() || page.stream().allMatch(row -> row.receivedAtMs() < sinceMs)) {
				break;
			}
			for (EvaluationRow stored : page) {
				before = stored.seq();
				read++;
				if (stored.receivedAtMs() < sinceMs) {
					continue;
				}
				window++;
				boolean in = segment.isEmpty() || segment.contains(stored.context());
				EvaluationRow row = rescored(stored);
				LoggedDecision d;
				boolean ruled = row.shadow() && row.candidates().size() > 1;
				double ruledValue = ruled ? value(row, weights) : Double.NaN;
				if (ruled) {
					if (Double.isNaN(ruledValue) && randomised(row)) {
						if (in) {
							incomplete++;
							tally(shadow, row, ruledValue, false);
						}
						continue;
					}
					d = Double.isNaN(ruledValue) ? null : ruled(row, ruledValue);
				}
				else {
					d = decision(row, weights);
					if (d != null && Double.isNaN(d.reward())) {
						incomplete += in ? 1 : 0;
						continue;
					}
				}
				if (d == null) {
					if (ruled && in) {
						tally(shadow, row, ruledValue, false);
					}
					continue;
				}
				List<Action> actions = new ArrayList<>(d.actions().size());
				Object group = by == null ? null : Segment.groupValue(by, row.context());
				bytes += DECISION_BYTES + 8L * d.actions().size() + (by == null ? 0 : values.cost(group));
				for (Action a : d.actions()) {
					Action kept = candidates.putIfAbsent(a, a);
					if (kept == null) {
						bytes += 128 + 2L * (a.provider().length() + a.sku().length());
					}
					actions.add(kept == null ? a : kept);
				}
				if (bytes > MAX_LOG_BYTES) {
					return new LoggedDecisions(log, outside, incomplete, shadow.summary(), window - 1, values.list());
				}
				if (ruled && in) {
					tally(shadow, row, ruledValue, !d.shadow());
				}
				outside.set(log.size(), !in);
				if (by != null) {
					values.add(group);
				}
				log.add(new LoggedDecision(d.features(), actions, d.chosen(), d.propensity(), d.reward(), d.shadow(),
						d.ruled()));
			}
		}
		return new LoggedDecisions(log, outside, incomplete, shadow.summary(), window, values.list());
	}

	/**
	 * The row with its feedback scored on the current reward settings; a refusal, scored the least reward whatever the
	 * scale, and a row without a rescorer keep their stored reward.
	 */
	private EvaluationRow rescored(EvaluationRow row) {
		if (rescorer == null || row.refused()) {
			return row;
		}
		Reward reward = rescorer.rescore(row.context(), row.outcome());
		return reward == null ? row : row.withReward(reward.total(), reward.components());
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

	/**
	 * The row as its decision's sample; or, for a failover placement or a refusal of a fallback, which are not the
	 * policy's choice, as a decision that only trains the fitted models, as it trained the live one (null when its value
	 * is unknown).
	 */
	private static @Nullable LoggedDecision decision(EvaluationRow row, Map<String, Double> weights) {
		boolean sample = isSample(row.router());
		if (sample && !(row.propensity() > 0)) {
			return null;
		}
		List<Action> actions = Action.of(row.candidates());
		int chosen = actions.indexOf(new Action(row.provider(), row.sku()));
		if (chosen < 0) {
			return null;
		}
		Features features = Featurizer.fromTrace(row.context(), row.psi());
		if (!sample) {
			double value = value(row, weights);
			return Double.isNaN(value) ? null : LoggedDecision.shadow(features, actions, chosen, value);
		}
		return new LoggedDecision(features, actions, chosen, loggedPropensity(row), value(row, weights));
	}

	/**
	 * Adds a decision whose task ran where the caller's rules chose to the shadow summary: what ran, what the service
	 * had answered, and whether that answer was an exploration (null for a failover placement, which the trace's
	 * exploration, its failed first choice's, does not describe).
	 */
	private static void tally(ShadowDecisions.Tally shadow, EvaluationRow row, double value, boolean sample) {
		Boolean explored = Boolean.FALSE.equals(row.router().get("first_choice")) ? null : row.explored();
		shadow.add(ran(row), new Action(row.provider(), row.sku()), explored, value, sample);
	}

	/** The candidate the caller's rules ran a shadow decision's task on. */
	private static Action ran(EvaluationRow row) {
		return new Action(row.ranOnProvider(), row.ranOnSku());
	}

	/**
	 * A decision whose task ran on the candidate the caller's rules chose: a sample, weighted by the propensity its
	 * feedback gave, when it was a shadow decision and the rules chose at random, and otherwise a shadow decision, to
	 * train an evaluation's models on.
	 */
	private static @Nullable LoggedDecision ruled(EvaluationRow row, double value) {
		List<Action> actions = Action.of(row.candidates());
		int ran = actions.indexOf(ran(row));
		if (ran < 0) {
			return null;
		}
		Features features = Featurizer.fromTrace(row.context(), row.psi());
		Double propensity = row.ranPropensity();
		return randomised(row) && propensity != null ? LoggedDecision.ruled(features, actions, ran, propensity, value)
				: LoggedDecision.shadow(features, actions, ran, value);
	}

	/**
	 * Whether a shadow decision's feedback gave the propensity its rules chose at random with: at least
	 * {@value #MIN_CHANCE} (a smaller one would weigh it more than a million times) and below 1 (rules that always pick
	 * it give no sample of any other choice).
	 */
	private static boolean randomised(EvaluationRow row) {
		Double propensity = row.ranPropensity();
		return Boolean.TRUE.equals(row.router().get("shadow")) && propensity != null && propensity >= MIN_CHANCE
				&& propensity < 1 - 1e-9;
	}

	/**
	 * The reward a row's feedback earned or, with {@code weights}, its weighted objective score; NaN when its feedback
	 * did not report a positively weighted objective (scoring it 0 would pass for a neutral outcome, where learning
	 * skips it).
	 */
	private static double value(EvaluationRow row, Map<String, Double> weights) {
		if (weights.isEmpty()) {
			return row.reward();
		}
		Map<String, Double> scores = RewardFunction.objectives(row.components(), row.outcome(), row.refused());
		double value = 0;
		for (Map.Entry<String, Double> w : weights.entrySet()) {
			Double score = scores.get(w.getKey());
			if (score == null && w.getValue() > 0) {
				return Double.NaN;
			}
			value += score == null ? 0 : w.getValue() * score;
		}
		return value;
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
