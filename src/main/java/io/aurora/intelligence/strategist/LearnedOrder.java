package io.aurora.intelligence.strategist;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The keys a model has learned, least recently learned first, with a cap: learning one more key
 * beyond it forgets the least recently learned. The order depends only on the sequence of learning,
 * so replicas that apply the same log forget the same keys; exports list keys in this order so a
 * restored model forgets the same ones as the original. Not thread-safe: learning is serialised.
 */
final class LearnedOrder<K> {

	private final int max;

	private final LinkedHashSet<K> order = new LinkedHashSet<>();

	LearnedOrder(int max) {
		if (max < 1) {
			throw new IllegalArgumentException("the cap on learned entries must be at least 1 but was " + max);
		}
		this.max = max;
	}

	/** Marks {@code key} as just learned; returns the key to forget when the cap is exceeded, else null. */
	@Nullable K learned(K key) {
		order.remove(key);
		order.add(key);
		if (order.size() <= max) {
			return null;
		}
		Iterator<K> oldest = order.iterator();
		K forgotten = oldest.next();
		oldest.remove();
		return forgotten;
	}

	/** The learned keys, least recently learned first. */
	List<K> oldestFirst() {
		return new ArrayList<>(order);
	}

	void clear() {
		order.clear();
	}

	int max() {
		return max;
	}

}
