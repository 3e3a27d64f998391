package io.aurora.intelligence.store;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;

/**
 * The store's part of readiness, read from the writer's own outcomes rather than from a connection
 * borrowed for the check, so a pool saturated by requests does not take a replica out while its writes
 * still commit, and a store that refuses writes (a full disk, a read-only volume, a lost database)
 * does. When the writer has had nothing to do for a while, or its newest transaction failed, the check
 * starts a probe write in the background and answers once it has ended, or after {@value #PROBE_WAIT_MS} ms
 * from what was known, so that an idle replica's first check after a store was lost already says so.
 */
final class StoreHealthIndicator implements HealthIndicator {

	/** How old the newest outcome may be before a probe refreshes it. */
	static final long PROBE_AFTER_MS = 5_000;

	/** How often a failing store is probed for its recovery. */
	static final long PROBE_FAILING_AFTER_MS = 1_000;

	/**
	 * How long a check waits for the probe it started before it answers from what was known: longer than
	 * the pool's wait for a connection, which is how long a lost PostgreSQL takes to fail the probe.
	 */
	static final long PROBE_WAIT_MS = StoreConfiguration.CONNECTION_TIMEOUT_MS + 500;

	private final GroupCommitter writer;

	private final long probeAfterMs;

	private final long probeFailingAfterMs;

	/** The running probe's end, or null while none runs. */
	private final AtomicReference<CountDownLatch> probing = new AtomicReference<>();

	StoreHealthIndicator(GroupCommitter writer) {
		this(writer, PROBE_AFTER_MS, PROBE_FAILING_AFTER_MS);
	}

	StoreHealthIndicator(GroupCommitter writer, long probeAfterMs, long probeFailingAfterMs) {
		this.writer = writer;
		this.probeAfterMs = probeAfterMs;
		this.probeFailingAfterMs = probeFailingAfterMs;
	}

	@Override
	public Health health() {
		WriterHealth.Report state = writer.health();
		if (stale(state)) {
			CountDownLatch mine = new CountDownLatch(1);
			CountDownLatch running = probing.compareAndExchange(null, mine);
			if (running == null) {
				Thread probe = new Thread(() -> probe(mine), "store-probe");
				probe.setDaemon(true);
				probe.start();
			}
			// A probe the store watch started is waited for alike, rather than answered from before it.
			awaitProbe(running == null ? mine : running);
			state = writer.health();
		}
		Health.Builder health = state.fault() == null ? Health.up() : Health.down().withDetail("error", state.fault());
		return health.withDetail("last_outcome_ms_ago", state.sinceOutcomeMs()).withDetail("queued", state.queued()).build();
	}

	/**
	 * Probes the store on the calling thread when {@link #health} would, unless a probe runs already, so that
	 * readiness, {@code /status} and the store gauge follow a store's loss and recovery without any traffic.
	 */
	void probeIfStale() {
		if (stale(writer.health())) {
			CountDownLatch mine = new CountDownLatch(1);
			if (probing.compareAndSet(null, mine)) {
				probe(mine);
			}
		}
	}

	/**
	 * Whether the newest outcome is too old to answer from, unless a transaction has run past the commit timeout:
	 * then the store is down as far as is known, and a probe would only wait behind that transaction.
	 */
	private boolean stale(WriterHealth.Report state) {
		long probeAfter = state.fault() == null ? probeAfterMs : probeFailingAfterMs;
		return writer.isRunning() && !state.stalled() && state.sinceOutcomeMs() >= probeAfter;
	}

	private static void awaitProbe(CountDownLatch ended) {
		try {
			ended.await(PROBE_WAIT_MS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** One write through the writer, whose outcome the writer records; its answer is not needed here. */
	private void probe(CountDownLatch ended) {
		try {
			StoreProbe.write(writer);
		}
		catch (DataAccessException ex) {
			// a write that failed is the writer's newest outcome; one it never took shows as overdue while queued
		}
		finally {
			probing.set(null);
			ended.countDown();
		}
	}

}
