package io.aurora.intelligence.auditor;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the store at about {@code RETENTION_S} of decisions. Every {@value #INTERVAL_S} s it deletes
 * traces older than that which never received feedback (their feedback window is over), and older
 * feedback log entries with their traces once the newest model snapshot includes them, so the model
 * and a restart lose nothing. Deletes run in commits of {@value #CHUNK} rows through the store's
 * writer, between decisions, so no decision waits behind a long delete.
 */
@Component
class Retention implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	static final int CHUNK = 500;

	static final long INTERVAL_S = 600;

	private static final long FIRST_DELAY_S = 60;

	private final TraceStore store;

	private final SnapshotStore snapshots;

	private final Strategist strategist;

	private final Clock clock;

	private final Telemetry telemetry;

	private final long retentionMs;

	/** Traces created before this were already examined; those still there have feedback. */
	private long examinedUpToMs;

	private @Nullable ScheduledExecutorService sweeper;

	Retention(TraceStore store, SnapshotStore snapshots, Strategist strategist, Clock clock, Telemetry telemetry,
			AuditorProperties properties) {
		this.store = store;
		this.snapshots = snapshots;
		this.strategist = strategist;
		this.clock = clock;
		this.telemetry = telemetry;
		this.retentionMs = TimeUnit.SECONDS.toMillis(properties.retentionS());
	}

	/** Deletes everything retention allows now; returns how many traces and log entries went. */
	synchronized Swept sweep() {
		if (retentionMs == 0) {
			return new Swept(0, 0);
		}
		long before = clock.millis() - retentionMs;
		long traces = 0;
		TraceStore.Pruned pruned;
		do {
			pruned = store.deleteTracesWithoutFeedback(examinedUpToMs, before, CHUNK);
			traces += pruned.rows();
			examinedUpToMs = Math.max(examinedUpToMs, pruned.newestMs());
		}
		while (pruned.rows() == CHUNK);
		long through = snapshots.latest(strategist.fingerprint()).map(SnapshotStore.Snapshot::seq).orElse(0L);
		long entries = 0;
		int deleted;
		do {
			deleted = store.deleteLogEntries(through, before, CHUNK);
			entries += deleted;
		}
		while (deleted == CHUNK);
		telemetry.retentionDeleted("traces", traces);
		telemetry.retentionDeleted("log", entries);
		if (traces + entries > 0) {
			log.info("Retention deleted {} traces without feedback and {} feedback log entries older than {} s", traces,
					entries, retentionMs / 1000);
		}
		return new Swept(traces, entries);
	}

	private void scheduledSweep() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			log.warn("Retention could not delete old traces; it tries again in {} s: {}", INTERVAL_S, ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		if (sweeper == null && retentionMs > 0) {
			ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, "retention");
				t.setDaemon(true);
				return t;
			});
			s.scheduleWithFixedDelay(this::scheduledSweep, FIRST_DELAY_S, INTERVAL_S, TimeUnit.SECONDS);
			sweeper = s;
		}
	}

	@Override
	public synchronized void stop() {
		if (sweeper != null) {
			sweeper.shutdownNow();
			sweeper = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return sweeper != null;
	}

	/** What one sweep deleted: traces that never had feedback, and feedback log entries with their traces. */
	record Swept(long traces, long logEntries) {
	}

}
