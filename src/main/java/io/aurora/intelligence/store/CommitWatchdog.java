package io.aurora.intelligence.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;

/**
 * Keeps the callers waiting for their commit and releases those whose commit is late: a write the
 * writer has not taken by its deadline is withdrawn (so its 503 means it was not stored); one taken
 * but still not committed a timeout later is given up on. One thread doing this replaces a timer per
 * waiting caller.
 */
final class CommitWatchdog {

	private static final Logger log = LoggerFactory.getLogger(CommitWatchdog.class);

	/** How often the watchdog looks for callers whose commit is late. */
	private static final long WATCH_MS = 100;

	private final Set<PendingWrite> waiting = ConcurrentHashMap.newKeySet();

	private final long commitTimeoutMs;

	private volatile boolean running;

	private Thread thread;

	CommitWatchdog(long commitTimeoutMs) {
		this.commitTimeoutMs = commitTimeoutMs;
	}

	void add(PendingWrite pending) {
		waiting.add(pending);
	}

	void remove(PendingWrite pending) {
		waiting.remove(pending);
	}

	/** Releases every waiting caller because the writer ended: unclaimed writes are withdrawn, the others may be stored. */
	void releaseAll(Throwable cause) {
		for (PendingWrite p : waiting) {
			boolean withdrawn = p.claim();
			p.fail(withdrawn ? new DataAccessResourceFailureException("the store's writer stopped; the write was withdrawn", cause)
					: new CommitUncertainException("the store's writer stopped during the write's commit; it may be stored", cause));
		}
	}

	/** Releases the callers whose commit is late at this moment. */
	void watch() {
		long now = System.nanoTime();
		for (PendingWrite p : waiting) {
			long late = now - p.deadline();
			if (late < 0 || p.answered()) {
				continue;
			}
			if (p.claim()) {
				p.fail(new QueryTimeoutException("no commit within " + commitTimeoutMs + " ms; the write was withdrawn"));
			}
			else if (late > TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs)) {
				p.fail(new CommitUncertainException("no commit within " + 2 * commitTimeoutMs + " ms; it may yet be stored"));
			}
		}
	}

	private void loop() {
		while (running) {
			try {
				Thread.sleep(WATCH_MS);
				watch();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				log.error("Store watchdog failed a round", ex);
			}
		}
	}

	synchronized void start() {
		if (!running) {
			running = true;
			thread = new Thread(this::loop, "store-watchdog");
			thread.setDaemon(true);
			thread.start();
		}
	}

	/** Ends the watch after its current round. */
	synchronized void stop() {
		running = false;
	}

}
