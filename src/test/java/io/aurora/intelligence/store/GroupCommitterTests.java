package io.aurora.intelligence.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.DistributionSummary;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The store's group-committing writer: concurrent writes committed in batches with their actions in log
 * order, one failing write or a busy database, writes run alone, and writes withdrawn at the timeout.
 */
class GroupCommitterTests extends AbstractTraceStoreTests {

	@Test
	void concurrentWritesAreCommittedInBatchesAndRunTheirActionsInLogOrderAndTheBatchActionOncePerBatch() throws Exception {
		int n = 400;
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
		List<java.util.concurrent.Future<Boolean>> done = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String id = "tr_" + i;
			done.add(pool.submit(() -> store.insertTrace(trace(id))));
		}
		for (var f : done) {
			assertThat(f.get()).isTrue();
		}
		List<String> applied = java.util.Collections.synchronizedList(new ArrayList<>());
		java.util.concurrent.atomic.AtomicInteger appliedAtBatchEnd = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger batchEnds = new java.util.concurrent.atomic.AtomicInteger();
		Runnable batchEnd = () -> {
			appliedAtBatchEnd.set(applied.size());
			batchEnds.incrementAndGet();
		};
		DistributionSummary batches = meters.get(MetricNames.STORE_COMMIT_BATCH).summary();
		long commitsBefore = batches.count();
		done.clear();
		for (int i = 0; i < n; i++) {
			String id = "tr_" + i;
			done.add(pool.submit(() -> store.appendFeedback(feedback(id, 0.1), seq -> applied.add(id), batchEnd)));
		}
		for (var f : done) {
			assertThat(f.get()).isTrue();
		}
		pool.shutdown();
		List<String> logOrder = new ArrayList<>();
		JdbcClient.create(dataSource).sql("SELECT trace_id FROM feedback ORDER BY seq").query(String.class).list()
			.forEach(logOrder::add);
		assertThat(applied).containsExactlyElementsOf(logOrder).hasSize(n);
		assertThat(appliedAtBatchEnd).hasValue(n);
		assertThat(batchEnds.get()).isEqualTo(batches.count() - commitsBefore);
		assertThat(batches.totalAmount()).isEqualTo(2.0 * n);
		assertThat(batches.max()).isLessThanOrEqualTo(GroupCommitter.MAX_BATCH);
		assertThat(store.counts()).isEqualTo(new StoreCounts(n, n));
	}

	@Test
	void theBatchActionRunsBeforeTheWriteReturnsAndItsFailureDoesNotFailTheWrite() {
		store.insertTrace(trace("tr_1"));
		store.insertTrace(trace("tr_2"));
		List<String> events = new ArrayList<>();
		assertThat(store.appendFeedback(feedback("tr_1", 1), seq -> events.add("logged"), () -> events.add("batch"))).isTrue();
		events.add("returned");
		assertThat(events).containsExactly("logged", "batch", "returned");
		assertThat(store.appendFeedback(feedback("tr_2", 1), seq -> { }, () -> {
			throw new IllegalStateException("learning failed");
		})).isTrue();
		assertThat(store.counts()).isEqualTo(new StoreCounts(2, 2));
	}

	@Test
	void aFencedWriterRefusesEveryWriteAndReadinessSaysWhyUntilItsRestart() {
		store.insertTrace(trace("tr_1"));
		store.fence("the feedback log went back behind this replica's model");
		assertThat(writer.refusesWrites()).isEqualTo("the feedback log went back behind this replica's model");
		assertThatThrownBy(() -> store.requireWritable()).isInstanceOf(StoreRefusingException.class)
			.hasMessageContaining("went back behind");
		assertThatThrownBy(() -> store.appendFeedback(feedback("tr_1", 1), seq -> { }, GroupCommitter.NOTHING))
			.isInstanceOf(DataAccessException.class);
		assertThat(store.counts()).as("nothing stored").isEqualTo(new StoreCounts(1, 0));
		assertThat(writer.health().fault()).as("readiness and /status").contains("went back behind");
	}

	@Test
	void aReadOnlyDatabaseFailsTheWholeBatchAtOnceRatherThanEachWriteInTurn() {
		java.sql.SQLException readOnly = new java.sql.SQLException("cannot execute INSERT in a read-only transaction",
				ReadOnlySessions.READ_ONLY);
		assertThat(WriterHealth.unavailable(new UncategorizedSQLException("insert", "INSERT", readOnly))).isTrue();
	}

	/** Submits a write that holds the writer inside its transaction until {@code release}, once the writer has taken it. */
	private Future<Integer> holdWriter(ExecutorService callers, CountDownLatch release) throws InterruptedException {
		return holdWriter(writer, callers, release);
	}

	/**
	 * Submits a write to {@code committer} that holds its writer inside its transaction until {@code release} (at
	 * most 10 s), then returns 1; returns once the writer has taken it.
	 */
	private static Future<Integer> holdWriter(GroupCommitter committer, ExecutorService callers, CountDownLatch release)
			throws InterruptedException {
		CountDownLatch writing = new CountDownLatch(1);
		Future<Integer> blocker = callers.submit(() -> committer.submit(db -> {
			writing.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return 1;
		}, rows -> { }, GroupCommitter.NOTHING));
		assertThat(writing.await(5, TimeUnit.SECONDS)).as("the writer is inside the holding write's transaction").isTrue();
		return blocker;
	}

	/** Waits until {@code count} writes wait together, to be taken as one batch. */
	private void awaitQueued(int count) {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> assertThat(writer.queued()).as("the writes wait together, to be taken as one batch")
				.isEqualTo(count));
	}

	@Test
	void oneFailingWriteDoesNotFailItsBatch() throws Exception {
		store.insertTrace(trace("tr_1"));
		ExecutorService callers = Executors.newFixedThreadPool(4);
		CountDownLatch release = new CountDownLatch(1);
		try {
			Future<Integer> blocker = holdWriter(callers, release);
			Future<Boolean> good = callers.submit(() -> store.insertTrace(trace("tr_2")));
			Future<Boolean> bad = callers.submit(() -> store.appendFeedback(feedback("tr_missing", 1), seq -> { }, () -> { }));
			Future<Boolean> alsoGood = callers.submit(() -> store.appendFeedback(feedback("tr_1", 1), seq -> { }, () -> { }));
			awaitQueued(3);
			release.countDown();
			blocker.get(5, TimeUnit.SECONDS);
			assertThat(good.get(5, TimeUnit.SECONDS)).isTrue();
			assertThat(alsoGood.get(5, TimeUnit.SECONDS)).isTrue();
			assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessException.class);
			assertThat(store.findTrace("tr_2")).isPresent();
			assertThat(store.logAfter(0, 10)).hasSize(1);
		}
		finally {
			release.countDown();
			callers.shutdown();
		}
	}

	@Test
	void aBatchTheDatabaseIsTooBusyForFailsAsAWholeInsteadOfRetryingEachWriteAgainstTheSameLock() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(3);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger busyRuns = new AtomicInteger();
		AtomicInteger otherRuns = new AtomicInteger();
		try {
			Future<Integer> blocker = holdWriter(callers, release);
			Future<Integer> busy = callers.submit(() -> writer.submit(db -> {
				busyRuns.incrementAndGet();
				throw new UncategorizedSQLException("insert", "insert", new SQLiteException("database is locked",
						SQLiteErrorCode.SQLITE_BUSY));
			}, rows -> { }, GroupCommitter.NOTHING));
			Future<Integer> other = callers.submit(() -> writer.submit(db -> otherRuns.incrementAndGet(), rows -> { },
					GroupCommitter.NOTHING));
			awaitQueued(2);
			release.countDown();
			blocker.get(5, TimeUnit.SECONDS);
			assertThatThrownBy(() -> busy.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessException.class);
			assertThatThrownBy(() -> other.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessException.class);
			assertThat(busyRuns.get()).as("ran in the batch and was not retried alone").isOne();
			assertThat(otherRuns.get()).as("ran in the batch at most, before the busy write").isLessThanOrEqualTo(1);
		}
		finally {
			release.countDown();
			callers.shutdown();
		}
	}

	@Test
	void aWriteRunAloneFailsAloneWhileConcurrentWritesCommit() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> inserts = new ArrayList<>();
			Future<Integer> housekeeping = null;
			for (int i = 0; i < 40; i++) {
				String id = "tr_" + i;
				inserts.add(callers.submit(() -> store.insertTrace(trace(id))));
				if (i == 20) {
					housekeeping = callers.submit(() -> writer.submitAlone(db -> {
						db.sql("DELETE FROM traces").update();
						throw new IllegalStateException("housekeeping failed");
					}, rows -> { }));
				}
			}
			for (Future<Boolean> insert : inserts) {
				assertThat(insert.get()).isTrue();
			}
			assertThatThrownBy(housekeeping::get).hasRootCauseMessage("housekeeping failed");
			assertThat(JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM traces").query(Long.class).single()).isEqualTo(40);
		}
		finally {
			callers.shutdown();
		}
	}

	@Test
	void eachCallersWaitForItsCommitIsTracedAndEndsWithItsFailure() {
		List<String> ends = java.util.Collections.synchronizedList(new ArrayList<>());
		StoreTracing tracing = what -> failure -> ends.add(failure == null ? what + " committed" : what + " failed: " + failure.getMessage());
		GroupCommitter traced = new GroupCommitter(dataSource, meters, 5_000, cause -> { }, writer -> { }, 5_000, tracing);
		traced.start();
		try {
			assertThat(traced.submit(db -> 7, rows -> { }, GroupCommitter.NOTHING)).isEqualTo(7);
			assertThatThrownBy(() -> traced.submit(db -> {
				throw new IllegalStateException("no such table");
			}, rows -> { }, GroupCommitter.NOTHING)).isInstanceOf(DataAccessException.class);
			assertThat(ends).hasSize(2).first().isEqualTo("write committed");
			assertThat(ends.get(1)).startsWith("write failed: ");
		}
		finally {
			traced.stop();
		}
	}

	@Test
	void eachTracedWaitIsToldHowManyWritesItsCommitHeld() throws Exception {
		List<String> batches = java.util.Collections.synchronizedList(new ArrayList<>());
		StoreTracing tracing = what -> new StoreTracing.Commit() {

			@Override
			public void batch(int writes) {
				batches.add(what + " in " + writes);
			}

			@Override
			public void end(Throwable failure) {
			}

		};
		GroupCommitter traced = new GroupCommitter(dataSource, meters, 5_000, cause -> { }, writer -> { }, 5_000, tracing);
		traced.start();
		ExecutorService callers = Executors.newFixedThreadPool(4);
		CountDownLatch release = new CountDownLatch(1);
		try {
			Future<Integer> blocker = holdWriter(traced, callers, release);
			List<Future<Integer>> queued = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				queued.add(callers.submit(() -> traced.submit("trace", db -> 1, rows -> { }, GroupCommitter.NOTHING)));
			}
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
				.untilAsserted(() -> assertThat(traced.queued()).isEqualTo(3));
			release.countDown();
			blocker.get(5, TimeUnit.SECONDS);
			for (Future<Integer> write : queued) {
				assertThat(write.get(5, TimeUnit.SECONDS)).isOne();
			}
			assertThat(traced.submitAlone("retention", db -> 2, rows -> { })).isEqualTo(2);
			assertThat(batches).containsExactlyInAnyOrder("write in 1", "trace in 3", "trace in 3", "trace in 3",
					"retention in 1");
		}
		finally {
			release.countDown();
			callers.shutdown();
			traced.stop();
		}
	}

	@Test
	void aWriteTheWriterDoesNotReachBeforeTheTimeoutIsWithdrawnAndNeverRuns() throws Exception {
		GroupCommitter slow = new GroupCommitter(dataSource, meters, 300);
		slow.start();
		ExecutorService callers = Executors.newSingleThreadExecutor();
		try {
			CountDownLatch release = new CountDownLatch(1);
			Future<Integer> blocking = holdWriter(slow, callers, release);
			AtomicBoolean ran = new AtomicBoolean();
			assertThatThrownBy(() -> slow.submit(db -> {
				ran.set(true);
				return 1;
			}, rows -> { }, GroupCommitter.NOTHING)).isInstanceOf(QueryTimeoutException.class).hasMessageContaining("withdrawn");
			release.countDown();
			assertThat(blocking.get(5, TimeUnit.SECONDS)).isEqualTo(1);
			assertThat(slow.submit(db -> 7, rows -> { }, GroupCommitter.NOTHING)).isEqualTo(7);
			assertThat(ran).isFalse();
		}
		finally {
			callers.shutdown();
			slow.stop();
		}
	}

	@Test
	void aStopThatGivesUpOnTheWriterKeepsTheStoreClaimedButOneItWaitsForDoesNot() throws Exception {
		AtomicBoolean stuck = new AtomicBoolean();
		GroupCommitter stalled = new GroupCommitter(dataSource, meters, 300, cause -> { }, writer -> stuck.set(true), 200,
				StoreTracing.NONE);
		stalled.start();
		ExecutorService callers = Executors.newSingleThreadExecutor();
		CountDownLatch release = new CountDownLatch(1);
		try {
			holdWriter(stalled, callers, release);
			stalled.stop();
			assertThat(stuck).as("a writer still committing when the stop gives up keeps the file claimed").isTrue();
			assertThatThrownBy(stalled::start).as("no second writer beside the one still running")
				.isInstanceOf(IllegalStateException.class);
		}
		finally {
			release.countDown();
			callers.shutdown();
		}
		AtomicBoolean stuckAgain = new AtomicBoolean();
		GroupCommitter idle = new GroupCommitter(dataSource, meters, 300, cause -> { }, writer -> stuckAgain.set(true), 5_000,
				StoreTracing.NONE);
		idle.start();
		idle.stop();
		assertThat(stuckAgain).as("a writer that ends in time lets the file go").isFalse();
	}

}
