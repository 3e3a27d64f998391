package io.aurora.intelligence.auditor;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

import io.aurora.intelligence.strategist.Action;

/**
 * Refuses an imported model that learned values for a candidate no decision could offer: every entry of
 * its state that names a {@code provider} or {@code sku} must name both as a decision's candidate may
 * (1 to 256 characters, not blank, no control characters, invisible format characters, line separators or
 * unpaired surrogates). Checked at the import
 * only: snapshots this service stored are restored as they were, whatever earlier versions accepted.
 */
final class OfferableNames {

	private OfferableNames() {
	}

	/**
	 * Walks {@code state} (maps and lists, as parsed from JSON) and checks every entry naming a candidate.
	 * @throws IllegalArgumentException naming the first entry that names one no decision could offer
	 */
	static void check(Map<String, Object> state) {
		Deque<Object> pending = new ArrayDeque<>();
		pending.push(state);
		while (!pending.isEmpty()) {
			Object value = pending.pop();
			if (value instanceof Map<?, ?> map) {
				if (map.containsKey("provider") || map.containsKey("sku")) {
					check(map, "provider");
					check(map, "sku");
				}
				pushContainers(map.values(), pending);
			}
			else if (value instanceof Collection<?> list) {
				pushContainers(list, pending);
			}
		}
	}

	/** Only maps and lists go on the stack, so that the numbers of a large model are not copied onto it. */
	private static void pushContainers(Collection<?> values, Deque<Object> pending) {
		for (Object value : values) {
			if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
				pending.push(value);
			}
		}
	}

	private static void check(Map<?, ?> entry, String key) {
		if (!(entry.get(key) instanceof String name) || !Action.offerable(name)) {
			throw new IllegalArgumentException("an entry's '" + key + "' is not one a decision's candidate could offer "
					+ "(a string of 1 to " + Action.MAX_NAME + " characters, not blank, without control characters), "
					+ "so what it learned could never be used");
		}
	}

}
