package io.aurora.intelligence.store;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the store's outages as its writer meets them, whatever wrote (a request, a probe, housekeeping):
 * the first failed transaction at once, then at most one line every {@value #EVERY_S} s while failures
 * last, with how many failed since, and the first commit after them. Used by the writer thread only.
 */
final class OutageLog {

	private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

	/** The least time between two reports of one outage. */
	static final int EVERY_S = 10;

	private final LongSupplier nanoTime;

	/** When the outage began, or 0 while the store commits. */
	private long since;

	private long reportedAt;

	private long failedSinceReport;

	private long failed;

	OutageLog(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/** Notes a transaction the store failed, for a reason of its own. */
	void failed(Throwable ex) {
		long now = nanoTime.getAsLong();
		failed++;
		if (since == 0) {
			since = now;
			reportedAt = now;
			failedSinceReport = 0;
			log.error("Trace store failed a transaction: {}", StoreFailures.causes(ex));
			log.debug("Trace store failed a transaction", ex);
			return;
		}
		failedSinceReport++;
		if (now - reportedAt >= TimeUnit.SECONDS.toNanos(EVERY_S)) {
			log.error("Trace store still failing after {} s ({} more failed transactions since the last report): {}",
					TimeUnit.NANOSECONDS.toSeconds(now - since), failedSinceReport, StoreFailures.causes(ex));
			reportedAt = now;
			failedSinceReport = 0;
		}
	}

	/** Notes a commit, which ends an outage. */
	void committed() {
		if (since != 0) {
			log.warn("Trace store commits again after {} ms of failures ({} failed transactions)",
					TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - since), failed);
			since = 0;
			failed = 0;
		}
	}

}
