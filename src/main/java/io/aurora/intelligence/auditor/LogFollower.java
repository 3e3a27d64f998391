package io.aurora.intelligence.auditor;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.aurora.intelligence.config.Periodic;
import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.strategist.Transition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
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
 * models imported on any replica.
 */
@Component
class LogFollower implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LogFollower.class);

	static final long POLL_MS = 200;

	/** Log entries read and applied under one hold of the model's lock. */
	private static final int PAGE = 256;

	/** The most other replicas' entries a commit applies before its own on the writer thread. */
	static final int INLINE_GAP = 64;

	/** The longest the store's writer thread waits for the model's lock before leaving its entry to the poller. */
	static final long WRITER_WAIT_MS = 200;

	private final TraceStore store;

	private final SnapshotStore snapshots;

	private final Strategist strategist;

	private volatile long lastImport;

	/** The import the model descends from (0: none), recorded with each checkpoint. */
	private long lineage;

	private final Checkpoints checkpoints;

	/** Watches for the log going back behind the model. */
	private final LogRollback rollback;

	private final ReentrantLock order = new ReentrantLock();

	/** One whole-model copy at a time: imports, exports, checkpoints and loads of imports made elsewhere. */
	private final ModelCopies copies;

	private volatile long applied;


	/** Whether entries were observed on the writer thread that no refit has published yet. */
	private volatile boolean unpublished;

	/** Whether the writer thread's wait for the model's lock timed out in the batch it is finishing; its own. */
	private boolean writerGaveUp;

	private volatile boolean failing;

	/** Whether loading an import made on another replica failed at the last poll. */
	private boolean importFailing;

	private final Periodic poller = new Periodic("log-follower", this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);

	/**
	 * Rebuilds the model from the newest snapshot and the log after it. The configuration is marked as
	 * running first, so that no replica's retention deletes log entries this replay still has to read.
	 */
	LogFollower(TraceStore store, SnapshotStore snapshots, Strategist strategist, AuditorProperties properties, Clock clock,
			ApplicationEventPublisher events) {
		this(store, snapshots, strategist, properties, clock, events, new ModelCopies());
	}

	/** As the other constructor, with the slot that whole-model copies take. */
	@Autowired
	LogFollower(TraceStore store, SnapshotStore snapshots, Strategist strategist, AuditorProperties properties, Clock clock,
			ApplicationEventPublisher events, ModelCopies copies) {
		this.copies = copies;
		this.store = store;
		this.rollback = new LogRollback(store, snapshots, events);
		this.snapshots = snapshots;
		this.strategist = strategist;
		this.checkpoints = new Checkpoints(snapshots, strategist::fingerprint, properties.checkpointIntervalS());
		long start = System.nanoTime();
		snapshots.markRunning(strategist.fingerprint(), clock.millis());
		lastImport = snapshots.latestImportId(strategist.fingerprint());
		SnapshotStore.Snapshot restored = restoreSnapshot();
		long fromSnapshot = restored == null ? 0 : restored.seq();
		catchUp();
		if (restored != null && snapshots.exists(restored.id())) {
			checkpoints.stored(fromSnapshot);
		}
		else {
			// The settings' first snapshot (or one to replace a snapshot of long-unused settings that retention
			// deleted while this start read it), at once: the next start replays only what follows it, and
			// replicas of versions that know no configurations table keep the log it needs from now on.
			checkpoints.writeNow(applied, this::copy);
		}
		long millis = (System.nanoTime() - start) / 1_000_000;
		if (fromSnapshot > 0) {
			log.info("Model rebuilt from a snapshot at entry {} and {} later feedback log entries in {} ms", fromSnapshot,
					applied - fromSnapshot, millis);
		}
		else {
			log.info("Model rebuilt from {} feedback log entries in {} ms", applied, millis);
		}
	}

	/**
	 * Loads the newest snapshot for this configuration; returns it, or null when none was installed. It is
	 * read and parsed outside the model's lock, which only its installation takes, and is not installed
	 * should an import it does not descend from have been put in use meanwhile.
	 */
	private SnapshotStore.@Nullable Snapshot restoreSnapshot() {
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
		order.lock();
		try {
			if (snapshot.lineage() < lineage) {
				return null;
			}
			install(snapshot, prepared);
			return snapshot;
		}
		finally {
			order.unlock();
		}
	}

	/** Puts a snapshot's model, already prepared from it, in use as of its log entry; under the model's lock. */
	private void install(SnapshotStore.Snapshot snapshot, Policy prepared) {
		strategist.install(prepared);
		applied = snapshot.seq();
		rollback.forget();
		lineage = snapshot.lineage();
	}

	/**
	 * The model as a document (policy, learning rules, parameters, update count, log position and learned
	 * state), handed to {@code serializer} as the one model copy being made.
	 * @throws ModelBusyException when another copy is being made for longer than an export waits
	 */
	<T> T export(Function<Map<String, Object>, T> serializer) {
		try (ModelCopies.Held held = copies.take("an export")) {
			return serializer.apply(document());
		}
	}

	private Map<String, Object> document() {
		order.lock();
		try {
			Map<String, Object> model = new LinkedHashMap<>();
			model.put("policy", strategist.policyName());
			model.put("learning_rules", strategist.learningRules());
			model.put("parameters", strategist.parameters());
			model.put("updates", strategist.stats().updates());
			model.put("log_seq", applied);
			model.put("state", strategist.exportState());
			return model;
		}
		finally {
			order.unlock();
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
			install(state);
		}
		try {
			catchUp();
		}
		catch (RuntimeException ex) {
			log.warn("Model imported; the feedback after entry {} is applied once the log can be read: {}", applied, ex.toString());
		}
	}

	/**
	 * Validates an imported state, stores it as it came (preparing is deterministic, so every loader
	 * prepares the same model from it, and storing it saves exporting a second copy) and puts it in use.
	 * Whatever the document held beyond the model (ignored keys, entries past the caps) is stored with it
	 * until a checkpoint of the model replaces it.
	 */
	private void install(Map<String, Object> state) {
		Policy prepared = strategist.prepare(state);
		long seq = applied;
		long id = snapshots.save(seq, strategist.policyName(), strategist.fingerprint(), true, 0, state);
		order.lock();
		try {
			lastImport = Math.max(lastImport, id);
			if (id <= lineage) {
				return;
			}
			lineage = id;
			strategist.install(prepared);
			applied = seq;
			rollback.forget();
			checkpoints.stored(seq);
		}
		finally {
			order.unlock();
		}
	}

	/** The last log entry applied to the model. */
	long applied() {
		return applied;
	}

	/**
	 * Applies this replica's own entry, just committed as {@code seq}, on the store's writer thread; when
	 * other replicas' entries came first, reads and applies them with it if they are at most
	 * {@value #INLINE_GAP}, else leaves them to the poller, so that a backlog never holds up commits.
	 * It leaves its entry to the poller too when the model stays locked for over {@value #WRITER_WAIT_MS}
	 * ms (a checkpoint or export copying a large model), so that no copy holds up the store's writes.
	 * {@link #refit} completes it once the commit's batch has been applied.
	 */
	void committed(long seq, String traceId, Transition transition) {
		boolean behind = false;
		if (!lockForWriter()) {
			poller.runSoon();
			return;
		}
		try {
			if (seq == applied + 1) {
				strategist.observe(transition);
				applied = seq;
				rollback.applied(seq, traceId);
				unpublished = true;
			}
			else if (seq > applied && seq - applied - 1 <= INLINE_GAP) {
				behind = applyPage(store.logAfterOnWriterThread(applied, PAGE));
			}
			else {
				behind = seq > applied || rollback.reissued(seq, traceId);
			}
		}
		finally {
			order.unlock();
		}
		if (behind) {
			poller.runSoon();
		}
	}

	/**
	 * Completes the learning of the entries {@link #committed} since the last refit, or leaves it to the
	 * poller when the model stays locked for over {@value #WRITER_WAIT_MS} ms.
	 */
	void refit() {
		boolean locked = lockForWriter();
		writerGaveUp = false;
		if (!locked) {
			poller.runSoon();
			return;
		}
		try {
			strategist.refit();
			unpublished = false;
		}
		finally {
			order.unlock();
		}
	}

	/**
	 * Takes the model's lock for the store's writer thread, waiting at most {@value #WRITER_WAIT_MS} ms
	 * once per batch: after a wait that timed out, the rest of the batch (up to its refit) does not wait.
	 */
	private boolean lockForWriter() {
		try {
			if (writerGaveUp ? order.tryLock() : order.tryLock(WRITER_WAIT_MS, TimeUnit.MILLISECONDS)) {
				return true;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		writerGaveUp = true;
		return false;
	}

	/** Publishes what {@link #committed} observed but no refit completed. */
	private void publishPending() {
		if (!unpublished) {
			return;
		}
		order.lock();
		try {
			strategist.refit();
			unpublished = false;
		}
		finally {
			order.unlock();
		}
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
			long from = applied;
			List<LoggedFeedback> page = store.logAfter(from, PAGE);
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
			order.lock();
			try {
				List<LoggedFeedback> unapplied = page.stream().filter(entry -> entry.seq() > applied).toList();
				if (gap && applied == from) {
					if (covering.isPresent() && covering.get().snapshot().lineage() >= lineage) {
						install(covering.get().snapshot(), covering.get().prepared());
						more = true;
					}
					else {
						apply(unapplied);
						more = page.size() == PAGE;
					}
				}
				else if (!unapplied.isEmpty() && unapplied.get(0).seq() != applied + 1) {
					more = applyPage();
				}
				else {
					apply(unapplied);
					more = page.size() == PAGE;
				}
			}
			finally {
				order.unlock();
			}
		}
		while (more);
	}

	/**
	 * Applies the next page of committed entries, under the model's lock; returns whether more may
	 * follow. A page after a gap that retention left is not applied: {@link #catchUp} crosses it with
	 * the snapshot that includes it, read outside the lock.
	 */
	private boolean applyPage() {
		return applyPage(store.logAfter(applied, PAGE));
	}

	/** Applies {@code page}, read after the last applied entry under the model's lock; see {@link #applyPage()}. */
	private boolean applyPage(List<LoggedFeedback> page) {
		if (!page.isEmpty() && page.get(0).seq() > applied + 1) {
			return true;
		}
		apply(page);
		return page.size() == PAGE;
	}

	/** Applies entries that follow on from the last applied one, then publishes them; under the model's lock. */
	private void apply(List<LoggedFeedback> entries) {
		if (entries.isEmpty()) {
			return;
		}
		try {
			for (LoggedFeedback entry : entries) {
				strategist.observe(Transitions.of(entry));
				applied = entry.seq();
				if (entry.traceId() != null) {
					rollback.applied(entry.seq(), entry.traceId());
				}
			}
		}
		finally {
			strategist.refit();
			unpublished = false;
		}
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
		try {
			loadNewImport();
			importFailing = false;
		}
		catch (RuntimeException ex) {
			if (!importFailing) {
				log.warn("Cannot check for, or load, a model imported on another replica; retried at every poll: {}",
						ex.toString());
			}
			importFailing = true;
		}
		try {
			catchUp();
			long seen;
			Map<Long, String> remembered;
			order.lock();
			try {
				seen = applied;
				remembered = rollback.remembered();
			}
			finally {
				order.unlock();
			}
			if (rollback.behind(seen, remembered)) {
				return;
			}
			publishPending();
			try (ModelCopies.Held held = copies.tryTake()) {
				if (held != null) {
					checkpoints.writeIfDue(applied, this::copy);
				}
			}
			if (failing) {
				log.info("Feedback log reachable again; model at entry {}", applied);
			}
			failing = false;
		}
		catch (RuntimeException ex) {
			if (!failing) {
				log.warn("Cannot read the feedback log; the model stays at entry {}: {}", applied, ex.toString());
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
			if (newestImport > lastImport) {
				log.info("Loading a model imported on another replica");
				restoreSnapshot();
				order.lock();
				try {
					lastImport = Math.max(lastImport, newestImport);
				}
				finally {
					order.unlock();
				}
			}
		}
	}

	/** The model as of the last applied entry, copied under the model's lock for a checkpoint. */
	private Checkpoints.Copy copy() {
		order.lock();
		try {
			return new Checkpoints.Copy(applied, lineage, strategist.policyName(), strategist.exportState());
		}
		finally {
			order.unlock();
		}
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
