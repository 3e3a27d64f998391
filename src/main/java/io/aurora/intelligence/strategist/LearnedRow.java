package io.aurora.intelligence.strategist;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Learned values by candidate (one state's for a tabular policy, SquareCB's candidate models), each
 * stamped with when it was last learned, so that a row over its cap forgets its least recently learned
 * candidate. Reads run concurrently with learning; learning is serialised. Importing the values in
 * exported order (least recently learned first) gives the same order, so a restored row forgets the
 * same candidates.
 */
final class LearnedRow<V> {

	private final Map<Action, Stamped<V>> values = new ConcurrentHashMap<>();

	private long clock;

	@Nullable V get(Action action) {
		Stamped<V> stamped = values.get(action);
		return stamped == null ? null : stamped.value();
	}

	/**
	 * Sets {@code action}'s value as the most recently learned, forgetting the least recently learned
	 * other candidate when that makes more than {@code max}; returns whether one was forgotten.
	 */
	boolean learn(Action action, V value, int max) {
		if (values.put(action, new Stamped<>(value, ++clock)) != null || values.size() <= max) {
			return false;
		}
		var oldest = values.entrySet()
			.stream()
			.filter(e -> !e.getKey().equals(action))
			.min(Comparator.comparingLong(e -> e.getValue().stamp()));
		oldest.ifPresent(e -> values.remove(e.getKey()));
		return oldest.isPresent();
	}

	int size() {
		return values.size();
	}

	/** Hands every value to {@code action}, in no particular order. */
	void forEachValue(Consumer<V> action) {
		values.values().forEach(stamped -> action.accept(stamped.value()));
	}

	/** Hands every candidate and its value to {@code action}, in no particular order. */
	void forEach(BiConsumer<Action, V> action) {
		values.forEach((key, stamped) -> action.accept(key, stamped.value()));
	}

	/** The values by candidate, as an immutable copy. */
	Map<Action, V> snapshot() {
		Map<Action, V> copy = new HashMap<>();
		values.forEach((action, stamped) -> copy.put(action, stamped.value()));
		return Map.copyOf(copy);
	}

	void clear() {
		values.clear();
	}

	/** The values, least recently learned first. */
	List<Map.Entry<Action, V>> oldestFirst() {
		return values.entrySet()
			.stream()
			.sorted(Comparator.comparingLong(e -> e.getValue().stamp()))
			.map(e -> Map.entry(e.getKey(), e.getValue().value()))
			.toList();
	}

	private record Stamped<V>(V value, long stamp) {
	}

}
