package io.aurora.intelligence.auditor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The seed's reward rule, exactly: {@code 0.4·clamp((200 − latency_ms)/200) + 0.3·clamp(1 − cost)
 * + 0.2·(slo_hit ? 1 : −0.5) + 0.1·(failures > 0 ? −min(1, failures/3) : 1)}, each part only when its
 * field is present (a missing {@code failures} counts as 0), clamped to [-1, 1] and rounded to six
 * decimals; the 200 ms and the cost of 1 are its {@link Scale}, which a deployment may change. Plain Java.
 */
public final class RewardFunction {

	/** The seed's scale: a latency of 200 ms and a cost of 1 score 0. */
	public static final Scale SEED = new Scale(200, 1);

	private RewardFunction() {
	}

	/**
	 * The latency and the cost that score 0 on their parts of the reward ({@code REWARD_LATENCY_MS},
	 * {@code REWARD_COST}): none scores 1, twice as much −1, and anything beyond that −1 too.
	 */
	public record Scale(double latencyMs, double cost) {
	}

	/** Scores an outcome on the seed's scale. */
	public static Reward reward(Outcome outcome) {
		return reward(outcome, SEED);
	}

	/** Scores an outcome, its latency and cost against {@code scale}. */
	public static Reward reward(Outcome outcome, Scale scale) {
		return reward(outcome, scale, false);
	}

	/**
	 * Scores an outcome against {@code scale}; with {@code statingLatencyReference}, a scored latency's components
	 * also give the latency that scored 0 ({@code latency_reference_ms}), which then differs from one decision to
	 * another.
	 */
	static Reward reward(Outcome outcome, Scale scale, boolean statingLatencyReference) {
		Reward scored = score(outcome, scale, statingLatencyReference);
		return new Reward(scored.total(), scored.components(), explain(scored.total(), scored.components()));
	}

	/**
	 * As {@link #reward(Outcome, Scale, boolean)}, without the explanation (empty), for an evaluation that scores many
	 * logged outcomes again and reads only their totals and components.
	 */
	static Reward score(Outcome outcome, Scale scale, boolean statingLatencyReference) {
		Map<String, Object> components = new LinkedHashMap<>();
		double total = 0;
		if (outcome.latencyMs() != null) {
			double latencyScore = clamp((scale.latencyMs() - outcome.latencyMs()) / scale.latencyMs());
			components.put("latency_score", round(latencyScore));
			if (statingLatencyReference) {
				components.put("latency_reference_ms", scale.latencyMs());
			}
			total += 0.4 * latencyScore;
		}
		if (outcome.cost() != null) {
			double costScore = clamp(1 - outcome.cost() / scale.cost());
			components.put("cost_score", round(costScore));
			total += 0.3 * costScore;
		}
		if (outcome.sloHit() != null) {
			components.put("slo_hit", outcome.sloHit());
			total += 0.2 * (outcome.sloHit() ? 1 : -0.5);
		}
		int failures = outcome.failures() == null ? 0 : outcome.failures();
		components.put("failures", failures);
		total += 0.1 * (failures > 0 ? -Math.min(1, failures / 3.0) : 1);
		return new Reward(round(clamp(total)), components, "");
	}

	/**
	 * A router's refusal of the candidate: the rule's components of its logged outcome (3 failures, SLO
	 * missed) for the record, scored the least reward, -1, not the -0.2 the rule gives them, so that a
	 * candidate that cannot be placed never looks better than one placed, however poor its outcome.
	 */
	static Reward refusal(Outcome outcome) {
		return new Reward(-1, reward(outcome).components(), "Refused by the router: the least reward, -1");
	}

	/**
	 * The score on each objective of an outcome that reported every field, from its reward's
	 * components; see {@link #objectives(Map, Map, boolean)}.
	 */
	public static Map<String, Double> objectives(Map<String, Object> components) {
		return objectives(components, Map.of("failures", true, "slo_hit", true), false);
	}

