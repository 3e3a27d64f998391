package io.aurora.intelligence.store;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A feedback log entry joined with its trace, as replayed to rebuild the model: the decision's
 * context, Ψ reading, candidates and choice, the reward, and the Ψ reading at feedback time (absent
 * in entries logged before it was recorded).
 */
public record LoggedFeedback(long seq, String provider, String sku, double reward, Map<String, Object> components,
		Map<String, Object> outcome,
		List<Map<String, Object>> candidates, Map<String, Object> context, Map<String, Object> psi,
		@Nullable Double nextCoherence, @Nullable Double nextDensity) {
}
