package io.aurora.intelligence.auditor;

import java.util.List;

import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * Follows the log on the store's writer thread: applies this replica's own feedback as it commits, and
 * publishes each batch's learning once the batch is applied, never waiting long for the model's lock,
 * and leaves to the poller whatever it cannot apply at once, so that following never holds up commits.
 */
final class WriterPath {

	private static final Logger log = LoggerFactory.getLogger(WriterPath.class);

	/** The most other replicas' entries a commit applies before its own. */
	static final int INLINE_GAP = 64;

	/** The longest the writer waits for the model's lock, once per batch, before leaving its entries to the poller. */
	static final long WRITER_WAIT_MS = 200;

	private final FollowedModel model;

	private final TraceStore store;

	private final LogRollback rollback;

	/** Has the poller run soon, to apply what the writer left. */
	private final Runnable pollSoon;

	/** Whether the wait for the model's lock timed out in the batch being finished; the writer thread's own. */
	private boolean gaveUp;

	WriterPath(FollowedModel model, TraceStore store, LogRollback rollback, Runnable pollSoon) {
		this.model = model;
		this.store = store;
		this.rollback = rollback;
		this.pollSoon = pollSoon;
	}

	/**
	 * Applies this replica's own entry, just committed as {@code seq}; when other replicas' entries came
	 * first, reads and applies them with it if they are at most {@value #INLINE_GAP}, else leaves them to
	 * the poller, so that a backlog never holds up commits. It leaves its entry to the poller too when the
	 * model stays locked for over {@value #WRITER_WAIT_MS} ms (a checkpoint or export copying a large
	 * model). {@link #refit} completes it once the commit's batch has been applied.
	 */
	void committed(long seq, String traceId, Transition transition) {
		boolean behind = false;
		if (!lock()) {
			pollSoon.run();
			return;
		}
		try {
			long applied = model.applied();
			if (seq == applied + 1) {
				model.observe(seq, traceId, transition);
			}
			else if (seq > applied && seq - applied - 1 <= INLINE_GAP) {
				behind = applyGap(applied);
			}
			else {
				behind = seq > applied || rollback.reissued(seq, traceId);
			}
		}
		finally {
			model.unlock();
		}
		if (behind) {
			pollSoon.run();
		}
	}

	/**
	 * Reads and applies the entries after {@code applied}, this replica's own among them; whether some are left
	 * to the poller: those past the page, or all when the store fails the read (it was just reachable, for the
	 * commit, so this is an outage beginning, which the store's own log reports).
	 */
	private boolean applyGap(long applied) {
		List<LoggedFeedback> page;
		try {
			page = store.logAfterOnWriterThread(applied, FollowedModel.PAGE);
		}
		catch (DataAccessException ex) {
			log.debug("Reading the log after entry {} on the writer's connection failed; the poller applies it", applied, ex);
			return true;
		}
		return model.applyPage(page);
	}

	/**
	 * Publishes the learning of the entries {@link #committed} since the last refit, or leaves it to the
	 * poller when the model stays locked for over {@value #WRITER_WAIT_MS} ms; ends the batch.
	 */
	void refit() {
		boolean locked = lock();
		gaveUp = false;
		if (!locked) {
			pollSoon.run();
			return;
		}
		try {
			model.refit();
		}
		finally {
			model.unlock();
		}
	}

	/**
	 * Takes the model's lock, waiting at most {@value #WRITER_WAIT_MS} ms once per batch: after a wait
	 * that timed out, the rest of the batch (up to its refit) does not wait.
	 */
	private boolean lock() {
		try {
			if (gaveUp ? model.tryLock() : model.tryLock(WRITER_WAIT_MS)) {
				return true;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		gaveUp = true;
		return false;
	}

}
