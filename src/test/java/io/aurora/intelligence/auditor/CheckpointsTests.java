package io.aurora.intelligence.auditor;

import java.util.Map;

import io.aurora.intelligence.store.SnapshotStore;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CheckpointsTests {

	private final SnapshotStore snapshots = mock(SnapshotStore.class);

	private final Checkpoints checkpoints = new Checkpoints(snapshots, () -> "fp", 300);

	@Test
	void aSnapshotThatCannotBeStoredIsCountedAndTriedAgainWithTheNextCheckpoint() {
		when(snapshots.save(anyLong(), any(), any(), anyBoolean(), anyLong(), any()))
			.thenThrow(new DataAccessResourceFailureException("disk full")).thenReturn(1L);
		checkpoints.writeNow(5, () -> copy(5));
		assertThat(checkpoints.failures()).isEqualTo(1);
		checkpoints.writeNow(5, () -> copy(5));
		assertThat(checkpoints.failures()).as("the same entry is tried again, since it was never stored").isEqualTo(1);
		verify(snapshots, times(2)).save(5, "squarecb", "fp", false, 0, Map.of("at", 5));
		checkpoints.writeNow(5, () -> copy(5));
		verify(snapshots, times(2)).save(5, "squarecb", "fp", false, 0, Map.of("at", 5));
	}

	private static Checkpoints.Copy copy(long seq) {
		return new Checkpoints.Copy(seq, 0, "squarecb", Map.of("at", (int) seq));
	}

}
