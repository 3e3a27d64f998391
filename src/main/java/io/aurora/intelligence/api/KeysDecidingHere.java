package io.aurora.intelligence.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.aurora.intelligence.store.IdempotencyKeys;

/**
 * Where this process makes every claim of an Idempotency-Key (the SQLite store, which one process holds): which keys
 * its requests are deciding, so that an unanswered claim none of them holds is known never to be answered, whatever
 * its time stamp says (a restart, or a clock stepped back). Each map keeps at most {@value #MAX_KEYS} keys.
 */
final class KeysDecidingHere {

	/**
	 * The most keys one map keeps (about: callers at once may each make room): past it, a key is not noted, or, for the
	 * unreleased claims, the oldest is forgotten (a repeat then answers as without the note).
	 */
	static final int MAX_KEYS = 10_000;

	/** How many requests hold or are taking each key: counted before the claim is written, let go once the outcome is stored. */
	private final Map<String, Integer> holding = new ConcurrentHashMap<>();

	/** Keys whose trace's commit was given up on, with the {@code nanoTime} until which it, and the answer, may still land. */
	private final Map<String, Long> uncertain = new ConcurrentHashMap<>();

	/**
	 * Keys claimed by requests refused before the router was asked whose release failed (or whose claim's commit was
	 * given up on), with the claim's time, for the next repeat to free.
	 */
	private final Map<String, Instant> unreleased = new ConcurrentHashMap<>();

	/** Counts one more request holding or taking {@code key}. */
	void hold(String key) {
		holding.merge(key, 1, Integer::sum);
	}

	/** Counts one request less holding {@code key}. */
	void letGo(String key) {
		holding.computeIfPresent(key, (held, count) -> count == 1 ? null : count - 1);
	}

	/** Notes that {@code key}'s trace, and its answer, may still commit within {@code bound}. */
	void uncertain(String key, Duration bound) {
		if (uncertain.size() >= MAX_KEYS) {
			long now = System.nanoTime();
			uncertain.values().removeIf(until -> until - now <= 0);
		}
		if (uncertain.size() < MAX_KEYS) {
			uncertain.put(key, System.nanoTime() + bound.toNanos());
		}
	}

	/**
	 * Notes that the claim of {@code key} made at {@code at} placed nothing and is still in the store. A full map first
	 * forgets the claims made over {@link IdempotencyKeys#KEPT} before this one, which the store no longer keeps, and
	 * then, if still full, the oldest: a key whose claim is forgotten answers its repeat as without the note.
	 */
	void unreleased(String key, Instant at) {
		if (unreleased.size() >= MAX_KEYS) {
			Instant expired = at.minus(IdempotencyKeys.KEPT);
			unreleased.values().removeIf(claimed -> claimed.isBefore(expired));
		}
		if (unreleased.size() >= MAX_KEYS) {
			unreleased.entrySet().stream().min(Map.Entry.comparingByValue())
				.ifPresent(oldest -> unreleased.remove(oldest.getKey(), oldest.getValue()));
		}
		unreleased.put(key, at);
	}

	/**
	 * Whether {@code key} is being decided here by a request other than the asking one ({@code asking} tells whether
	 * that one is counted itself), or its answer may still commit.
	 */
	boolean beingDecided(String key, boolean asking) {
		Long until = uncertain.get(key);
		return holding.getOrDefault(key, 0) > (asking ? 1 : 0) || until != null && until - System.nanoTime() > 0;
	}

	/** Whether the claim of {@code key} made at {@code claimedAt} placed nothing, and was left in the store. */
	boolean leftUnreleased(String key, Instant claimedAt) {
		Instant at = unreleased.get(key);
		return at != null && at.toEpochMilli() == claimedAt.toEpochMilli();
	}

	/** Forgets that the claim of {@code key} made at {@code claimedAt} was left in the store, once it is released. */
	void released(String key, Instant claimedAt) {
		unreleased.computeIfPresent(key, (left, at) -> at.toEpochMilli() == claimedAt.toEpochMilli() ? null : at);
	}

}
