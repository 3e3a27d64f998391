package io.aurora.intelligence.auditor;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.strategist.ModelStats;
import io.aurora.intelligence.strategist.Policy;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Following the shared store: imports made on other replicas, and the imports and checkpoints that wait while
 * an export copies the model.
 */
class LogFollowerTests extends AbstractLogFollowerTests {

	/** A model imported on another replica, stored as snapshot 5. */
	private static final SnapshotStore.Snapshot IMPORTED = new SnapshotStore.Snapshot(5, 0, true, 5,
			Map.of("state", "imported"));

	@Test
	void anImportThatCouldNotBeReadIsLoadedByTheNextPoll() {
		when(strategist.fingerprint()).thenReturn("fp");
		when(snapshots.latestImportId("fp")).thenReturn(0L);
		LogFollower follower = follower(PROPERTIES);

		Policy prepared = importStoredElsewhere();
		when(snapshots.latest("fp")).thenThrow(new DataAccessResourceFailureException("read timed out"))
			.thenReturn(Optional.of(IMPORTED));

		follower.poll();
		verify(strategist, never()).install(any());
		follower.poll();
		verify(strategist).install(prepared);
	}

	@Test
	void whileAnExportCopiesTheModelThePollLeavesAnImportToALaterPollSoThatTwoCopiesAreNeverMadeAtOnce() {
		when(strategist.fingerprint()).thenReturn("fp");
		when(strategist.stats()).thenReturn(new ModelStats(0, 0, 0, 0));
		LogFollower follower = follower(PROPERTIES);
		Policy prepared = importStoredElsewhere();
		when(snapshots.latest("fp")).thenReturn(Optional.of(IMPORTED));

		whileExporting(follower, follower::poll);
		verify(strategist, never()).prepare(any());

		follower.poll();
		verify(strategist).install(prepared);
	}

	@Test
	void anImportWhileAnExportCopiesTheModelWaitsForTheSlotThenIsRefusedAndStoresNothing() {
		when(strategist.fingerprint()).thenReturn("fp");
		when(strategist.stats()).thenReturn(new ModelStats(0, 0, 0, 0));
		LogFollower follower = new LogFollower(store, snapshots, strategist, PROPERTIES, SweepClock.following(Clock.systemUTC()), event -> {
		}, new ModelCopies(50));

		whileExporting(follower, () -> assertThatThrownBy(() -> follower.importModel(Map.of("rows", List.of())))
			.isInstanceOf(ModelBusyException.class));
		verify(strategist, never()).prepare(any());
		verify(snapshots, never()).save(anyLong(), any(), any(), anyBoolean(), anyLong(), any());
	}

	@Test
	void anImportStoresItsDocumentAsItCameAndPutsThePreparedModelInUse() {
		when(strategist.fingerprint()).thenReturn("fp");
		when(strategist.policyName()).thenReturn("q-table");
		LogFollower follower = follower(PROPERTIES);
		Map<String, Object> state = Map.of("rows", List.of(), "updates", 0);
		Policy prepared = mock(Policy.class);
		when(strategist.prepare(state)).thenReturn(prepared);
		when(snapshots.save(anyLong(), any(), any(), anyBoolean(), anyLong(), any())).thenReturn(7L);

		follower.importModel(state);

		verify(snapshots).save(eq(0L), eq("q-table"), eq("fp"), eq(true), eq(0L), same(state));
		verify(strategist).install(prepared);
		verify(strategist, never()).exportState();
	}

	@Test
	void aCheckpointDueWhileAnExportCopiesTheModelIsWrittenByALaterPoll() throws Exception {
		when(strategist.fingerprint()).thenReturn("fp");
		when(strategist.stats()).thenReturn(new ModelStats(0, 0, 0, 0));
		LogFollower follower = follower(new AuditorProperties(86_400, 1, 0, 200, 1, AuditorProperties.LatencyReference.FIXED));
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a")));
		follower.catchUp();
		Thread.sleep(1_100);

		whileExporting(follower, follower::poll);
		verify(snapshots, never()).save(anyLong(), any(), any(), anyBoolean(), anyLong(), any());

		follower.poll();
		verify(snapshots).save(eq(1L), any(), eq("fp"), eq(false), anyLong(), any());
	}

	/** Has {@link #IMPORTED} stored as the newest import; returns the model it prepares. */
	private Policy importStoredElsewhere() {
		Policy prepared = mock(Policy.class);
		when(strategist.prepare(IMPORTED.model())).thenReturn(prepared);
		when(snapshots.latestImportId("fp")).thenReturn(IMPORTED.id());
		return prepared;
	}

}
