package io.aurora.intelligence.auditor;

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

	/** A rescorer on {@code scale} for every decision, whatever its {@code latency_ms} (the seed's rule). */
	public static RewardRescorer fixed(RewardFunction.Scale scale) {
		return new RewardRescorer(new AuditorProperties(86_400, 0, 0, scale.latencyMs(), scale.cost(),
				AuditorProperties.LatencyReference.FIXED));
	}

	/**
	 * The reward {@code outcome}, as the feedback log keeps it, earns now for a decision made with {@code context};
	 * null when it holds none of an outcome's fields in their types, which no stored feedback lacks.
	 */
	public @Nullable Reward rescore(Map<String, ?> context, Map<String, ?> outcome) {
		Double latency = outcome.get("latency_ms") instanceof Number n ? n.doubleValue() : null;
		Double cost = outcome.get("cost") instanceof Number n ? n.doubleValue() : null;
		Integer failures = outcome.get("failures") instanceof Number n ? n.intValue() : null;
		Boolean sloHit = outcome.get("slo_hit") instanceof Boolean b ? b : null;
		if (latency == null && cost == null && failures == null && sloHit == null) {
			return null;
		}
		return RewardFunction.reward(new Outcome(latency, cost, failures, sloHit), properties.rewardScale(context),
				properties.rewardLatencyReference() == AuditorProperties.LatencyReference.REQUEST);
	}

}
