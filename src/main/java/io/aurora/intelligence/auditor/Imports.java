package io.aurora.intelligence.auditor;

import java.util.Map;
import java.util.Optional;

import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Strategist;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts stored models in use in place of the followed one: the newest snapshot at start, this replica's
 * own imports, and models imported on other replicas, which every poll looks for. It remembers the
 * newest import known, so that a poll loads only one newer than that.
 */
final class Imports {

	private static final Logger log = LoggerFactory.getLogger(Imports.class);

	private final SnapshotStore snapshots;

	private final Strategist strategist;

	/** The model and its place in the log, under the model's lock. */
	private final FollowedModel model;

	/** One whole-model copy at a time: imports, exports, checkpoints, evaluations, and loads of imports or snapshots. */
	private final ModelCopies copies;

	private final Checkpoints checkpoints;

	private volatile long lastImport;

	/** Whether loading an import made on another replica failed at the last poll. */
	private boolean failing;

	/** Starts from the newest import of this configuration stored so far, which only a newer one replaces at a poll. */
	Imports(SnapshotStore snapshots, Strategist strategist, FollowedModel model, ModelCopies copies, Checkpoints checkpoints) {
		this.snapshots = snapshots;
		this.strategist = strategist;
		this.model = model;
		this.copies = copies;
		this.checkpoints = checkpoints;
		this.lastImport = snapshots.latestImportId(strategist.fingerprint());
	}

	/**
	 * Loads the newest snapshot for this configuration; returns it, or null when none was installed. It is
	 * read and parsed outside the model's lock, which only its installation takes, and is not installed
	 * should an import it does not descend from have been put in use meanwhile.
	 */
	SnapshotStore.@Nullable Snapshot restoreSnapshot() {
		Optional<SnapshotStore.Snapshot> latest = snapshots.latest(strategist.fingerprint());
		if (latest.isEmpty()) {
			return null;
		}
		SnapshotStore.Snapshot snapshot = latest.get();
		Policy prepared;
		try {
			prepared = strategist.prepare(snapshot.model());
		}
		catch (IllegalArgumentException ex) {
			log.warn("The snapshot at log entry {} cannot be loaded ({}); the model is rebuilt from the retained log instead",
					snapshot.seq(), ex.getMessage());
			return null;
		}
		model.lock();
		try {
			if (snapshot.lineage() < model.lineage()) {
				return null;
			}
			model.install(snapshot, prepared);
			return snapshot;
		}
		finally {
			model.unlock();
		}
	}

	/**
	 * Validates an imported state, stores it as it came (preparing is deterministic, so every loader
	 * prepares the same model from it, and storing it saves exporting a second copy) and puts it in use.
	 * Whatever the document held beyond the model (ignored keys, entries past the caps) is stored with it
	 * for as long as it is the newest import (a checkpoint of the moved model replaces it only as what
	 * restarts load). The caller holds the model-copy slot.
	 */
	void install(Map<String, Object> state) {
		Policy prepared = strategist.prepare(state);
		long seq = model.applied();
		long id = snapshots.save(seq, strategist.policyName(), strategist.fingerprint(), true, 0, state);
		model.lock();
		try {
			lastImport = Math.max(lastImport, id);
			if (model.installImport(id, seq, prepared)) {
				checkpoints.stored(seq);
			}
		}
		finally {
			model.unlock();
		}
	}

	/**
	 * Loads a model imported on another replica when there is a newer one ({@link #loadNewImport}); a
	 * failure is warned of once while it lasts, and retried at every poll.
	 */
	void poll() {
		try {
			loadNewImport();
			failing = false;
		}
		catch (RuntimeException ex) {
			if (!failing) {
				log.warn("Cannot check for, or load, a model imported on another replica; retried at every poll: {}",
						ex.toString());
			}
			failing = true;
		}
	}

	/**
	 * Loads the newest import of this configuration when it is newer than the model's; left to the next
	 * poll while another model copy is being made, such as this replica's own import of it.
	 */
	private void loadNewImport() {
		long newestImport = snapshots.latestImportId(strategist.fingerprint());
		if (newestImport <= lastImport) {
			return;
		}
		try (ModelCopies.Held held = copies.tryTake()) {
			if (held == null) {
				return;
			}
			// Read again: this replica's own import of it may have been put in use before the slot was free.
			if (newestImport > lastImport) {
				log.info("Loading a model imported on another replica");
				restoreSnapshot();
				model.lock();
				try {
					lastImport = Math.max(lastImport, newestImport);
				}
				finally {
					model.unlock();
				}
			}
		}
	}

}
