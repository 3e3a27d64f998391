package io.aurora.intelligence.api;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.aurora.intelligence.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the store failures that answers were refused for, at most once per {@value #EVERY_S} s and with
 * how many answers were refused since the last report (those refused without trying the store
 * included): an outage refuses every request, and a report each would flood the node's logs just when
 * the disk may be what failed. A report is one line naming the failure and its causes; the stack trace
 * follows at DEBUG. It logs as {@link ApiErrors}, which hands it the failures. What the store failed
 * with is logged by its writer as well ({@code OutageLog}), since a refusal without trying the store
 * names only the reason it refused.
 */
final class StoreFailureLog {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	/** The least time between two logged store failures. */
	static final int EVERY_S = 10;

	private final AtomicLong loggedAt = new AtomicLong();

	private final AtomicLong refusedUnlogged = new AtomicLong();

	private final LongSupplier nanoTime;

	StoreFailureLog() {
		this(System::nanoTime);
	}

	/** A log that reads the time from {@code nanoTime}, as {@link System#nanoTime()} gives it. */
	StoreFailureLog(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/** Notes an answer refused for {@code ex}, logging it when no failure was logged for {@value #EVERY_S} s. */
	void refused(RuntimeException ex) {
		long now = nanoTime.getAsLong();
		long last = loggedAt.get();
		if (last != 0 && now - last < TimeUnit.SECONDS.toNanos(EVERY_S) || !loggedAt.compareAndSet(last, now)) {
			refusedUnlogged.incrementAndGet();
			return;
		}
		long unlogged = refusedUnlogged.getAndSet(0);
		String more = unlogged == 0 ? "" : " (and " + unlogged + " more answers refused for it since the last report)";
		log.error("Trace store unavailable{}: {}", more, StoreFailures.causes(ex));
		log.debug("Trace store unavailable", ex);
	}

}
