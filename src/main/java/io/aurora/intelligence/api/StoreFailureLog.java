package io.aurora.intelligence.api;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.store.StoreRefusingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the store failures that answers were refused for, at most once per {@value #EVERY_S} s and with
 * how many answers were refused since the last report (those refused without trying the store
 * included): an outage refuses every request, and a report each would flood the node's logs just when
 * the disk may be what failed. A report is one line naming the failure and its causes; the stack trace
 * follows at DEBUG. It logs as {@link ApiErrors}, which hands it the failures.
 */
final class StoreFailureLog {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	/** The least time between two logged store failures. */
	static final int EVERY_S = 10;

	private final AtomicLong loggedAt = new AtomicLong();

	private final AtomicLong refusedUnlogged = new AtomicLong();

	/** Notes an answer refused for {@code ex}, logging it when no failure was logged for {@value #EVERY_S} s. */
	void refused(RuntimeException ex) {
		if (ex instanceof StoreRefusingException && ex.getCause() == null) {
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
		String more = unlogged == 0 ? "" : " (and " + unlogged + " more answers refused for it since the last report)";
		log.error("Trace store unavailable{}: {}", more, causes(ex));
		log.debug("Trace store unavailable", ex);
	}

	/** The failure and its causes, each once, as {@code Type: message; caused by Type: message}, at most 1,000 characters. */
	static String causes(Throwable ex) {
		StringBuilder text = new StringBuilder();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
			// Spring's messages carry the statement's SQL, text blocks included: one line, all the same.
			String line = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage().strip().replaceAll("\\s+", " "));
			if (text.indexOf(line) < 0) {
				text.append(text.isEmpty() ? "" : "; caused by ").append(line);
			}
		}
		return text.length() <= 1000 ? text.toString() : text.substring(0, 1000) + "…";
	}

}
