package io.aurora.intelligence.store;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the store's outages as its writer meets them, whatever wrote (a request, a probe, housekeeping):
 * a failed transaction at most once every {@value #EVERY_S} s, however many outages that span, with how
 * many failed since the last report, and the first commit after a reported outage. A store that fails
 * on and off so logs two lines every {@value #EVERY_S} s at most. Used by the writer thread only.
 */
final class OutageLog {

	private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

	/** The least time between two reports of failures. */
	static final int EVERY_S = 10;

	private final LongSupplier nanoTime;

	/** When the current outage began, or 0 while the store commits. */
	private long since;

	/** Whether the current outage has been reported. */
	private boolean sinceReported;

	private boolean everReported;

	private long reportedAt;

	/** Failed transactions not yet in a report. */
	private long unreported;

	/** Outages that began and ended between two reports. */
	private long outagesUnreported;

	OutageLog(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/** Notes a transaction the store failed, for a reason of its own. */
	void failed(Throwable ex) {
		long now = nanoTime.getAsLong();
		unreported++;
		if (since == 0) {
			since = now;
			sinceReported = false;
		}
		if (everReported && now - reportedAt < TimeUnit.SECONDS.toNanos(EVERY_S)) {
			return;
		}
		String more = unreported == 1 ? "" : " (" + (unreported - 1) + " more failed transactions since the last report"
				+ (outagesUnreported == 0 ? "" : ", in " + (outagesUnreported + 1) + " outages") + ")";
		if (sinceReported) {
			log.error("Trace store still failing after {} s{}: {}", TimeUnit.NANOSECONDS.toSeconds(now - since), more,
					StoreFailures.causes(ex));
		}
		else {
			log.error("Trace store failed a transaction{}: {}", more, StoreFailures.causes(ex));
		}
		log.debug("Trace store failed a transaction", ex);
		everReported = true;
		sinceReported = true;
		reportedAt = now;
		unreported = 0;
		outagesUnreported = 0;
	}

	/** Notes a commit, which ends an outage; one that was reported is reported ended. */
	void committed() {
		if (since == 0) {
			return;
		}
		if (sinceReported) {
			log.warn("Trace store commits again after {} ms of failures", TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - since));
		}
		else {
			outagesUnreported++;
		}
		since = 0;
	}

}
