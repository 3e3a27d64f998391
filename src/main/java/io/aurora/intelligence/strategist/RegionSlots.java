package io.aurora.intelligence.strategist;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.jspecify.annotations.Nullable;

/**
 * SquareCB's region features: {@code max} one-hot slots, given to regions as learning meets them.
 * Once all are taken, a new region takes the slot of the least recently learned one if that region
 * has gone {@code idleUpdates} learning steps without being learned (the caller clears the slot in
 * every model first), and goes without a region feature otherwise: regions that stopped coming (or a
 * burst of made-up ones) cannot hold the slots for ever, and more regions in steady use than slots do
 * not make the slots change hands all the time. Everything depends only on the log, so replicas agree.
 * Decisions read the slots as of the last {@link #publish}; learning is serialised.
 */
final class RegionSlots {

	private final int max;

	private final Map<String, Integer> slots = new HashMap<>();

	private final LearnedOrder<String> order = new LearnedOrder<>();

	/** The learning step at which each region holding a slot was last learned. */
	private final Map<String, Long> lastLearned = new HashMap<>();

	private final long idleUpdates;

	private volatile Map<String, Integer> published = Map.of();

	private boolean changed;

	RegionSlots(int max, long idleUpdates) {
		this.max = max;
		this.idleUpdates = idleUpdates;
	}

	/** The slot decisions see for {@code region}; null when it has none. */
	@Nullable Integer published(String region) {
		return published.get(region);
	}

	/**
	 * The slot learning uses for {@code region} at learning step {@code now}, given one if it has none
	 * and one is free or idle; a slot taken from an idle region is first handed to {@code clear}. Null
	 * when every slot is held by a region learned within the last {@code idleUpdates} steps.
	 */
	@Nullable Integer learn(String region, long now, IntConsumer clear) {
		Integer slot = slots.get(region);
		if (slot != null) {
			touch(region);
			lastLearned.put(region, now);
			return slot;
		}
		if (slots.size() >= max) {
			String oldest = order.oldestFirst().get(0);
			if (now - lastLearned.getOrDefault(oldest, now) <= idleUpdates) {
				return null;
			}
		}
		order.learnedThenForget(region, () -> slots.size() >= max, oldest -> {
			Integer freed = slots.remove(oldest);
			lastLearned.remove(oldest);
			if (freed != null) {
				clear.accept(freed);
			}
		});
		lastLearned.put(region, now);
		int free = 0;
		while (slots.containsValue(free)) {
			free++;
		}
		slots.put(region, free);
		changed = true;
		return free;
	}

	/**
	 * Restores exported slots, the least recently learned region first, each last learned at the step
	 * {@code learnedAt} gives ({@code now} where it gives none).
	 * @throws IllegalArgumentException when slots repeat or fall outside {@code [0, max)}
	 */
	void restore(Map<String, Integer> restored, List<String> oldestFirst, Map<String, Long> learnedAt, long now) {
		slots.clear();
		order.clear();
		lastLearned.clear();
		restored.forEach((region, slot) -> {
			if (slot < 0 || slot >= max || slots.containsValue(slot)) {
				throw new IllegalArgumentException("region indices must be distinct and in [0, " + max + ")");
			}
			slots.put(region, slot);
			lastLearned.put(region, learnedAt.getOrDefault(region, now));
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

	/** The learning step at which each region holding a slot was last learned. */
	Map<String, Long> lastLearned() {
		return Map.copyOf(lastLearned);
	}

}
