package io.aurora.intelligence.auditor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.Periodic;
import io.aurora.intelligence.store.AgedTrace;
import io.aurora.intelligence.store.LogDeletion;
import io.aurora.intelligence.store.ReplicaSettings;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.telemetry.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the store at about {@code RETENTION_S} of decisions. Every {@value #INTERVAL_S} s it deletes
 * traces that never received feedback once they are older than that and an hour past the feedback
 * window, and older feedback log entries with their traces once the newest snapshot of every
 * configuration seen running within the retention period includes them, so the model and a restart
 * lose nothing, and the snapshots of settings no replica has run for that long (at least 30 days); every
 * {@value #LIVENESS_INTERVAL_S} s it marks this replica's configuration as running.
 * It reads outside the store's writer and hands it deletes of {@value #CHUNK} rows, each committed
 * alone between the writer's batches: decisions wait at most for one such commit, and a failed delete
 * never fails a decision. Retired snapshots, rare and few, go on a connection of their own.
 */
@Component
class Retention implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	static final int CHUNK = 100;

	static final long INTERVAL_S = 600;

	/** Margin past the feedback window, so that feedback admitted just inside it still finds its trace. */
	static final long GRACE_MS = TimeUnit.HOURS.toMillis(1);

	private static final long FIRST_DELAY_S = 60;

	private final TraceStore store;

	private final SnapshotStore snapshots;

	private final ReplicaSettings replicaSettings;

	private final Strategist strategist;

	private final SweepClock clock;

	private final Telemetry telemetry;

	private final long retentionMs;

	private final long windowMs;

	private final Object sweeping = new Object();

	/** Traces created before this were examined; those still there have feedback. */
	private long examinedUpToMs;

	private volatile boolean stopping;

	private final Periodic sweeper = new Periodic("retention", this::scheduledSweep, FIRST_DELAY_S, INTERVAL_S,
			TimeUnit.SECONDS);

	/** Seconds between the marks that this replica's configuration runs ({@link SnapshotStore#markRunning}). */
	static final long LIVENESS_INTERVAL_S = 60;

	/**
	 * The shortest time a configuration may go unseen before retention treats it as retired: several
	 * marks, so a missed one or two never retires a running configuration, however short the retention.
	 */
	static final long RETIRED_AFTER_MIN_MS = TimeUnit.SECONDS.toMillis(10 * LIVENESS_INTERVAL_S);

	/**
	 * The shortest time settings may go unused before their snapshots are deleted: long enough to bring
	 * back settings changed by mistake, or rolled back after an upgrade, with what their snapshot holds.
	 */
	static final long SNAPSHOTS_RETIRED_AFTER_MIN_MS = TimeUnit.DAYS.toMillis(30);

	/** How recently a replica must have run with other settings for {@link #markRunning} to report it. */
	static final long OTHERS_SEEN_MINUTES = 3;

	/** The other settings last warned of; used by the liveness thread only. */
	private Set<String> othersWarned = Set.of();

	/** The reward's scale, as replicas compare it: {@code REWARD_LATENCY_MS}, {@code REWARD_COST}, the latency's reference. */
	private final String rewardScale;

	/** The first mark is the log follower's, made before its start-up replay; this one renews it. */
	private final Periodic liveness = new Periodic("liveness", this::markRunning, LIVENESS_INTERVAL_S, LIVENESS_INTERVAL_S,
			TimeUnit.SECONDS);

	Retention(TraceStore store, SnapshotStore snapshots, ReplicaSettings replicaSettings, Strategist strategist, SweepClock clock,
			Telemetry telemetry, AuditorProperties properties) {
		this.store = store;
		this.snapshots = snapshots;
		this.replicaSettings = replicaSettings;
		this.strategist = strategist;
		this.clock = clock;
		this.telemetry = telemetry;
		telemetry.retentionKinds(List.of("traces", "log", "snapshots"));
		this.retentionMs = TimeUnit.SECONDS.toMillis(properties.retentionS());
		this.windowMs = TimeUnit.SECONDS.toMillis(properties.feedbackWindowS());
		this.rewardScale = "reward{latency_ms=" + plain(properties.rewardLatencyMs()) + ", cost=" + plain(properties.rewardCost())
				+ ", latency_reference=" + properties.rewardLatencyReference().name().toLowerCase(Locale.ROOT) + "}";
		if (properties.retentionS() > 0 && properties.checkpointIntervalS() == 0) {
			log.warn("RETENTION_S={} keeps decisions for a while, but CHECKPOINT_INTERVAL_S=0: feedback log entries are deleted only once a "
					+ "snapshot of the running settings includes them, so without snapshots (or an imported model) the log "
					+ "keeps growing; only traces that never got feedback are deleted", properties.retentionS());
		}
	}

	/** Deletes everything retention allows now; returns how many traces, log entries and snapshots went. */
	Swept sweep() {
		if (retentionMs == 0) {
			return new Swept(0, 0, 0);
		}
		synchronized (sweeping) {
			long started = System.nanoTime();
			long now = clock.millis();
			long traces = sweepTracesWithoutFeedback(now - Math.max(retentionMs, windowMs + GRACE_MS));
			long entries = sweepLog(now - retentionMs, now, snapshots.includedInEveryConfiguration(strategist.fingerprint(),
					now - Math.max(retentionMs, RETIRED_AFTER_MIN_MS)));
			long unusedMs = Math.max(retentionMs, SNAPSHOTS_RETIRED_AFTER_MIN_MS);
			int retired = stopping ? 0 : snapshots.deleteRetired(strategist.fingerprint(), now - unusedMs);
			telemetry.retentionDeleted("snapshots", retired);
			if (traces + entries + retired > 0) {
				log.info("Retention deleted {} traces without feedback and {} feedback log entries older than {} s, and {} "
						+ "snapshots of settings unused for {} days, in {} ms", traces, entries, retentionMs / 1000, retired,
						TimeUnit.MILLISECONDS.toDays(unusedMs), (System.nanoTime() - started) / 1_000_000);
			}
			return new Swept(traces, entries, retired);
		}
	}

	private long sweepTracesWithoutFeedback(long before) {
		if (before < examinedUpToMs) {
			// The clock went back: traces made since may be stamped before what was examined, so look at them all.
			examinedUpToMs = 0;
		}
		long deleted = 0;
		while (!stopping) {
			List<AgedTrace> chunk = store.tracesWithoutFeedback(examinedUpToMs, before, CHUNK);
			long gone = store.deleteTracesWithoutFeedback(chunk.stream().map(AgedTrace::traceId).toList());
			telemetry.retentionDeleted("traces", gone);
			deleted += gone;
			if (chunk.size() < CHUNK) {
				examinedUpToMs = Math.max(examinedUpToMs, before);
				break;
			}
			examinedUpToMs = chunk.get(chunk.size() - 1).atMs();
		}
		return deleted;
	}

	/**
	 * Deletes log entries up to {@code throughSeq} in log order, stopping at the first one received after
	 * {@code before} but not after {@code now}. One stamped later than now (by a clock that was ahead) goes with
	 * an old entry that follows it, since the log's order is the order of appends; alone it stays.
	 */
	private long sweepLog(long before, long now, long throughSeq) {
		long deleted = 0;
		// Future-stamped entries at the log's head, kept until an old entry is found after them.
		List<String> carried = new ArrayList<>();
		while (!stopping) {
			List<AgedTrace> chunk = store.oldestLogEntries(throughSeq, carried.size(), CHUNK);
			int end = 0;
			int examined = 0;
			for (; examined < chunk.size() && (chunk.get(examined).atMs() < before || chunk.get(examined).atMs() > now);
					examined++) {
				end = chunk.get(examined).atMs() < before ? examined + 1 : end;
			}
			List<String> ids = chunk.stream().map(AgedTrace::traceId).toList();
			if (end > 0) {
				carried.addAll(ids.subList(0, end));
				deleted += delete(carried);
				carried.clear();
			}
			if (examined < chunk.size() || chunk.size() < CHUNK) {
				break;
			}
			carried.addAll(ids.subList(end, ids.size()));
		}
		return deleted;
	}

	/** Deletes these log entries with their traces, {@value #CHUNK} to a commit; returns how many entries went. */
	private long delete(List<String> traceIds) {
		long deleted = 0;
		for (int from = 0; from < traceIds.size(); from += CHUNK) {
			LogDeletion gone = store.deleteLogEntries(traceIds.subList(from, Math.min(traceIds.size(), from + CHUNK)));
			telemetry.retentionDeleted("log", gone.entries());
			telemetry.retentionDeleted("traces", gone.traces());
			deleted += gone.entries();
		}
		return deleted;
	}

	/**
	 * Marks this replica's configuration as running, whether or not it sweeps, for every replica's retention, and
	 * returns the other settings (the policy's fingerprint and the reward's scale) that replicas sharing the store ran
	 * with in the last {@value #OTHERS_SEEN_MINUTES} minutes, warning when they change: replicas that decide under other
	 * settings of the policy or another version, or score feedback on another scale.
	 */
	Set<String> markRunning() {
		String mine = strategist.fingerprint();
		long now;
		try {
			now = clock.storeMillis();
			snapshots.markRunning(mine, now);
		}
		catch (RuntimeException ex) {
			log.warn("Could not mark this configuration as running; it tries again in {} s: {}", LIVENESS_INTERVAL_S,
					ex.toString());
			return Set.of();
		}
		String settings = mine + " " + rewardScale;
		try {
			Set<String> others = replicaSettings.mark(settings, now, now - TimeUnit.MINUTES.toMillis(OTHERS_SEEN_MINUTES));
			if (!others.isEmpty() && !others.equals(othersWarned)) {
				log.warn("Replicas with {} other setting(s) ran on this store in the last {} minutes ({}), this one runs {}: "
						+ "expected during a rollout, or after a restart, that changes the policy's or the reward's settings or "
						+ "the version; if it lasts, replicas decide, or score feedback, differently", others.size(),
						OTHERS_SEEN_MINUTES, new TreeSet<>(others), settings);
			}
			othersWarned = others;
			return others;
		}
		catch (RuntimeException ex) {
			log.warn("Could not record this replica's settings or read the others'; it tries again in {} s: {}",
					LIVENESS_INTERVAL_S, ex.toString());
			return Set.of();
		}
	}

	private static String plain(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
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
	public void start() {
		stopping = false;
		liveness.start();
		if (retentionMs > 0) {
			sweeper.start();
		}
	}

	@Override
	public void stop() {
		stopping = true;
		sweeper.stop();
		liveness.stop();
	}

	@Override
	public boolean isRunning() {
		return liveness.isRunning();
	}

	/** Whether sweeps are scheduled: not when {@code RETENTION_S} is 0. */
	boolean sweeps() {
		return sweeper.isRunning();
	}

	/**
	 * What one sweep deleted: traces that never had feedback, feedback log entries with their traces, and
	 * snapshots of retired settings.
	 */
	record Swept(long traces, long logEntries, long snapshots) {
	}

}
