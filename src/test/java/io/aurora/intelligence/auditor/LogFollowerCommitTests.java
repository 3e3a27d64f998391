package io.aurora.intelligence.auditor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.store.LoggedFeedback;
import io.aurora.intelligence.strategist.ModelStats;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.Transition;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A replica's own commits are not held up by what the follower waits on (a slow read of the log, an export
 * copying the model, a snapshot read across a retention gap), and their entries are applied once.
 */
class LogFollowerCommitTests extends AbstractLogFollowerTests {

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
	void aCommitWhoseReadOfOtherReplicasEntriesFailsLeavesThemAndItsOwnToThePoller() {
		when(strategist.fingerprint()).thenReturn("fp");
		LogFollower follower = follower(PROPERTIES);
		LoggedFeedback other = new LoggedFeedback(1, "vast", "V4", 0.2, Map.of(), Map.of("latency_ms", 90), false, List.of(
				Map.of("provider", "vast", "sku", "V4")), Map.of(), Map.of(), null, null);
		LoggedFeedback own = new LoggedFeedback(2, "akash", "A8", 0.5, Map.of(), Map.of("latency_ms", 40), false, List.of(
				Map.of("provider", "akash", "sku", "A8")), Map.of(), Map.of(), null, null);
		when(store.logAfterOnWriterThread(anyLong(), anyInt()))
			.thenThrow(new DataAccessResourceFailureException("the database went away after the commit"));
		when(store.logAfter(anyLong(), anyInt())).thenReturn(List.of(other, own), List.of());

		follower.committed(2, "tr_own", Transitions.of(own));
		assertThat(follower.applied()).as("nothing applied out of order").isZero();
		follower.catchUp();
		assertThat(follower.applied()).as("the poller applied both").isEqualTo(2);
		verify(strategist, times(2)).observe(any());
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

}
