package io.aurora.intelligence.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.aurora.intelligence.executor.Placement;
import io.aurora.intelligence.store.IdempotencyKeys;
import org.jspecify.annotations.Nullable;

/**
 * The claims of Idempotency-Keys whose decisions failed here once the router may have been asked: that they were
 * abandoned, so that a repeat reaching this replica is told at once that the first was never answered, and what the
 * router answered, so that the telling names it. Kept in memory, at most {@value #MAX_KEYS} keys, for as long as a
 * claim is kept; a restart, or another replica, knows neither.
 */
final class AbandonedKeys {

	/** The most keys remembered at once; beyond them, a key is not noted (a repeat then answers as without the note). */
	static final int MAX_KEYS = 10_000;

	private final Map<String, Abandoned> keys = new ConcurrentHashMap<>();

	private final Clock clock;

	AbandonedKeys(Clock clock) {
		this.clock = clock;
	}

	/**
	 * An abandoned claim.
	 *
	 * @param claimedAt when the claim was made, which tells it from a later claim of the same key
	 * @param here whether its decision was given up on here (not merely routed)
	 * @param router what the router last answered for it, when its trace failed after the router was asked
	 */
	record Abandoned(Instant claimedAt, boolean here, Placement.@Nullable RouterOutcome router) {
	}

	/** Notes that the decision that claimed {@code key} at {@code claimedAt} failed once the router may have been asked. */
	void abandoned(String key, Instant claimedAt) {
		note(key, claimedAt, true, null);
	}

	/** Notes what the router answered for the decision that claimed {@code key} at {@code claimedAt}, which was not answered. */
	void routed(String key, Instant claimedAt, Placement.RouterOutcome router) {
		note(key, claimedAt, false, router);
	}

	/** The note on the claim of {@code key} made at {@code claimedAt}, or null when there is none. */
	@Nullable Abandoned of(String key, Instant claimedAt) {
		Abandoned noted = keys.get(key);
		return noted != null && sameClaim(noted, claimedAt) ? noted : null;
	}

	/** Whether {@code noted} is of the claim made at {@code claimedAt}, to the store's millisecond. */
	private static boolean sameClaim(Abandoned noted, Instant claimedAt) {
		return noted.claimedAt().toEpochMilli() == claimedAt.toEpochMilli();
	}

	private void note(String key, Instant claimedAt, boolean here, Placement.@Nullable RouterOutcome router) {
		if (keys.size() >= MAX_KEYS) {
			Instant stale = clock.instant().minus(IdempotencyKeys.KEPT);
			keys.values().removeIf(noted -> noted.claimedAt().isBefore(stale));
		}
		if (keys.size() < MAX_KEYS || keys.containsKey(key)) {
			keys.merge(key, new Abandoned(claimedAt, here, router), (old, now) -> !sameClaim(old, now.claimedAt()) ? now
					: new Abandoned(claimedAt, old.here() || now.here(), now.router() != null ? now.router() : old.router()));
		}
	}

}
