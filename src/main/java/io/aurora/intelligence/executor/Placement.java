package io.aurora.intelligence.executor;

import java.util.List;
import java.util.Map;

import io.aurora.intelligence.strategist.Decision;

/**
 * A decision ready to be executed: the request it answers, the candidates the policy chose among (each
 * with its metadata), the decision, and how long the Strategist took.
 */
public record Placement(String taskId, Map<String, Object> context, List<Map<String, Object>> candidates,
		Decision decision, long strategistNanos) {
}
