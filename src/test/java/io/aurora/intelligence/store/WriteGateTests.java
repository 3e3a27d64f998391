package io.aurora.intelligence.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Writes refused while the store is known to fail them, and decisions with them before the router is asked
 * ({@link WriteGate}): for a second after a failed commit, then one trial or probe write at a time, while a
 * commit is stalled past the timeout, and once the writer is stopped.
 */
class WriteGateTests extends AbstractStoreHealthIndicatorTests {

	@Test
	void aStoreThatFailedACommitRefusesWritesForASecondThenLetsOneTryItAgain() throws Exception {
		assertThat(writer.refusesWrites()).isNull();
		store.failing = true;
		assertThatThrownBy(() -> writer.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING))
			.isInstanceOf(DataAccessException.class);
		assertThat(writer.refusesWrites()).as("just failed: a decision would be refused before the router")
			.startsWith("its last commit failed");
		Thread.sleep(GroupCommitter.FAIL_FAST_MS + 100);
		assertThat(writer.refusesWrites()).as("a second later a write may try the store again").isNull();
		store.failing = false;
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Integer> trial = commitHeldUntil(release);
		awaitRefusal(true);
		assertThat(writer.refusesWrites()).as("one trial at a time, however long the store takes to answer it")
			.startsWith("its last commit failed");
		release.countDown();
		trial.exceptionally(ex -> 0).get(5, TimeUnit.SECONDS);
		awaitRefusal(false);
		assertThat(writer.refusesWrites()).as("the trial committed").isNull();
	}

	@Test
	void aDecisionOverASecondAfterAFailureTriesTheStoreWithAProbeWriteBeforeTheRouter() throws Exception {
		WriteGate gate = new WriteGate(writer);
		int idle = store.borrowed.get();
		gate.require();
		assertThat(store.borrowed.get()).as("nothing tried while the store takes writes").isEqualTo(idle);
		store.failing = true;
		assertThatThrownBy(() -> writer.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING))
			.isInstanceOf(DataAccessException.class);
		assertThatThrownBy(gate::require).as("just failed").isInstanceOf(StoreRefusingException.class);
		Thread.sleep(GroupCommitter.FAIL_FAST_MS + 100);
		int before = store.borrowed.get();
		assertThatThrownBy(gate::require).as("refused, carrying the probe's own failure").isInstanceOf(StoreRefusingException.class)
			.hasMessageContaining("failed a probe write").hasCauseInstanceOf(DataAccessException.class);
		assertThat(store.borrowed.get()).isGreaterThan(before);
		store.failing = false;
		Thread.sleep(GroupCommitter.FAIL_FAST_MS + 100);
		gate.require();
		assertThat(writer.failedLast()).as("the probe committed").isFalse();
	}

	@Test
	void whileOneDecisionsProbeTriesAFailedStoreTheOthersAreRefusedWithoutTryingIt() throws Exception {
		WriteGate gate = new WriteGate(writer);
		store.failing = true;
		assertThatThrownBy(() -> writer.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING))
			.isInstanceOf(DataAccessException.class);
		Thread.sleep(GroupCommitter.FAIL_FAST_MS + 100);
		store.failAfterMs = 1_500;
		int before = store.borrowed.get();
		CompletableFuture<Void> probe = CompletableFuture.runAsync(gate::require);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> assertThat(store.borrowed.get()).as("the first decision's probe is trying the store")
				.isEqualTo(before + 1));
		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(gate::require).isInstanceOf(StoreRefusingException.class)
				.hasMessageContaining("the decision was refused before the router was asked");
		}
		assertThat(store.borrowed.get()).as("one probe at a time").isEqualTo(before + 1);
		assertThatThrownBy(() -> probe.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessException.class);
	}

	@Test
	void aStalledCommitRefusesWritesUntilItEnds() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Integer> hung = commitHeldUntil(release);
		awaitRefusal(true);
		assertThat(writer.refusesWrites()).as("a commit past the 300 ms timeout").isEqualTo("a commit has run past the timeout");
		release.countDown();
		hung.exceptionally(ex -> 0).get(5, TimeUnit.SECONDS);
		awaitRefusal(false);
		assertThat(writer.refusesWrites()).isNull();
		writer.stop();
		assertThat(writer.refusesWrites()).as("no writer").isEqualTo("the store's writer is not running");
	}

	/** Waits up to 5 s for the writer to refuse writes, or to stop refusing them. */
	private void awaitRefusal(boolean refusing) {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
			.until(() -> (writer.refusesWrites() != null) == refusing);
	}

}
