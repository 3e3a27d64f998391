package io.aurora.intelligence.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.dbcp2.BasicDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceStoreTests {

	@TempDir
	Path dir;

	private BasicDataSource dataSource;

	private TraceStore store;

	private GroupCommitter writer;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeEach
	void open() {
		dataSource = openStore(dir.resolve("decisions.db"));
		store = storeOn(dataSource);
	}

	private TraceStore storeOn(BasicDataSource ds) {
		writer = new GroupCommitter(ds, meters);
		writer.start();
		return new TraceStore(JdbcClient.create(ds), writer, new JsonMapper());
	}

	@AfterEach
	void close() throws Exception {
		writer.stop();
		dataSource.close();
	}

	private static BasicDataSource openStore(Path file) {
		BasicDataSource ds = StoreConfiguration.sqlite(new StoreProperties(file.toString(), StoreProperties.Sync.FULL, null, null,
				null, StoreProperties.DEFAULT_TIMEOUT_MS,
				StoreProperties.DEFAULT_POOL_SIZE));
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().migrate();
		return ds;
	}

	@Test
	void storeRunsInWalModeWithForeignKeys() {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		assertThat(jdbc.sql("PRAGMA journal_mode").query(String.class).single()).isEqualTo("wal");
		assertThat(jdbc.sql("PRAGMA foreign_keys").query(Integer.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("PRAGMA synchronous").query(Integer.class).single()).isEqualTo(2);
	}

	@Test
	void pooledStatementsHoldNoReaderThatWouldBlockACheckpoint() {
		for (int i = 0; i < 50; i++) {
			store.insertTrace(trace("tr_" + i));
			store.appendFeedback(feedback("tr_" + i, 0.5), seq -> { }, () -> { });
			assertThat(store.findTrace("tr_" + i)).isPresent();
		}
		Map<String, Object> checkpoint = JdbcClient.create(dataSource).sql("PRAGMA wal_checkpoint(TRUNCATE)").query().singleRow();
		assertThat(checkpoint).containsEntry("busy", 0);
		assertThat(dir.resolve("decisions.db-wal")).isEmptyFile();
	}

	@Test
	void insertedTraceIsFoundWithItsCandidatesAndContext() {
		assertThat(store.insertTrace(trace("tr_1"))).isTrue();
		StoredTrace found = store.findTrace("tr_1").orElseThrow();
		assertThat(found.state()).isEqualTo("us-west|cpu=8|mem=32|lat=50-100|c=0.7|d=0.8");
		assertThat(found.provider()).isEqualTo("akash");
		assertThat(found.candidates()).extracting(c -> c.get("provider")).containsExactly("akash", "vast");
		assertThat(found.context()).containsEntry("region", "us-west").containsEntry("cpu", 8);
		assertThat(store.findTrace("tr_missing")).isEmpty();
		assertThat(store.counts().traces()).isEqualTo(1);
	}

	@Test
	void traceIsNeverOverwritten() {
		assertThat(store.insertTrace(trace("tr_1"))).isTrue();
		TraceRecord other = new TraceRecord("tr_1", "other-task", Instant.now(), "s", "vast", "V4", List.of(), Map.of(),
				Map.of(), 0, 1, 0.1, "exploit", 0, "model", Map.of(), Map.of(), "q-table");
		assertThat(store.insertTrace(other)).isFalse();
		assertThat(store.findTrace("tr_1").orElseThrow().provider()).isEqualTo("akash");
		assertThat(store.counts().traces()).isEqualTo(1);
	}

	@Test
	void secondFeedbackForATraceIsRefused() {
		store.insertTrace(trace("tr_1"));
		assertThat(store.appendFeedback(feedback("tr_1", 0.88), seq -> { }, () -> { })).isTrue();
		assertThat(store.appendFeedback(feedback("tr_1", -1), seq -> { }, () -> { })).isFalse();
		List<LoggedFeedback> log = store.logAfter(0, 100);
		assertThat(log).singleElement().satisfies(f -> assertThat(f.reward()).isEqualTo(0.88));
		assertThat(store.counts()).isEqualTo(new TraceStore.Counts(1, 1));
	}

	@Test
	void feedbackForAnUnknownTraceViolatesTheForeignKey() {
		assertThatThrownBy(() -> store.appendFeedback(feedback("tr_nope", 1), seq -> { }, () -> { })).isInstanceOf(DataAccessException.class)
			.hasMessageContaining("FOREIGN KEY");
		assertThat(store.counts().feedback()).isZero();
	}

	@Test
	void replayFollowsLogOrderAndJoinsTheTrace() {
		for (int i = 0; i < 5; i++) {
			store.insertTrace(trace("tr_" + i));
		}
		for (int i : new int[] { 3, 1, 4, 0, 2 }) {
			store.appendFeedback(feedback("tr_" + i, i / 10.0), seq -> { }, () -> { });
		}
		List<LoggedFeedback> log = store.logAfter(0, 100);
		assertThat(log).extracting(LoggedFeedback::reward).containsExactly(0.3, 0.1, 0.4, 0.0, 0.2);
		assertThat(log).extracting(LoggedFeedback::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(store.logAfter(3, 100)).extracting(LoggedFeedback::seq).containsExactly(4L, 5L);
		assertThat(store.logAfter(0, 2)).hasSize(2);
		assertThat(log.get(0).provider()).isEqualTo("akash");
		assertThat(log.get(0).nextCoherence()).isEqualTo(0.4);
		assertThat(log.get(0).nextDensity()).isEqualTo(0.6);
		assertThat(log.get(0).context()).containsEntry("region", "us-west");
		assertThat(log.get(0).psi()).containsEntry("density", 0.82);
		assertThat(log.get(0).candidates()).hasSize(2);
	}

	@Test
	void committedRowsSurviveReopeningTheFile() throws Exception {
		store.insertTrace(trace("tr_1"));
		store.appendFeedback(feedback("tr_1", 0.5), seq -> { }, () -> { });
		writer.stop();
		dataSource.close();
		dataSource = openStore(dir.resolve("decisions.db"));
		TraceStore reopened = storeOn(dataSource);
		assertThat(reopened.counts()).isEqualTo(new TraceStore.Counts(1, 1));
		assertThat(reopened.findTrace("tr_1")).isPresent();
	}

	@Test
	void writesSubmittedWhileTheWriterStopsAreAnsweredNeverLeftWaiting() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(8);
		AtomicInteger ids = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			running.add(callers.submit(() -> {
				try {
					while (true) {
						store.insertTrace(trace("tr_" + ids.incrementAndGet()));
					}
				}
				catch (DataAccessException stopped) {
					return null;
				}
			}));
		}
		Thread.sleep(200);
		writer.stop();
		for (Future<?> caller : running) {
			caller.get(5, TimeUnit.SECONDS);
		}
		callers.shutdown();
	}

	@Test
	void unwritableDefaultDirectoryFallsBackToLocalDataButAnExplicitOneRefusesToStart() throws Exception {
		Path blocker = dir.resolve("file");
		Files.writeString(blocker, "not a directory");
		assertThat(StoreConfiguration.resolve(blocker.resolve("sub/decisions.db"), false)).isEqualTo(StoreConfiguration.FALLBACK);
		assertThatThrownBy(() -> StoreConfiguration.resolve(blocker.resolve("sub/decisions.db"), true))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("STORE_FILE")
			.hasMessageContaining("cannot be written");
		assertThat(StoreConfiguration.resolve(dir.resolve("ok/decisions.db"), true)).isEqualTo(dir.resolve("ok/decisions.db"));
	}

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
		assertThat(store.counts()).isEqualTo(new TraceStore.Counts(n, n));
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
		assertThat(store.counts()).isEqualTo(new TraceStore.Counts(2, 2));
	}

	/** Submits a write that holds the writer inside its transaction until {@code release}, once the writer has taken it. */
	private Future<Integer> holdWriter(ExecutorService callers, CountDownLatch release) throws InterruptedException {
		CountDownLatch writing = new CountDownLatch(1);
		Future<Integer> blocker = callers.submit(() -> writer.submit(db -> {
			writing.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return 0;
		}, rows -> { }, GroupCommitter.NOTHING));
		assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
		return blocker;
	}

	/** Waits until {@code count} writes wait together, to be taken as one batch. */
	private void awaitQueued(int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (writer.queued() < count && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(writer.queued()).as("the writes wait together, to be taken as one batch").isEqualTo(count);
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
	void aWriteTheWriterDoesNotReachBeforeTheTimeoutIsWithdrawnAndNeverRuns() throws Exception {
		GroupCommitter slow = new GroupCommitter(dataSource, meters, 300);
		slow.start();
		ExecutorService callers = Executors.newSingleThreadExecutor();
		try {
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch taken = new CountDownLatch(1);
			Future<Integer> blocking = callers.submit(() -> slow.submit(db -> {
				taken.countDown();
				try {
					release.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return 1;
			}, rows -> { }, GroupCommitter.NOTHING));
			assertThat(taken.await(5, TimeUnit.SECONDS)).as("the writer is busy with the blocking write").isTrue();
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
	void refusalsAndTheFeedbackLoggedForThemAreNotCountedAsDecisionsOrFeedbackReceived() throws Exception {
		store.insertTrace(trace("tr_asked"));
		store.insertTrace(refusal("tr_refused"));
		store.insertTrace(refusal("tr_refused_unlearned"));
		store.appendFeedback(feedback("tr_refused", -1), false, seq -> { }, () -> { });
		assertThat(store.counts()).isEqualTo(new TraceStore.Counts(1, 0));
		store.appendFeedback(feedback("tr_asked", 0.5), seq -> { }, () -> { });
		assertThat(store.counts()).isEqualTo(new TraceStore.Counts(1, 1));

		close();
		open();
		assertThat(store.counts()).as("counted again from the store at start").isEqualTo(new TraceStore.Counts(1, 1));

		assertThat(store.deleteTracesWithoutFeedback(List.of("tr_refused_unlearned"))).isEqualTo(1);
		assertThat(store.deleteLogEntries(List.of("tr_refused"))).isEqualTo(1);
		assertThat(store.counts()).as("deleting refusals leaves the counts as they are").isEqualTo(new TraceStore.Counts(1, 1));
		assertThat(store.deleteLogEntries(List.of("tr_asked"))).isEqualTo(1);
		assertThat(store.counts()).isEqualTo(new TraceStore.Counts(0, 0));
	}

	@Test
	void housekeepingWritesAreTimedLikeEveryOtherCommit() throws InterruptedException {
		store.insertTrace(trace("tr_old"));
		assertThat(commitsTimedWithin5s(1)).as("the insert's batch").isEqualTo(1);
		assertThat(store.deleteTracesWithoutFeedback(List.of("tr_old"))).isEqualTo(1);
		assertThat(commitsTimedWithin5s(2)).as("the delete, committed alone").isEqualTo(2);
	}

	/** The commits timed so far, once there are {@code n} or 5 s have passed: the writer times a commit after releasing its callers. */
	private long commitsTimedWithin5s(long n) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (meters.get(MetricNames.STORE_COMMIT_LATENCY).timer().count() < n && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		Thread.sleep(50);
		return meters.get(MetricNames.STORE_COMMIT_LATENCY).timer().count();
	}

	private static TraceRecord refusal(String id) {
		TraceRecord t = trace(id);
		return new TraceRecord(id, t.taskId(), t.createdAt(), t.state(), t.provider(), t.sku(), t.candidates(), t.context(),
				t.psi(), t.qValue(), t.propensity(), t.epsilon(), t.exploration(), t.score(), "model",
				Map.of("status", "rejected", "http_status", 409, "refused", true), t.timings(), t.policy());
	}

	private static TraceRecord trace(String id) {
		return new TraceRecord(id, "task-1", Instant.parse("2026-11-29T10:00:00Z"),
				"us-west|cpu=8|mem=32|lat=50-100|c=0.7|d=0.8", "akash", "A8",
				List.of(Map.of("provider", "akash", "sku", "A8"), Map.of("provider", "vast", "sku", "V4")),
				Map.of("region", "us-west", "cpu", 8), Map.of("density", 0.82, "coherence", 0.68), 0.74, 0.95, 0.1,
				"exploit", 0.87, "router", Map.of("status", "ok"), Map.of("router_ms", 1.5), "squarecb");
	}

	private static FeedbackRecord feedback(String traceId, double reward) {
		return new FeedbackRecord(traceId, Instant.now(), Map.of("latency_ms", 42), reward, Map.of("failures", 0), "next",
				0.4, 0.6);
	}

}
