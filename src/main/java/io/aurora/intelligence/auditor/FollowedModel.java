package io.aurora.intelligence.auditor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.strategist.Transition;

/**
 * The model and how far into the feedback log it has learned, under one lock: the last entry applied,
 * the import the model descends from, and whether entries were learned that no refit has published.
 * Whatever moves them holds the lock (the last entry applied may be read without it); the methods
 * say which take the lock themselves.
 */
final class FollowedModel {

	/** Log entries read and applied under one hold of the lock. */
	static final int PAGE = 256;

	private final Strategist strategist;

	/** Watches for the log going back behind the model. */
	private final LogRollback rollback;

	private final ReentrantLock order = new ReentrantLock();

	private volatile long applied;

	/** The import the model descends from (0: none), recorded with each checkpoint. */
	private long lineage;

	/** Whether entries were observed on the writer thread that no refit has published yet. */
	private volatile boolean unpublished;

	FollowedModel(Strategist strategist, LogRollback rollback) {
		this.strategist = strategist;
		this.rollback = rollback;
	}

	/** Takes the lock, waiting as long as it takes. */
	void lock() {
		order.lock();
	}

	/** Takes the lock if it is free at once. */
	boolean tryLock() {
		return order.tryLock();
	}

	/** Takes the lock, waiting at most {@code millis} ms. */
	boolean tryLock(long millis) throws InterruptedException {
		return order.tryLock(millis, TimeUnit.MILLISECONDS);
	}

	/** Gives the lock back. */
	void unlock() {
		order.unlock();
	}

	/** The last log entry applied to the model; read without the lock. */
	long applied() {
		return applied;
	}

	/** The import the model descends from (0: none); under the lock. */
	long lineage() {
		return lineage;
	}

	/** Puts a snapshot's model, already prepared from it, in use as of its log entry; under the lock. */
	void install(SnapshotStore.Snapshot snapshot, Policy prepared) {
		strategist.install(prepared);
		applied = snapshot.seq();
		rollback.forget();
		lineage = snapshot.lineage();
	}

	/**
	 * Puts an imported model, stored as snapshot {@code id} as of log entry {@code seq}, in use, unless
	 * an import at least as new already is; returns whether it did. Under the lock.
	 */
	boolean installImport(long id, long seq, Policy prepared) {
		if (id <= lineage) {
			return false;
		}
		lineage = id;
		strategist.install(prepared);
		applied = seq;
		rollback.forget();
		return true;
	}

	/** Learns this replica's own entry {@code seq}, the next in log order, without publishing it; under the lock. */
	void observe(long seq, String traceId, Transition transition) {
		strategist.observe(transition);
		applied = seq;
		rollback.applied(seq, traceId);
		unpublished = true;
	}

	/**
	 * Applies {@code page}, read after the last applied entry, and returns whether more may follow; a
	 * page that begins after a gap retention left is not applied (the snapshot that bridges it is read
	 * outside the lock). Under the lock.
	 */
	boolean applyPage(List<LoggedFeedback> page) {
		if (!page.isEmpty() && page.get(0).seq() > applied + 1) {
			return true;
		}
		apply(page);
		return page.size() == PAGE;
	}

	/** Applies entries that follow on from the last applied one, then publishes them; under the lock. */
	void apply(List<LoggedFeedback> entries) {
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
			refit();
		}
	}

	/** Publishes what was learned since the last refit; under the lock. */
	void refit() {
		strategist.refit();
		unpublished = false;
	}

	/** Publishes what {@link #observe} learned but no refit published; takes the lock when there is any. */
	void publishPending() {
		if (!unpublished) {
			return;
		}
		order.lock();
		try {
			refit();
		}
		finally {
			order.unlock();
		}
	}

	/** The model as a document: policy, learning rules, parameters, update count, log position and learned state; takes the lock. */
	Map<String, Object> document() {
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

	/** The model as of the last applied entry, copied for a checkpoint; takes the lock. */
	Checkpoints.Copy copy() {
		order.lock();
		try {
			return new Checkpoints.Copy(applied, lineage, strategist.policyName(), strategist.exportState());
		}
		finally {
			order.unlock();
		}
	}

	/** The entries remembered against a rollback, with the last applied one, read together; takes the lock. */
	Seen seen() {
		order.lock();
		try {
			return new Seen(applied, rollback.remembered());
		}
		finally {
			order.unlock();
		}
	}

	/**
	 * What a rollback check compares with the log.
	 *
	 * @param applied the last entry applied
	 * @param remembered the last entries applied, by number, with their trace ids
	 */
	record Seen(long applied, Map<Long, String> remembered) {
	}

}
