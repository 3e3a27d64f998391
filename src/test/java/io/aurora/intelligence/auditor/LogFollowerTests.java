package io.aurora.intelligence.auditor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.ModelStats;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.strategist.Transition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Following the shared store: imports made on other replicas, and snapshots that cannot be loaded. */
class LogFollowerTests {

	private static final AuditorProperties PROPERTIES = new AuditorProperties(86_400, 0, 0);

	/** A model imported on another replica, stored as snapshot 5. */
	private static final SnapshotStore.Snapshot IMPORTED = new SnapshotStore.Snapshot(5, 0, true, 5,
			Map.of("state", "imported"));

	/** Log entry 5, which follows a retention gap after entry 4 in the tests that cross one. */
	private static final LoggedFeedback FIVE = new LoggedFeedback(5, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40),
			false, List.of(Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null);

	/** The snapshot at entry 4 that bridges that gap. */
	private static final SnapshotStore.Snapshot COVERING = new SnapshotStore.Snapshot(9, 4, false, 0, Map.of("state", "at 4"));

	private final TraceStore store = mock(TraceStore.class);

	private final SnapshotStore snapshots = mock(SnapshotStore.class);

	private final Strategist strategist = mock(Strategist.class);

	@BeforeEach
	void logHeadAhead() {
		when(store.logHead()).thenReturn(Long.MAX_VALUE);
	}

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
		LogFollower follower = new LogFollower(store, snapshots, strategist, PROPERTIES, Clock.systemUTC(), event -> {
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
		LogFollower follower = follower(new AuditorProperties(86_400, 1, 0));
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a")));
		follower.catchUp();
		Thread.sleep(1_100);

		whileExporting(follower, follower::poll);
		verify(snapshots, never()).save(anyLong(), any(), any(), anyBoolean(), anyLong(), any());

		follower.poll();
		verify(snapshots).save(eq(1L), any(), eq("fp"), eq(false), anyLong(), any());
	}

	@Test
	void aCommitIsNotHeldUpByAPollWaitingOnASlowReadAndItsEntryIsAppliedOnce() throws Exception {
		when(strategist.fingerprint()).thenReturn("fp");
		LogFollower follower = follower(PROPERTIES);
		LoggedFeedback first = new LoggedFeedback(1, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40), false, List.of(
				Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null);
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		when(store.logAfter(anyLong(), anyInt())).thenAnswer(call -> {
			reading.countDown();
			release.await(10, TimeUnit.SECONDS);
			return List.of(first);
		});
		Thread poll = new Thread(follower::catchUp);
		poll.start();
		assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

		Transition own = Transitions.of(first);
		CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> follower.committed(1, "tr_own", own));
		commit.get(2, TimeUnit.SECONDS);
		release.countDown();
		poll.join(5_000);
		assertThat(poll.isAlive()).as("the poll applied its page").isFalse();

		assertThat(follower.applied()).isEqualTo(1);
		verify(strategist, times(1)).observe(any());
	}

