package io.aurora.intelligence.auditor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Scores logged outcomes again on the reward settings this replica runs with ({@code REWARD_LATENCY_MS},
 * {@code REWARD_COST}, {@code REWARD_LATENCY_REFERENCE}), so that an evaluation weighs feedback scored before a change
 * of scale on the same scale as feedback scored after it.
 */
@Component
public class RewardRescorer {

	private final AuditorProperties properties;

	RewardRescorer(AuditorProperties properties) {
		this.properties = properties;
	}

	/**
	 * The settings outcomes are scored on, as an export states them: {@code latency_ms}, {@code cost} and
	 * {@code latency_reference}.
	 */
	public Map<String, Object> scale() {
		Map<String, Object> scale = new LinkedHashMap<>();
		scale.put("latency_ms", properties.rewardLatencyMs());
		scale.put("cost", properties.rewardCost());
		scale.put("latency_reference", properties.rewardLatencyReference().name().toLowerCase(Locale.ROOT));
		return scale;
	}

	/**
	 * The reward {@code outcome}, as the feedback log keeps it, earns now for a decision made with {@code context}, its
	 * total and components (its explanation is left empty); null when it holds none of an outcome's fields in their
	 * types, which no stored feedback lacks.
	 */
	public @Nullable Reward rescore(Map<String, ?> context, Map<String, ?> outcome) {
		Double latency = outcome.get("latency_ms") instanceof Number n ? n.doubleValue() : null;
		Double cost = outcome.get("cost") instanceof Number n ? n.doubleValue() : null;
		Integer failures = outcome.get("failures") instanceof Number n ? n.intValue() : null;
		Boolean sloHit = outcome.get("slo_hit") instanceof Boolean b ? b : null;
		if (latency == null && cost == null && failures == null && sloHit == null) {
			return null;
		}
		return RewardFunction.score(new Outcome(latency, cost, failures, sloHit), properties.rewardScale(context),
				properties.rewardLatencyReference() == AuditorProperties.LatencyReference.REQUEST);
	}

}
