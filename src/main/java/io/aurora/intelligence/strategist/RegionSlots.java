package io.aurora.intelligence.strategist;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.jspecify.annotations.Nullable;

/**
 * SquareCB's region features: {@code max} one-hot slots, given to regions as learning meets them.
 * Once all are taken, a new region takes the slot of the least recently learned one, which the caller
 * clears in every model first, so regions that stopped coming (or a burst of made-up ones) cannot hold
 * the slots for ever. The order depends only on the log, so replicas agree. Decisions read the slots as
 * of the last {@link #publish}; learning is serialised.
 */
final class RegionSlots {

	private final int max;

	private final Map<String, Integer> slots = new HashMap<>();

	private final LearnedOrder<String> order = new LearnedOrder<>();

	private volatile Map<String, Integer> published = Map.of();

	private boolean changed;

	RegionSlots(int max) {
		this.max = max;
	}

	/** The slot decisions see for {@code region}; null when it has none. */
	@Nullable Integer published(String region) {
		return published.get(region);
	}

	/**
	 * The slot learning uses for {@code region}, given one if it has none; a slot taken from the least
	 * recently learned region is first handed to {@code clear}.
	 */
	int learn(String region, IntConsumer clear) {
		Integer slot = slots.get(region);
		if (slot != null) {
			touch(region);
			return slot;
		}
		order.learnedThenForget(region, () -> slots.size() >= max, oldest -> {
			Integer freed = slots.remove(oldest);
			if (freed != null) {
				clear.accept(freed);
			}
		});
		int free = 0;
		while (slots.containsValue(free)) {
			free++;
		}
		slots.put(region, free);
		changed = true;
		return free;
	}

	/**
	 * Restores exported slots, the least recently learned region first.
	 * @throws IllegalArgumentException when slots repeat or fall outside {@code [0, max)}
	 */
	void restore(Map<String, Integer> restored, List<String> oldestFirst) {
		slots.clear();
		order.clear();
		restored.forEach((region, slot) -> {
			if (slot < 0 || slot >= max || slots.containsValue(slot)) {
				throw new IllegalArgumentException("region indices must be distinct and in [0, " + max + ")");
			}
			slots.put(region, slot);
		});
		oldestFirst.stream().filter(slots::containsKey).forEach(this::touch);
		slots.keySet().stream().filter(region -> !oldestFirst.contains(region)).sorted((a, b) -> slots.get(a) - slots.get(b))
			.forEach(this::touch);
		changed = true;
		publish();
	}

	/** Marks {@code region} as the most recently learned. */
	private void touch(String region) {
		order.learnedThenForget(region, () -> false, none -> {
		});
	}

	/** Makes the slots learned since the last publication the ones decisions see. */
	void publish() {
		if (changed) {
			published = Map.copyOf(slots);
			changed = false;
		}
	}

	/** The slots by region. */
	Map<String, Integer> slots() {
		return Map.copyOf(slots);
	}

	/** The regions, least recently learned first. */
	List<String> oldestFirst() {
		return order.oldestFirst();
	}

}
