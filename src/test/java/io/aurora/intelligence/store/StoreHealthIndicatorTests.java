package io.aurora.intelligence.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The store's health for readiness and {@code /status}: down while the writer is gone, stuck or past its commit
 * timeout, or while the store refuses writes until a probe commits again; up through a busy pool or a write that
 * breaks a constraint.
 */
class StoreHealthIndicatorTests extends AbstractStoreHealthIndicatorTests {

	@Test
	void checkingReadinessBorrowsNoConnectionWhileWritesCommit() {
		StoreHealthIndicator health = new StoreHealthIndicator(writer);
		assertThat(writer.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING)).isOne();
		int borrowed = store.borrowed.get();
		for (int i = 0; i < 100; i++) {
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		}
		assertThat(store.borrowed.get()).as("a busy pool cannot make the check fail").isEqualTo(borrowed);
	}

	@Test
	void aWriterThreadThatEndsUnaskedTurnsReadinessDownRefusesWritesAtOnceAndTellsLiveness() throws Exception {
		CompletableFuture<Throwable> died = new CompletableFuture<>();
		GroupCommitter fragile = new GroupCommitter(store, new SimpleMeterRegistry(), 300, died::complete, writer -> {
		}, GroupCommitter.STOP_WAIT_MS, StoreTracing.NONE);
		fragile.start();
		assertThat(fragile.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING)).isOne();
		fragile.writerThread().interrupt();
		assertThat(died.get(5, TimeUnit.SECONDS)).hasMessageContaining("interrupted");
		assertThat(new StoreHealthIndicator(fragile).health().getStatus()).isEqualTo(Status.DOWN);
		long start = System.nanoTime();
		assertThatThrownBy(() -> fragile.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING))
			.isInstanceOf(DataAccessResourceFailureException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for a commit that cannot come")
			.isLessThan(Duration.ofSeconds(1));
		fragile.stop();
	}

	@Test
	void statusCallsTheStoreUnhealthyWhileItsWritesFailThoughTheDatabaseAnswersQueries() {
		TraceStore traces = new TraceStore(JdbcClient.create(pool), writer, new JsonMapper());
		assertThat(traces.ping()).isTrue();
		assertThatThrownBy(() -> writer.submit(db -> {
			throw new DataAccessResourceFailureException("disk full");
		}, rows -> { }, GroupCommitter.NOTHING)).isInstanceOf(DataAccessResourceFailureException.class);
		assertThat(traces.ping()).as("the last write failed").isFalse();
		assertThat(writer.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING)).isOne();
		assertThat(traces.ping()).as("writes commit again").isTrue();
		writer.stop();
		assertThat(traces.ping()).as("no writer").isFalse();
	}

	@Test
	void writerTakingNoWritesIsDownWhileOneWaitsPastTheTimeout() throws Exception {
		StoreHealthIndicator health = new StoreHealthIndicator(writer, 60_000, 60_000);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch stuckAfterCommit = new CountDownLatch(1);
		CompletableFuture<Integer> stuck = CompletableFuture.supplyAsync(() -> writer.submit(db -> 1, rows -> {
			stuckAfterCommit.countDown();
			awaitRelease(release);
		}, GroupCommitter.NOTHING));
		assertThat(stuckAfterCommit.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> writer.submit(db -> 2, rows -> { },
				GroupCommitter.NOTHING));
		Health down = eventually(health::health, Status.DOWN);
		assertThat(down.getStatus()).as("the commit itself succeeded; the writer is stuck after it").isEqualTo(Status.DOWN);
		assertThat(down.getDetails().get("error").toString()).contains("waited");
		release.countDown();
		stuck.exceptionally(ex -> 0).get(5, TimeUnit.SECONDS);
		waiting.exceptionally(ex -> 0).get(5, TimeUnit.SECONDS);
		assertThat(eventually(health::health, Status.UP).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void storeRefusingWritesIsDownUntilAProbeCommitsAgain() throws Exception {
		StoreHealthIndicator health = new StoreHealthIndicator(writer, 60_000, 50);
		store.failing = true;
		assertThatThrownBy(() -> writer.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING))
			.isInstanceOf(DataAccessException.class);
		Health down = health.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsKey("error");

		int borrowed = store.borrowed.get();
		Thread.sleep(200);
		health.health();
		Thread.sleep(200);
		assertThat(store.borrowed.get()).as("a probe tried the store").isGreaterThan(borrowed);
		assertThat(health.health().getStatus()).as("a probe failed meanwhile").isEqualTo(Status.DOWN);
		store.failing = false;
		assertThat(eventually(health::health, Status.UP).getStatus()).isEqualTo(Status.UP);
		assertThat(JdbcClient.create(pool).sql("SELECT COUNT(*) FROM store_probe").query(Integer.class).single()).isOne();
	}

	@Test
	void idleStoreThatStopsTakingWritesIsFoundDownByTheFirstCheckAfterwards() throws Exception {
		StoreHealthIndicator health = new StoreHealthIndicator(writer, 50, 50);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		store.failing = true;
		Thread.sleep(100);
		assertThat(health.health().getStatus()).as("the check waits for the probe it starts").isEqualTo(Status.DOWN);
	}

	@Test
	void theFirstCheckWaitsForAProbeAsLongAsThePoolWaitsForALostDatabase() throws Exception {
		GroupCommitter patient = new GroupCommitter(store, new SimpleMeterRegistry(), StoreProperties.DEFAULT_TIMEOUT_MS);
		patient.start();
		try {
			StoreHealthIndicator health = new StoreHealthIndicator(patient, 50, 50);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			store.failAfterMs = StoreConfiguration.CONNECTION_TIMEOUT_MS;
			store.failing = true;
			Thread.sleep(100);
			Health first = health.health();
			assertThat(first.getStatus()).isEqualTo(Status.DOWN);
			assertThat(String.valueOf(first.getDetails().get("error"))).as("the probe's failure, not a stall past the timeout")
				.doesNotStartWith("a commit has run");
		}
		finally {
			patient.stop();
		}
	}

	@Test
	void writeBreakingAConstraintLeavesTheStoreUp() {
		StoreHealthIndicator health = new StoreHealthIndicator(writer);
		assertThatThrownBy(() -> writer.submit(db -> db.sql("INSERT INTO feedback (seq, trace_id, received_at_ms, outcome, reward, "
				+ "components) VALUES (1, 'no-such-trace', 0, '{}', 0, '{}')").update(), rows -> { }, GroupCommitter.NOTHING))
			.isInstanceOf(DataAccessException.class);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void commitRunningPastTheTimeoutIsDownUntilItEnds() throws Exception {
		StoreHealthIndicator health = new StoreHealthIndicator(writer, 60_000, 60_000);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Integer> hung = commitHeldUntil(release);
		Health down = eventually(health::health, Status.DOWN);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails().get("error").toString()).contains("300 ms");
		release.countDown();
		assertThat(eventually(health::health, Status.UP).getStatus()).isEqualTo(Status.UP);
		hung.exceptionally(ex -> 0).get(5, TimeUnit.SECONDS);
	}

	@Test
	void aCheckDuringACommitPastTheTimeoutAnswersDownAtOnceRatherThanWaitForAProbeBehindIt() throws Exception {
		// A timeout longer than the stall's rest, as 5 s is for a commit that ends 1.5 s past it: a probe would then
		// wait behind the commit and commit once it ends, answering UP for a store that was stalled when asked.
		GroupCommitter patient = new GroupCommitter(store, new SimpleMeterRegistry(), 1_000);
		patient.start();
		try {
			StoreHealthIndicator health = new StoreHealthIndicator(patient, 50, 50);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<Integer> hung = CompletableFuture.supplyAsync(() -> patient.submit(db -> {
				awaitRelease(release);
				return 1;
			}, rows -> { }, GroupCommitter.NOTHING));
			await().atMost(Duration.ofSeconds(5)).until(() -> patient.health().stalled());
			CompletableFuture<Void> releasing = CompletableFuture.runAsync(() -> {
				try {
					Thread.sleep(400);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				release.countDown();
			});
			Health during = health.health();
			assertThat(during.getStatus()).as("stalled when asked").isEqualTo(Status.DOWN);
			assertThat(during.getDetails().get("error").toString()).contains("a commit has run for over");
			releasing.get(5, TimeUnit.SECONDS);
			assertThat(eventually(health::health, Status.UP).getStatus()).isEqualTo(Status.UP);
			hung.exceptionally(ex -> 0).get(5, TimeUnit.SECONDS);
		}
		finally {
			patient.stop();
		}
	}

	/** The first answer with this status, which must come within 5 s. */
	private static Health eventually(Supplier<Health> check, Status wanted) {
		AtomicReference<Health> last = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> {
				last.set(check.get());
				assertThat(last.get().getStatus()).isEqualTo(wanted);
			});
		return last.get();
	}

}
