package io.aurora.intelligence.store;

import java.util.List;
import java.util.Map;

/**
 * A traced decision with its feedback and the policy that made it, as offline evaluation reads it;
 * {@code refused} marks the trace of a router's refusal, whose outcome the service logged itself, and
 * {@code epsilon} is the exploration rate the decision was made with (for {@code q-table}, its state's), and
 * {@code receivedAtMs} when its feedback was received.
 */
public record EvaluationRow(long seq, Map<String, Object> context, Map<String, Object> psi, List<Map<String, Object>> candidates,
		String provider, String sku, double propensity, double reward, Map<String, Object> components,
		Map<String, Object> outcome, boolean refused, Map<String, Object> router, String policy, double epsilon,
		long receivedAtMs) {
}
