package io.aurora.intelligence.auditor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.strategist.ModelStats;
import io.aurora.intelligence.strategist.Policy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The follower and the snapshots retention leaves: a gap in the log crossed with the snapshot that covers it,
 * a snapshot retention deleted written anew, replayed entries checkpointed, and snapshots that cannot be loaded.
 */
class LogFollowerSnapshotTests extends AbstractLogFollowerTests {

	@Test
	void aRetentionGapMetWhileAnExportCopiesTheModelIsCrossedByALaterRoundAndNothingAfterItIsAppliedFirst() {
		when(strategist.fingerprint()).thenReturn("fp");
		when(strategist.stats()).thenReturn(new ModelStats(0, 0, 0, 0));
		when(store.logAfter(anyLong(), anyInt())).thenReturn(List.of()).thenReturn(List.of(FIVE));
		LogFollower follower = follower(PROPERTIES);
		Policy prepared = mock(Policy.class);
		when(strategist.prepare(COVERING.model())).thenReturn(prepared);
		when(snapshots.latest("fp")).thenReturn(Optional.of(COVERING));

		whileExporting(follower, follower::catchUp);
		assertThat(follower.applied()).as("entry 5 waits for the entries before it").isZero();
		verify(strategist, never()).prepare(any());

		follower.catchUp();
		verify(strategist).install(prepared);
		assertThat(follower.applied()).isEqualTo(5);
	}

	@Test
	void aSnapshotDeletedByRetentionWhileTheStartReadItIsWrittenAnewAtOnce() {
		when(strategist.fingerprint()).thenReturn("fp");
		when(strategist.policyName()).thenReturn("squarecb");
		when(strategist.exportState()).thenReturn(Map.of("state", "at 3"));
		SnapshotStore.Snapshot restored = new SnapshotStore.Snapshot(11, 3, false, 0, Map.of("state", "at 3"));
		when(snapshots.latest("fp")).thenReturn(Optional.of(restored));
		when(strategist.prepare(restored.model())).thenReturn(mock(Policy.class));
		AuditorProperties checkpointing = new AuditorProperties(86_400, 300, 0, 200, 1, AuditorProperties.LatencyReference.FIXED);

		when(snapshots.exists(11)).thenReturn(true);
		follower(checkpointing);
		verify(snapshots, never()).save(anyLong(), any(), any(), anyBoolean(), anyLong(), any());

		when(snapshots.exists(11)).thenReturn(false);
		follower(checkpointing);
		verify(snapshots).save(3, "squarecb", "fp", false, 0, Map.of("state", "at 3"));
	}

	@Test
	void entriesReplayedAfterTheRestoredSnapshotAreCheckpointedAnIntervalLaterWithoutNewFeedback() throws Exception {
		when(strategist.fingerprint()).thenReturn("fp");
		when(strategist.policyName()).thenReturn("squarecb");
		when(strategist.exportState()).thenReturn(Map.of("state", "at 4"));
		SnapshotStore.Snapshot restored = new SnapshotStore.Snapshot(11, 3, false, 0, Map.of("state", "at 3"));
		when(snapshots.latest("fp")).thenReturn(Optional.of(restored));
		when(snapshots.exists(11)).thenReturn(true);
		when(strategist.prepare(restored.model())).thenReturn(mock(Policy.class));
		LoggedFeedback after = new LoggedFeedback(4, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40), false, List.of(
				Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null);
		when(store.logAfter(anyLong(), anyInt())).thenReturn(List.of(after)).thenReturn(List.of());

		LogFollower follower = follower(new AuditorProperties(86_400, 1, 0, 200, 1, AuditorProperties.LatencyReference.FIXED));
		assertThat(follower.applied()).isEqualTo(4);
		verify(snapshots, never()).save(anyLong(), any(), any(), anyBoolean(), anyLong(), any());
		Thread.sleep(1_100);
		follower.poll();
		verify(snapshots).save(4, "squarecb", "fp", false, 0, Map.of("state", "at 4"));
	}

	@Test
	void aSnapshotThatCannotBeLoadedAcrossARetentionGapIsPassedOver() {
		when(strategist.fingerprint()).thenReturn("fp");
		SnapshotStore.Snapshot corrupt = new SnapshotStore.Snapshot(7, 3, false, 0, Map.of("state", "corrupt"));
		when(snapshots.latest("fp")).thenReturn(Optional.of(corrupt));
		when(strategist.prepare(corrupt.model())).thenThrow(new IllegalArgumentException("malformed model state"));
		LoggedFeedback after = new LoggedFeedback(4, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40), false, List.of(
				Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null);
		when(store.logAfter(anyLong(), anyInt())).thenReturn(List.of(after)).thenReturn(List.of(after))
			.thenReturn(List.of());

		LogFollower follower = follower(PROPERTIES);

		assertThat(follower.applied()).as("entries 1-3 went with retention; the model goes on from entry 4").isEqualTo(4);
		verify(strategist, never()).install(any());
	}

}
