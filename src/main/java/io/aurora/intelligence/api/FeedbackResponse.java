package io.aurora.intelligence.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to {@code POST /feedback}, in the seed's shape.
 *
 * @param updated whether the model learned from this feedback (always true when answered 200)
 * @param reward the reward in [-1, 1]
 * @param explanation how the reward came about
 * @param qUpdates learning updates applied so far
 */
record FeedbackResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean updated,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double reward,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Explanation explanation,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("q_updates") long qUpdates) {

	/** The reward's parts and a sentence for people. */
	record Explanation(@JsonProperty("total_reward") double totalReward, @Schema(description = """
			The reward's parts, each only when the outcome reported its field: `latency_score` and `cost_score` \
			(from -1 to 1), `slo_hit`, and `failures` (always, 0 when not reported); under \
			`REWARD_LATENCY_REFERENCE=request` also `latency_reference_ms`, the latency that scored 0.""") Map<String, Object> components,
			String explanation) {
	}

}
