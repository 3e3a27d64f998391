package io.aurora.intelligence.executor;

import java.util.List;
import java.util.Map;

import io.aurora.intelligence.strategist.Decision;

/**
 * A decision ready to be executed: the request it answers, the candidate chosen (with its metadata)
 * and how long the Strategist took.
 */
public record Placement(String taskId, Map<String, Object> context, List<Map<String, Object>> candidates,
		Map<String, Object> metadata, Decision decision, long strategistNanos) {
}
