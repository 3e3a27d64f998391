package io.aurora.intelligence.auditor;

import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.TraceStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Notices the feedback log going back behind the model: its database lost its newest commits (a
 * failover to an asynchronous standby, a restore from backup). The numbers the log hands out next were
 * applied already, so this replica would skip the feedback they carry and its model would drift from
 * the log for good. Seen once, it stays seen: the replica turns liveness BROKEN, so that it restarts
 * and rebuilds from what the log holds, deletes the snapshots holding the lost entries, and from then
 * on neither checkpoints nor imports.
 */
final class LogRollback {

	private static final Logger log = LoggerFactory.getLogger(LogRollback.class);

	private final TraceStore store;

	private final SnapshotStore snapshots;

	private final ApplicationEventPublisher events;

	private volatile boolean happened;

	LogRollback(TraceStore store, SnapshotStore snapshots, ApplicationEventPublisher events) {
		this.store = store;
		this.snapshots = snapshots;
		this.events = events;
	}

	/**
	 * Whether the log went back behind the model: its head is below {@code applied} (read before this
	 * call; it only grows meanwhile), or it holds another trace's feedback under the number of
	 * {@code last}, the last entry applied, since the log handed that number out again.
	 */
	boolean behind(long applied, @Nullable Entry last) {
		if (happened) {
			return true;
		}
		long head = store.logHead();
		boolean reissued = last != null && store.loggedTraceId(last.seq()).filter(id -> !id.equals(last.traceId())).isPresent();
		if (head >= applied && !reissued) {
			return false;
		}
		happened = true;
		log.error("The feedback log ends at entry {} {} but this model has applied entry {}: the database lost its newest "
				+ "commits (a failover or a restore). Restarting to rebuild the model from the log", head,
				reissued ? "and holds other feedback at entry " + last.seq() : "", applied);
		AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
		// Snapshots past the first number known lost; those taken between the rollback and it cannot be told apart.
		long intact = reissued ? Math.min(head, last.seq() - 1) : head;
		try {
			log.error("Deleted {} snapshots past entry {}, which include lost entries", snapshots.deleteAfter(intact), intact);
		}
		catch (DataAccessException ex) {
			log.error("Could not delete the snapshots past entry {}; the next replica to see the log behind it will: {}",
					intact, ex.toString());
		}
		return true;
	}

	/** Refuses a model import once the log went back: the replica is about to rebuild. */
	void refuseIfHappened() {
		if (happened) {
			throw new DataAccessResourceFailureException(
					"the feedback log went back behind this replica's model; it is restarting to rebuild");
		}
	}

	/** A log entry applied to the model: its number and the trace it is the feedback of. */
	record Entry(long seq, String traceId) {
	}

}
