package io.aurora.intelligence.auditor;

import java.util.LinkedHashMap;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.TraceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Notices the feedback log going back behind the model: its database lost its newest commits (a
 * failover to an asynchronous standby, a restore from backup) and hands out again numbers this
 * replica applied, so it would skip the feedback they now carry and its model would drift from the
 * log for good. It remembers the trace of each of the last {@value #REMEMBERED} entries applied and
 * tells a rollback by a log head below the last applied number, or by another trace under a number
 * it remembers. Seen once, it stays seen: the replica refuses every write from then on (its database may be a
 * stale one it reached after a failover, where nothing it acknowledged would be kept), turns readiness and liveness
 * down, so that it restarts and rebuilds from what the log holds, deletes the snapshots past the first number known
 * lost at every poll for {@link #DELETING_NANOS}, and neither checkpoints nor imports. Its remembered entries are
 * guarded by the follower's lock.
 */
final class LogRollback {

	private static final Logger log = LoggerFactory.getLogger(LogRollback.class);

	/** How many of the last applied entries are remembered, and checked against the log at each poll. */
	static final int REMEMBERED = 256;

	/**
	 * How long after it saw the rollback the replica goes on deleting the snapshots past the last number known intact:
	 * long enough for another replica not yet aware of it to have checkpointed, yet short of deleting for ever the
	 * snapshots of replicas that have since rebuilt from the log, where nothing restarts this one.
	 */
	static final long DELETING_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final TraceStore store;

	private final SnapshotStore snapshots;

	private final ApplicationEventPublisher events;

	/** The last applied entries' traces by log number; guarded by the follower's lock. */
	private final Map<Long, String> applied = new LinkedHashMap<>(2 * REMEMBERED, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
			return size() > REMEMBERED;
		}
	};

	/** The last number known intact once a rollback is seen, else -1. */
	private volatile long intact = -1;

	/** When the rollback was first seen, on the monotonic clock. */
	private volatile long seenAtNanos;

	/** The monotonic clock, in nanoseconds. */
	private final LongSupplier nanoTime;

	LogRollback(TraceStore store, SnapshotStore snapshots, ApplicationEventPublisher events, LongSupplier nanoTime) {
		this.store = store;
		this.snapshots = snapshots;
		this.events = events;
		this.nanoTime = nanoTime;
	}

	/** Remembers an entry applied to the model; under the follower's lock. */
	void applied(long seq, String traceId) {
		applied.put(seq, traceId);
	}

	/** Forgets the remembered entries, once a snapshot or import replaced the model; under the follower's lock. */
	void forget() {
		applied.clear();
	}

	/** The remembered entries, copied; under the follower's lock. */
	Map<Long, String> remembered() {
		return new LinkedHashMap<>(applied);
	}

	/**
	 * Whether this replica's own entry, committed as {@code seq} with {@code traceId} at or below the
	 * last applied number, shows the log handing out again a number applied with another trace; under
	 * the follower's lock. (The poller may have applied the same entry first, which is no rollback.) The
	 * numbers below {@code seq} are taken as intact only until the next poll checks them.
	 */
	boolean reissued(long seq, String traceId) {
		String known = applied.get(seq);
		if (known == null || known.equals(traceId)) {
			return false;
		}
		seen(seq - 1, "holds other feedback under entry " + seq + ", which this model applied");
		return true;
	}

	/**
	 * Whether the log went back behind the model, checked at a poll: its head is below {@code last}
	 * (the last applied number, read before this call; it only grows meanwhile), or it holds other
	 * traces under numbers in {@code remembered}. Once seen, it checks again at every call, lowering the
	 * last number known intact where the log shows more lost (a commit of this replica's own first saw
	 * only its own number reissued), deletes the snapshots past it, and answers true.
	 */
	boolean behind(long last, Map<Long, String> remembered) {
		long head = store.logHead();
		long firstOther = remembered.isEmpty() ? Long.MAX_VALUE : firstReissued(remembered);
		if (head < last || firstOther != Long.MAX_VALUE) {
			seen(Math.min(head, firstOther - 1), head < last ? "ends at entry " + head + ", before entry " + last
					+ " that this model applied" : "holds other feedback under entry " + firstOther + ", which this model applied");
		}
		else if (intact < 0) {
			return false;
		}
		if (nanoTime.getAsLong() - seenAtNanos > DELETING_NANOS) {
			return true;
		}
		try {
			int deleted = snapshots.deleteAfter(intact);
			if (deleted > 0) {
				log.error("Deleted {} snapshots past entry {}, which include lost entries", deleted, intact);
			}
		}
		catch (DataAccessException ex) {
			log.warn("Could not delete the snapshots past entry {} yet; retried at the next poll: {}", intact, ex.toString());
		}
		return true;
	}

	private long firstReissued(Map<Long, String> remembered) {
		LongSummaryStatistics numbers = remembered.keySet().stream().mapToLong(Long::longValue).summaryStatistics();
		Map<Long, String> logged = store.loggedTraceIds(numbers.getMin(), numbers.getMax());
		return remembered.entrySet().stream()
			.filter(entry -> logged.containsKey(entry.getKey()) && !logged.get(entry.getKey()).equals(entry.getValue()))
			.mapToLong(Map.Entry::getKey)
			.min()
			.orElse(Long.MAX_VALUE);
	}

	/**
	 * Notes the log gone back to {@code lastIntact} at most: the first time, takes the replica down; after it, only
	 * ever lowers the number known intact. The writer's thread and the poller may both call it.
	 */
	private synchronized void seen(long lastIntact, String how) {
		long bound = Math.max(0, lastIntact);
		if (intact >= 0) {
			if (bound < intact) {
				log.error("The feedback log {}: entries after {} are lost, not only after {}", how, bound, intact);
				intact = bound;
			}
			return;
		}
		seenAtNanos = nanoTime.getAsLong();
		intact = bound;
		log.error("The feedback log {}: the database lost its newest commits (a failover or a restore), or this replica "
				+ "now reaches another database than it wrote to. It takes no more writes, and restarts to rebuild the model "
				+ "from the log", how);
		store.fence("the feedback log went back behind this replica's model (" + how + "); it is restarting to rebuild");
		AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
		AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
	}

	/** Whether the log was seen gone back behind the model, which stays so until the replica restarts. */
	boolean happened() {
		return intact >= 0;
	}

	/** Refuses a model import once the log went back: the replica is about to rebuild. */
	void refuseIfHappened() {
		if (intact >= 0) {
			throw new DataAccessResourceFailureException(
					"the feedback log went back behind this replica's model; it is restarting to rebuild");
		}
	}

}
