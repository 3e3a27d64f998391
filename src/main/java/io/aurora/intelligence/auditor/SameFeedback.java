package io.aurora.intelligence.auditor;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.aurora.intelligence.store.RecordedFeedback;
import io.aurora.intelligence.strategist.Action;
import org.jspecify.annotations.Nullable;

/**
 * Whether a refused feedback repeats the one recorded ({@code same_outcome}), and the value comparison behind it,
 * which an imported model's reward settings are compared by too.
 */
final class SameFeedback {

	private SameFeedback() {
	}

	/**
	 * Whether a recorded feedback had this outcome and named the same candidate as {@code ran} (or, like it, none), with
	 * the same {@code propensity} (or none).
	 */
	static boolean as(@Nullable RecordedFeedback recorded, Map<String, Object> outcome, @Nullable Action ran,
			@Nullable Double propensity) {
		Map<String, Object> named = null;
		if (ran != null) {
			named = new HashMap<>(Map.of("provider", ran.provider(), "sku", ran.sku()));
			if (propensity != null) {
				named.put("propensity", propensity);
			}
		}
		return recorded != null && sameValue(recorded.outcome(), outcome) && sameValue(recorded.ran(), named);
	}

	/**
	 * Whether two JSON values are the same: numbers compared as numbers ({@code 1} and {@code 1.0} alike), objects
	 * by the same keys with the same values, anything else by equality.
	 */
	static boolean sameValue(@Nullable Object a, @Nullable Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return x.doubleValue() == y.doubleValue();
		}
		if (a instanceof Map<?, ?> m && b instanceof Map<?, ?> n) {
			if (!m.keySet().equals(n.keySet())) {
				return false;
			}
			for (Map.Entry<?, ?> e : m.entrySet()) {
				if (!sameValue(e.getValue(), n.get(e.getKey()))) {
					return false;
				}
			}
			return true;
		}
		return Objects.equals(a, b);
	}

}
