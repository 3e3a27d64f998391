package io.aurora.intelligence.auditor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.aurora.intelligence.config.Periodic;
import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.strategist.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the model equal to the feedback log applied in log order. At start it replays the log; then
 * it applies this replica's own feedback as it commits and polls every {@value #POLL_MS} ms for
 * entries committed by other replicas. Log numbers are gap-free and visible in commit order, so
 * every replica applies the same entries in the same order, each exactly once. Every
 * {@code CHECKPOINT_INTERVAL_S}, and right after a start that found no snapshot of its settings, it
 * snapshots the model, so a restart replays only the log after the newest snapshot, and it loads
 * models imported on any replica ({@link Imports}).
 */
@Component
class LogFollower implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LogFollower.class);

	static final long POLL_MS = 200;

	private final TraceStore store;

	private final SnapshotStore snapshots;

	private final Strategist strategist;

	private final Checkpoints checkpoints;

	/** Watches for the log going back behind the model. */
	private final LogRollback rollback;

	/** The model and its place in the log, under the model's lock. */
	private final FollowedModel model;

	/** One whole-model copy at a time: imports, exports, checkpoints, evaluations, and loads of imports or snapshots. */
	private final ModelCopies copies;

	/** Applies this replica's own entries as they commit. */
	private final WriterPath writer;

	/** Puts the newest snapshot, this replica's imports and those of other replicas in use. */
	private final Imports imports;

	private volatile boolean failing;

	private final Periodic poller = new Periodic("log-follower", this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);

	/**
	 * Rebuilds the model from the newest snapshot and the log after it. The configuration is marked as
	 * running first, so that no replica's retention deletes log entries this replay still has to read.
	 * Its whole-model copies (imports, exports, checkpoints, loads) take the slot {@code copies} shares.
	 */
	LogFollower(TraceStore store, SnapshotStore snapshots, Strategist strategist, AuditorProperties properties,
			SweepClock clock, ApplicationEventPublisher events, ModelCopies copies) {
		this.copies = copies;
		this.store = store;
		this.rollback = new LogRollback(store, snapshots, events, System::nanoTime);
		this.model = new FollowedModel(strategist, rollback);
		this.writer = new WriterPath(model, store, rollback, poller::runSoon);
		this.snapshots = snapshots;
		this.strategist = strategist;
		this.checkpoints = new Checkpoints(snapshots, strategist::fingerprint, properties.checkpointIntervalS());
		long start = System.nanoTime();
		snapshots.markRunning(strategist.fingerprint(), clock.storeMillis());
		this.imports = new Imports(snapshots, strategist, model, copies, checkpoints);
		SnapshotStore.Snapshot restored = imports.restoreSnapshot();
		long fromSnapshot = restored == null ? 0 : restored.seq();
		catchUp();
		if (restored != null && snapshots.exists(restored.id())) {
			checkpoints.stored(fromSnapshot);
		}
		else {
			// The settings' first snapshot (or one to replace a snapshot of long-unused settings that retention
			// deleted while this start read it), at once: the next start replays only what follows it, and
			// replicas of versions that know no configurations table keep the log it needs from now on.
			checkpoints.writeNow(model.applied(), model::copy);
		}
		long millis = (System.nanoTime() - start) / 1_000_000;
		if (fromSnapshot > 0) {
			log.info("Model rebuilt from a snapshot at entry {} and the feedback log after it, up to entry {}, in {} ms",
					fromSnapshot, model.applied(), millis);
		}
		else {
			log.info("Model rebuilt from the feedback log up to entry {} in {} ms", model.applied(), millis);
		}
		if (restored == null) {
			snapshots.importedUnderOther(strategist.fingerprint()).ifPresent(other -> log.warn("The newest imported model "
					+ "(PUT /model) was learned under other settings ({}) than these ({}), so it is not used: the model was "
					+ "rebuilt from the retained feedback log alone. Start with those settings again to use it, or import "
					+ "a model exported under these", other, strategist.fingerprint()));
		}
	}

	/**
	 * The model as a document (policy, learning rules, parameters, update count, log position and learned
	 * state), handed to {@code serializer} as the one model copy being made.
	 * @throws ModelBusyException when another copy is being made for longer than an export waits
	 */
	<T> T export(Function<Map<String, Object>, T> serializer) {
		try (ModelCopies.Held held = copies.take("an export")) {
			return serializer.apply(model.document());
		}
	}

	/**
	 * Replaces the model with an imported state: validated first, stored as a snapshot as of the log
	 * entry applied then (so every replica and restart loads it), and only then put in use, with the
	 * entries committed meanwhile applied on top, as every other replica does. The snapshot is stored
	 * outside the model's lock, which the store's writer takes after each commit. An import that a newer
	 * one, loaded meanwhile, supersedes is stored but not put in use.
	 */
	void importModel(Map<String, Object> state) {
		rollback.refuseIfHappened();
		try (ModelCopies.Held held = copies.take("an import")) {
			rollback.refuseIfHappened();
			imports.install(state);
		}
		try {
			catchUp();
		}
		catch (RuntimeException ex) {
			log.warn("Model imported; the feedback after entry {} is applied once the log can be read: {}", model.applied(),
					ex.toString());
		}
	}

	/** The last log entry applied to the model. */
	long applied() {
		return model.applied();
	}

	/** Checkpoints that could not be stored since start. */
	long checkpointFailures() {
		return checkpoints.failures();
	}

	/**
	 * Applies this replica's own entry, just committed as {@code seq}, on the store's writer thread, or
	 * leaves it to the poller ({@link WriterPath#committed}).
	 */
	void committed(long seq, String traceId, Transition transition) {
		writer.committed(seq, traceId, transition);
	}

	/** Publishes what the writer thread's batch applied, or leaves it to the poller ({@link WriterPath#refit}). */
	void refit() {
		writer.refit();
	}

	/**
	 * Applies every committed entry after the last applied one, a page at a time. Each page is read
	 * outside the model's lock, which the store's writer takes after every commit, so a slow read holds
	 * up no commit; under the lock only the entries still unapplied are applied. A gap that retention
	 * left is crossed with the snapshot that includes it, read and parsed outside the lock too, as the one
	 * model copy being made ({@link ModelCopies}; when another is, the round ends there and a later one
	 * crosses it); a page that no longer follows on because an import was installed meanwhile is read
	 * again under the lock.
	 */
	void catchUp() {
		boolean more;
		do {
			long from = model.applied();
			List<LoggedFeedback> page = store.logAfter(from, FollowedModel.PAGE);
			boolean gap = !page.isEmpty() && page.get(0).seq() > from + 1;
			Optional<Covering> covering = Optional.empty();
			if (gap) {
				try (ModelCopies.Held held = copies.tryTake()) {
					if (held == null) {
						return; // another model copy is being made: a later round crosses the gap
					}
					covering = covering(from, page.get(0).seq());
				}
			}
			model.lock();
			try {
				long applied = model.applied();
				List<LoggedFeedback> unapplied = page.stream().filter(entry -> entry.seq() > applied).toList();
				if (gap && applied == from) {
					if (covering.isPresent() && covering.get().snapshot().lineage() >= model.lineage()) {
						model.install(covering.get().snapshot(), covering.get().prepared());
						more = true;
					}
					else {
						model.apply(unapplied);
						more = page.size() == FollowedModel.PAGE;
					}
				}
				else if (!unapplied.isEmpty() && unapplied.get(0).seq() != applied + 1) {
					more = model.applyPage(store.logAfter(applied, FollowedModel.PAGE));
				}
				else {
					model.apply(unapplied);
					more = page.size() == FollowedModel.PAGE;
				}
			}
			finally {
				model.unlock();
			}
		}
		while (more);
	}

	/**
	 * The newest snapshot of this configuration, prepared for use, when it includes the entries from
	 * {@code from + 1} to {@code next - 1} that retention deleted (which happens only to a replica
	 * stopped or cut off for longer than {@code RETENTION_S}); empty, with a warning, when none does.
	 * It reads and parses, so {@link #catchUp} calls it outside the model's lock.
	 */
	private Optional<Covering> covering(long from, long next) {
		var snapshot = snapshots.latest(strategist.fingerprint()).filter(s -> s.seq() > from);
		if (snapshot.isPresent() && snapshot.get().seq() >= next - 1) {
			try {
				Policy prepared = strategist.prepare(snapshot.get().model());
				log.info("Feedback log entries {} to {} are deleted by retention; loading the snapshot at entry {}",
						from + 1, next - 1, snapshot.get().seq());
				return Optional.of(new Covering(snapshot.get(), prepared));
			}
			catch (IllegalArgumentException ex) {
				log.warn("The snapshot at log entry {} cannot be loaded ({})", snapshot.get().seq(), ex.getMessage());
			}
		}
		log.warn("Feedback log entries {} to {} are deleted by retention and no snapshot of this configuration "
				+ "includes them; the model goes on without them", from + 1, next - 1);
		return Optional.empty();
	}

	/** A snapshot and the model prepared from it. */
	private record Covering(SnapshotStore.Snapshot snapshot, Policy prepared) {
	}

	/**
	 * One round of following: a new import, the log after the last applied entry, a check that the log
	 * has not gone back behind the model, and a checkpoint when due.
	 */
	void poll() {
		store.refreshCountsIfDue();
		imports.poll();
		try {
			catchUp();
			FollowedModel.Seen seen = model.seen();
			if (rollback.behind(seen.applied(), seen.remembered())) {
				return;
			}
			model.publishPending();
			try (ModelCopies.Held held = copies.tryTake()) {
				if (held != null) {
					checkpoints.writeIfDue(model.applied(), model::copy);
				}
			}
			if (failing) {
				log.info("Feedback log reachable again; model at entry {}", model.applied());
			}
			failing = false;
		}
		catch (RuntimeException ex) {
			if (!failing) {
				log.warn("Cannot read the feedback log; the model stays at entry {}: {}", model.applied(), ex.toString());
			}
			failing = true;
		}
	}

	/** Whether the feedback log was seen gone back behind the model: the replica then waits to be restarted. */
	boolean rolledBack() {
		return rollback.happened();
	}

	@Override
	public void start() {
		poller.start();
	}

	@Override
	public void stop() {
		poller.stop();
	}

	@Override
	public boolean isRunning() {
		return poller.isRunning();
	}

}