	/**
	 * The outcome's score on each objective, from a reward's components and the outcome as received:
	 * {@code latency} and {@code cost} are the latency and cost scores, {@code reliability} weighs the SLO
	 * part and the failures part 2:1, as the reward does, over those of the two the outcome reported.
	 * Objectives the outcome did not report are absent (the reward's rule counts a missing
	 * {@code failures} as 0, but no objective is learned from what was not observed), except that a
	 * router's {@code refused} placement scores the worst, -1, on latency and cost, which it never
	 * delivered: otherwise, weighed on those alone, a candidate the router always refuses would never
	 * look worse than one it places.
	 */
	public static Map<String, Double> objectives(Map<String, Object> components, Map<String, ?> outcome, boolean refused) {
		Map<String, Double> objectives = new LinkedHashMap<>();
		double unreported = refused ? -1.0 : Double.NaN;
		if (components.get("latency_score") instanceof Number n) {
			objectives.put("latency", n.doubleValue());
		}
		else if (!Double.isNaN(unreported)) {
			objectives.put("latency", unreported);
		}
		if (components.get("cost_score") instanceof Number n) {
			objectives.put("cost", n.doubleValue());
		}
		else if (!Double.isNaN(unreported)) {
			objectives.put("cost", unreported);
		}
		boolean failuresReported = outcome.get("failures") != null;
		int failures = components.get("failures") instanceof Number n ? n.intValue() : 0;
		double failurePart = failures > 0 ? -Math.min(1, failures / 3.0) : 1;
		if (components.get("slo_hit") instanceof Boolean slo) {
			double sloPart = slo ? 1 : -0.5;
			objectives.put("reliability", round(failuresReported ? (2 * sloPart + failurePart) / 3 : sloPart));
		}
		else if (failuresReported) {
			objectives.put("reliability", round(failurePart));
		}
		return objectives;
	}

	/**
	 * Everything the model learns from one outcome: the {@link #objectives} plus the raw risk signals
	 * {@code latency_ms} and {@code slo} (1 when the SLO was met, 0 when missed), where reported.
	 */
	static Map<String, Double> signals(Map<String, Object> components, Map<String, Object> outcome,
			boolean refused) {
		Map<String, Double> signals = objectives(components, outcome, refused);
		if (outcome.get("latency_ms") instanceof Number latency) {
			signals.put("latency_ms", latency.doubleValue());
		}
		if (outcome.get("slo_hit") instanceof Boolean slo) {
			signals.put("slo", slo ? 1.0 : 0.0);
		}
		return signals;
	}

	/**
	 * The original's words for {@code reward}'s band, which never claim what the outcome did not show: an excellent
	 * one names only the parts that scored well (the original's sentence when latency, cost and SLO all did), and
	 * every band says in brackets what was missed (a latency or cost above the scale's, the SLO, failures) and what was
	 * not reported, so that a failed job scored "good" on its speed and price says it failed.
	 */
	static String explain(double reward, Map<String, Object> components) {
		List<String> good = new ArrayList<>();
		List<String> missed = new ArrayList<>();
		List<String> unreported = new ArrayList<>();
		part(components.get("latency_score"), "low latency", "high latency", "latency", good, missed, unreported);
		part(components.get("cost_score"), "low cost", "high cost", "cost", good, missed, unreported);
		if (components.get("slo_hit") instanceof Boolean slo) {
			(slo ? good : missed).add(slo ? "SLO met" : "SLO missed");
		}
		else {
			unreported.add("SLO");
		}
		if (components.get("failures") instanceof Number n && n.intValue() > 0) {
			missed.add(n.intValue() + (n.intValue() == 1 ? " failure" : " failures"));
		}
		String sentence = reward > 0.5 ? "Excellent outcome" + (good.isEmpty() ? "" : ": " + String.join(", ", good))
				: reward > 0 ? "Good outcome: met most objectives"
						: reward > -0.5 ? "Marginal outcome: some objectives missed" : "Poor outcome: high latency/cost or SLO violation";
		List<String> notes = new ArrayList<>();
		if (!missed.isEmpty()) {
			notes.add(String.join(", ", missed));
		}
		if (!unreported.isEmpty()) {
			int last = unreported.size() - 1;
			notes.add((last == 0 ? unreported.get(0)
					: String.join(", ", unreported.subList(0, last)) + " and " + unreported.get(last)) + " not reported");
		}
		return notes.isEmpty() ? sentence : sentence + " (" + String.join("; ", notes) + ")";
	}

	/** Sorts a latency or cost score into the parts that scored well, those above the scale's, or those not reported. */
	private static void part(@Nullable Object score, String low, String high, String name, List<String> good,
			List<String> missed, List<String> unreported) {
		if (!(score instanceof Number n)) {
			unreported.add(name);
		}
		else if (n.doubleValue() > 0) {
			good.add(low);
		}
		else if (n.doubleValue() < 0) {
			missed.add(high);
		}
	}

	private static double clamp(double v) {
		return Math.max(-1, Math.min(1, v));
	}

	private static double round(double v) {
		return Math.round(v * 1e6) / 1e6;
	}

}
