package io.aurora.intelligence.store;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A feedback log entry joined with its trace, as replayed to rebuild the model: the decision's
 * context, Ψ reading, candidates and choice, the reward, whether it is a router's refusal of the
 * candidate (logged by the service, not reported by a caller), and the Ψ reading at feedback time
 * (absent in entries logged before it was recorded), and the trace it is the feedback of.
 */
public record LoggedFeedback(long seq, String provider, String sku, double reward, Map<String, Object> components,
		Map<String, Object> outcome, boolean refused,
		List<Map<String, Object>> candidates, Map<String, Object> context, Map<String, Object> psi,
		@Nullable Double nextCoherence, @Nullable Double nextDensity, @Nullable String traceId) {

	/** An entry whose trace is not known (built by hand, not read from the log). */
	public LoggedFeedback(long seq, String provider, String sku, double reward, Map<String, Object> components,
			Map<String, Object> outcome, boolean refused, List<Map<String, Object>> candidates, Map<String, Object> context,
			Map<String, Object> psi, @Nullable Double nextCoherence, @Nullable Double nextDensity) {
		this(seq, provider, sku, reward, components, outcome, refused, candidates, context, psi, nextCoherence, nextDensity,
				null);
	}

}
