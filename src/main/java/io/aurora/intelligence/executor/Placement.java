package io.aurora.intelligence.executor;

import java.util.List;
import java.util.Map;

import io.aurora.intelligence.strategist.Decision;

/**
 * A decision ready to be executed: the request it answers, the candidates the policy chose among (each
 * with its metadata), the decision, how long the Strategist took, and whether the caller may teach the
 * model (may send feedback), which decides whether the router's refusals are learned.
 */
public record Placement(String taskId, Map<String, Object> context, List<Map<String, Object>> candidates,
		Decision decision, long strategistNanos, boolean mayTeach) {
}
