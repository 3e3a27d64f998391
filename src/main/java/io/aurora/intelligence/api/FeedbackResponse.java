package io.aurora.intelligence.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code POST /feedback}, in the seed's shape.
 *
 * @param updated whether the model learned from this feedback (always true when answered 200)
 * @param reward the reward in [-1, 1]
 * @param explanation how the reward came about
 * @param qUpdates learning updates applied so far
 */
record FeedbackResponse(boolean updated, double reward, Explanation explanation, @JsonProperty("q_updates") long qUpdates) {

	/** The reward's parts and a sentence for people. */
	record Explanation(@JsonProperty("total_reward") double totalReward, Map<String, Object> components,
			String explanation) {
	}

}