	@Test
	void aCommitIsNotHeldUpByAnExportCopyingTheModelAndThePollerAppliesAndPublishesItsEntry() throws Exception {
		when(strategist.fingerprint()).thenReturn("fp");
		LogFollower follower = follower(PROPERTIES);
		LoggedFeedback first = new LoggedFeedback(1, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40), false, List.of(
				Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null);
		when(strategist.stats()).thenReturn(new ModelStats(0, 0, 0, 0));
		CountDownLatch copying = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		when(strategist.exportState()).thenAnswer(call -> {
			copying.countDown();
			release.await(10, TimeUnit.SECONDS);
			return Map.of("state", "copied");
		});
		CompletableFuture<Map<String, Object>> export = CompletableFuture.supplyAsync(() -> follower.export(model -> model));
		assertThat(copying.await(5, TimeUnit.SECONDS)).isTrue();

		long start = System.nanoTime();
		CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 20; i++) {
				follower.committed(1, "tr_first", Transitions.of(first));
			}
			follower.refit();
		}).get(3, TimeUnit.SECONDS);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("one wait a batch, not one per entry (20 × 200 ms)")
			.isLessThan(2000);
		assertThat(follower.applied()).as("left to the poller while the copy holds the model").isZero();

		release.countDown();
		export.get(5, TimeUnit.SECONDS);
		verify(strategist, never()).observe(any());
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(first));
		follower.poll();
		assertThat(follower.applied()).isEqualTo(1);
		verify(strategist, times(1)).observe(any());
		verify(strategist, times(1)).refit();
	}

	@Test
	void aCommitIsNotHeldUpWhileAPollReadsTheSnapshotThatCrossesARetentionGap() throws Exception {
		when(strategist.fingerprint()).thenReturn("fp");
		when(store.logAfter(anyLong(), anyInt())).thenReturn(List.of()).thenReturn(List.of(FIVE));
		LogFollower follower = follower(PROPERTIES);
		when(strategist.prepare(COVERING.model())).thenReturn(mock(Policy.class));
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		when(snapshots.latest("fp")).thenAnswer(call -> {
			reading.countDown();
			release.await(10, TimeUnit.SECONDS);
			return Optional.of(COVERING);
		});
		Thread poll = new Thread(follower::catchUp);
		poll.start();
		assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

		CompletableFuture.runAsync(follower::refit).get(2, TimeUnit.SECONDS);
		release.countDown();
		poll.join(5_000);

		assertThat(poll.isAlive()).isFalse();
		assertThat(follower.applied()).as("entries 1-4 from the snapshot, then 5").isEqualTo(5);
		verify(strategist, times(1)).install(any());
	}

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
		AuditorProperties checkpointing = new AuditorProperties(86_400, 300, 0);

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

		LogFollower follower = follower(new AuditorProperties(86_400, 1, 0));
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

	@Test
	void aLogThatWentBackBehindTheModelTakesTheReplicaDownOnceAndItNeverCheckpointsAgain() throws Exception {
		when(strategist.fingerprint()).thenReturn("fp");
		List<Object> events = new ArrayList<>();
		LogFollower follower = new LogFollower(store, snapshots, strategist, new AuditorProperties(86_400, 1, 0),
				Clock.systemUTC(), events::add, new ModelCopies());
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a")));
		follower.poll();
		assertThat(follower.applied()).isEqualTo(1);
		assertThat(events).isEmpty();

		when(store.logHead()).thenReturn(0L);
		follower.poll();
		verify(snapshots).deleteAfter(0);
		assertThat(events).singleElement().isInstanceOfSatisfying(AvailabilityChangeEvent.class,
				(event) -> assertThat(event.getState()).isEqualTo(LivenessState.BROKEN));

		clearInvocations(snapshots);
		when(store.logHead()).thenReturn(Long.MAX_VALUE);
		Thread.sleep(1_100);
		follower.poll();
		assertThat(events).as("reported once").hasSize(1);
		verify(snapshots, never()).save(anyLong(), any(), any(), anyBoolean(), anyLong(), any());
		assertThatThrownBy(() -> follower.importModel(Map.of())).isInstanceOf(DataAccessResourceFailureException.class)
			.hasMessageContaining("restarting");
	}

	@Test
	void aLogThatHandedAnAppliedNumberToOtherFeedbackIsSeenAsGoneBackThoughItGrewPastIt() {
		when(strategist.fingerprint()).thenReturn("fp");
		List<Object> events = new ArrayList<>();
		LogFollower follower = new LogFollower(store, snapshots, strategist, PROPERTIES, Clock.systemUTC(), events::add,
				new ModelCopies());
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a"), entry(2, "tr_b")));
		when(store.loggedTraceIds(1, 2)).thenReturn(Map.of(1L, "tr_a", 2L, "tr_b"));
		follower.poll();
		assertThat(events).as("the log holds what was applied").isEmpty();

		when(store.logAfter(eq(2L), anyInt())).thenReturn(List.of(entry(3, "tr_c")));
		when(store.loggedTraceIds(1, 3)).thenReturn(Map.of(1L, "tr_a", 2L, "tr_other", 3L, "tr_c"));
		follower.poll();
		assertThat(follower.applied()).as("the log grew past the reissued number").isEqualTo(3);
		verify(snapshots).deleteAfter(1);
		assertThat(events).hasSize(1);
	}

	@Test
	void aCommitUnderANumberAppliedWithAnotherTraceIsARollbackButTheSameEntryAppliedByThePollerIsNot() {
		when(strategist.fingerprint()).thenReturn("fp");
		List<Object> events = new ArrayList<>();
		LogFollower follower = new LogFollower(store, snapshots, strategist, PROPERTIES, Clock.systemUTC(), events::add,
				new ModelCopies());
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a"), entry(2, "tr_b")));
		follower.catchUp();
		follower.committed(2, "tr_b", Transitions.of(entry(2, "tr_b")));
		assertThat(events).as("its own entry, applied by the poller first").isEmpty();

		follower.committed(2, "tr_x", Transitions.of(entry(2, "tr_x")));
		assertThat(events).as("number 2 handed out again").hasSize(1);
		follower.poll();
		verify(snapshots).deleteAfter(1);
		assertThat(events).hasSize(1);
	}

	private static LoggedFeedback entry(long seq, String traceId) {
		return new LoggedFeedback(seq, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40), false,
				List.of(Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null, traceId);
	}

	/** Runs {@code meanwhile} on another thread, to its end, while {@code follower} serialises an export. */
	private static void whileExporting(LogFollower follower, Runnable meanwhile) {
		follower.export(model -> {
			CompletableFuture.runAsync(meanwhile).join();
			return model;
		});
	}

	/** A follower of the mocked store with {@code properties}, publishing no events, with a model-copy slot of its own. */
	private LogFollower follower(AuditorProperties properties) {
		return new LogFollower(store, snapshots, strategist, properties, Clock.systemUTC(), event -> {
		}, new ModelCopies());
	}

	/** Has {@link #IMPORTED} stored as the newest import; returns the model it prepares. */
	private Policy importStoredElsewhere() {
		Policy prepared = mock(Policy.class);
		when(strategist.prepare(IMPORTED.model())).thenReturn(prepared);
		when(snapshots.latestImportId("fp")).thenReturn(IMPORTED.id());
		return prepared;
	}

}
