package io.aurora.intelligence.api;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.store.StoreRefusingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the store failures that answers were refused for, with a stack trace at most once per
 * {@value #EVERY_S} s and with how many answers were refused since the last report (those refused without
 * trying the store included): an outage refuses every request, and a stack trace each would flood the
 * node's logs just when the disk may be what failed. It logs as {@link ApiErrors}, which hands it the failures.
 */
final class StoreFailureLog {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	/** The least time between two logged store failures. */
	static final int EVERY_S = 10;

	private final AtomicLong loggedAt = new AtomicLong();

	private final AtomicLong refusedUnlogged = new AtomicLong();

	/** Notes an answer refused for {@code ex}, logging it when no failure was logged for {@value #EVERY_S} s. */
	void refused(RuntimeException ex) {
		if (ex instanceof StoreRefusingException) {
			// Refused without trying the store: counted, while the failures that made it refuse are logged.
			refusedUnlogged.incrementAndGet();
			return;
		}
		long now = System.nanoTime();
		long last = loggedAt.get();
		if (last != 0 && now - last < TimeUnit.SECONDS.toNanos(EVERY_S) || !loggedAt.compareAndSet(last, now)) {
			refusedUnlogged.incrementAndGet();
			return;
		}
		long unlogged = refusedUnlogged.getAndSet(0);
		if (unlogged == 0) {
			log.error("Trace store unavailable", ex);
		}
		else {
			log.error("Trace store unavailable (and {} more answers refused for it since the last report)", unlogged, ex);
		}
	}

}
