package io.aurora.intelligence.auditor;

import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.TraceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Notices the feedback log going back behind the model: its database lost its newest commits (a
 * failover to an asynchronous standby, a restore from backup). The numbers the log hands out next were
 * applied already, so this replica would skip the feedback they carry and its model would drift from
 * the log for good. It deletes the snapshots holding the lost entries and turns liveness BROKEN, so
 * the replica restarts and rebuilds from what the log holds.
 */
final class LogRollback {

	private static final Logger log = LoggerFactory.getLogger(LogRollback.class);

	private final TraceStore store;

	private final SnapshotStore snapshots;

	private final ApplicationEventPublisher events;

	private boolean reported;

	LogRollback(TraceStore store, SnapshotStore snapshots, ApplicationEventPublisher events) {
		this.store = store;
		this.snapshots = snapshots;
		this.events = events;
	}

	/**
	 * Whether the log's head is behind {@code applied}, which must be read before this call (it only
	 * grows meanwhile); the first time it is, the replica is taken down to rebuild.
	 */
	boolean behind(long applied) {
		long head = store.logHead();
		if (head >= applied) {
			return false;
		}
		if (!reported) {
			reported = true;
			int deleted = snapshots.deleteAfter(head);
			log.error("The feedback log ends at entry {} but this model has applied {}: the database lost its newest "
					+ "commits (a failover or a restore). Deleted {} snapshots that include them; restarting to rebuild "
					+ "the model from the log", head, applied, deleted);
			AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
		}
		return true;
	}

}
