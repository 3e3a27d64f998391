package io.aurora.intelligence.auditor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.TraceStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A replica that saw the log go back: it fences the store at once, and deletes the snapshots past the last intact
 * number at its polls for a minute only, so that it does not go on deleting the snapshots of replicas that rebuilt.
 */
class LogRollbackTests {

	private final TraceStore store = mock(TraceStore.class);

	private final SnapshotStore snapshots = mock(SnapshotStore.class);

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final List<Object> events = new ArrayList<>();

	private final LogRollback rollback = new LogRollback(store, snapshots, events::add, nanos::get);

	@Test
	void aReplicaThatSawTheLogGoBackFencesTheStoreAndStopsDeletingSnapshotsAfterAMinute() {
		when(store.logHead()).thenReturn(5L);
		assertThat(rollback.behind(9, Map.of())).isTrue();
		verify(store).fence(org.mockito.ArgumentMatchers.contains("ends at entry 5, before entry 9"));
		verify(snapshots).deleteAfter(5);

		clearInvocations(snapshots);
		nanos.addAndGet(TimeUnit.SECONDS.toNanos(59));
		when(store.logHead()).thenReturn(40L);
		assertThat(rollback.behind(9, Map.of())).as("still seen, the log having grown past it").isTrue();
		verify(snapshots).deleteAfter(5);

		clearInvocations(snapshots);
		nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
		assertThat(rollback.behind(9, Map.of())).isTrue();
		verify(snapshots, never()).deleteAfter(anyLong());
		verify(store, times(1)).fence(org.mockito.ArgumentMatchers.anyString());
		assertThat(events).hasSize(2);
	}

}
