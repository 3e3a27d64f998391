package io.aurora.intelligence.store;

import java.util.List;
import java.util.Map;

/** A feedback log entry joined with its trace, as replayed to rebuild the model. */
public record LoggedFeedback(long seq, String state, String provider, String sku, double reward, String nextState,
		List<Map<String, Object>> candidates) {
}
