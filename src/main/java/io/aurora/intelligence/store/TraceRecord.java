package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a decision trace records: what was asked, what the Strategist saw and chose with which
 * probability, what the router answered (or why it did not), and how long each phase took.
 */
public record TraceRecord(String traceId, String taskId, Instant createdAt, String state, String provider, String sku,
		List<Map<String, Object>> candidates, Map<String, Object> context, Map<String, Object> psi, double qValue,
		double propensity, double epsilon, String exploration, double score, String scoreSource,
		Map<String, Object> router, Map<String, Object> timings, String policy) {
}
