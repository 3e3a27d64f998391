package io.aurora.intelligence.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code POST /feedback}, in the seed's shape.
 *
 * @param updated whether the model learned from this feedback (always true when answered 200)
 * @param reward the reward in [-1, 1]
 * @param explanation how the reward came about
 * @param qUpdates learning updates applied so far
 * @param ran where the task was learned to have run when the caller's own scheduler chose (the feedback's
 * {@code ran}, or a shadow decision's answer); absent when it ran on the service's choice
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FeedbackResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean updated,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double reward,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Explanation explanation,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("q_updates") long qUpdates,
		@Schema(description = "Where the task was learned to have run, when your own scheduler chose: the ran you sent, "
				+ "or a shadow decision's answer. Absent when it ran on the service's choice") FeedbackRequest.@Nullable Ran ran) {

	/** The reward's parts and a sentence for people. */
	record Explanation(@JsonProperty("total_reward") double totalReward, @Schema(description = """
			The reward's parts, each only when the outcome reported its field: `latency_score` and `cost_score` \
			(from -1 to 1), `slo_hit`, and `failures` (always, 0 when not reported); under \
			`REWARD_LATENCY_REFERENCE=request` also `latency_reference_ms`, the latency that scored 0.""") Map<String, Object> components,
			String explanation) {
	}

}
