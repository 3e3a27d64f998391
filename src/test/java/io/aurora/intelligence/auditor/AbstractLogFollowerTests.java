package io.aurora.intelligence.auditor;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Strategist;
import org.junit.jupiter.api.BeforeEach;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A log follower of a mocked trace store, snapshot store and strategist, with the log ahead of it, and the
 * log entries and snapshots the tests share.
 */
abstract class AbstractLogFollowerTests {

	static final AuditorProperties PROPERTIES = new AuditorProperties(86_400, 0, 0, 200, 1, AuditorProperties.LatencyReference.FIXED);

	/** Log entry 5, which follows a retention gap after entry 4 in the tests that cross one. */
	static final LoggedFeedback FIVE = new LoggedFeedback(5, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40),
			false, List.of(Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null);

	/** The snapshot at entry 4 that bridges that gap. */
	static final SnapshotStore.Snapshot COVERING = new SnapshotStore.Snapshot(9, 4, false, 0, Map.of("state", "at 4"));

	final TraceStore store = mock(TraceStore.class);

	final SnapshotStore snapshots = mock(SnapshotStore.class);

	final Strategist strategist = mock(Strategist.class);

	@BeforeEach
	void logHeadAhead() {
		when(store.logHead()).thenReturn(Long.MAX_VALUE);
	}

	static LoggedFeedback entry(long seq, String traceId) {
		return new LoggedFeedback(seq, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40), false,
				List.of(Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null, traceId);
	}

	/** Runs {@code meanwhile} on another thread, to its end, while {@code follower} serialises an export. */
	static void whileExporting(LogFollower follower, Runnable meanwhile) {
		follower.export(model -> {
			CompletableFuture.runAsync(meanwhile).join();
			return model;
		});
	}

	/** A follower of the mocked store with {@code properties}, publishing no events, with a model-copy slot of its own. */
	LogFollower follower(AuditorProperties properties) {
		return new LogFollower(store, snapshots, strategist, properties, SweepClock.following(Clock.systemUTC()), event -> {
		}, new ModelCopies());
	}

}
