package io.aurora.intelligence.strategist;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The states a tabular policy has learned, least recently learned first, so that a policy over its cap
 * forgets the least recently learned. The order depends only on the sequence of learning, so
 * replicas that apply the same log forget the same keys; exports list keys in this order, so a
 * restored model forgets the same ones as the original. Not thread-safe: learning is serialised.
 */
final class LearnedOrder<K> {

	/** Default cap on the candidates a model keeps learned values for (per state, for the tabular policies). */
	static final int DEFAULT_MAX_ACTIONS = 512;

	/** Default cap on the state-action values a tabular policy keeps. */
	static final int DEFAULT_MAX_PAIRS = 250_000;

	private final LinkedHashSet<K> order = new LinkedHashSet<>();

	private void learned(K key) {
		order.remove(key);
		order.add(key);
	}

	/**
	 * Marks {@code justLearned} as learned, then hands the least recently learned other keys, one at a
	 * time and forgotten here, to {@code forget} while {@code over} holds.
	 */
	void learnedThenForget(K justLearned, BooleanSupplier over, Consumer<K> forget) {
		learned(justLearned);
		while (over.getAsBoolean()) {
			K oldest = oldestOtherThan(justLearned);
			if (oldest == null) {
				return;
			}
			order.remove(oldest);
			forget.accept(oldest);
		}
	}

	private @Nullable K oldestOtherThan(K except) {
		for (K key : order) {
			if (!key.equals(except)) {
				return key;
			}
		}
		return null;
	}

	int size() {
		return order.size();
	}

	/** The learned keys, least recently learned first. */
	List<K> oldestFirst() {
		return new ArrayList<>(order);
	}

	void clear() {
		order.clear();
	}

	static int positive(String name, int cap) {
		if (cap < 1) {
			throw new IllegalArgumentException(name + " must be at least 1 but was " + cap);
		}
		return cap;
	}

}
