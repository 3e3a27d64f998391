package io.aurora.intelligence.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.aurora.intelligence.telemetry.MetricNames;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TraceStoreTests extends AbstractTraceStoreTests {

	@Test
	void storeRunsInWalModeWithForeignKeys() {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		assertThat(jdbc.sql("PRAGMA journal_mode").query(String.class).single()).isEqualTo("wal");
		assertThat(jdbc.sql("PRAGMA foreign_keys").query(Integer.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("PRAGMA synchronous").query(Integer.class).single()).as("STORE_SYNC=FULL by default").isEqualTo(2);
	}

	@Test
	void storeSyncNormalTakesEffect() throws Exception {
		StoreProperties normal = new StoreProperties(dir.resolve("normal.db").toString(), StoreProperties.Sync.NORMAL, null, null,
				null, StoreProperties.DEFAULT_TIMEOUT_MS, StoreProperties.DEFAULT_POOL_SIZE, 0, 0);
		try (BasicDataSource pool = StoreConfiguration.sqlite(normal)) {
			assertThat(JdbcClient.create(pool).sql("PRAGMA synchronous").query(Integer.class).single()).isEqualTo(1);
		}
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
	void aTraceIsVouchedForWhenItsCallerWasAuthorisedOrTheRouterPlacedItAndOlderTracesByThePlacementAlone() {
		List<Map<String, Object>> routers = List.of(Map.of("placed", false, "vouched", true),
				Map.of("placed", true, "vouched", true), Map.of("placed", false, "vouched", false), Map.of("placed", true),
				Map.of("placed", false), Map.of("status", "ok"));
		for (int i = 0; i < routers.size(); i++) {
			TraceRecord t = trace("tr_" + i);
			assertThat(store.insertTrace(new TraceRecord(t.traceId(), t.taskId(), t.createdAt(), t.state(), t.provider(),
					t.sku(), t.candidates(), t.context(), t.psi(), t.qValue(), t.propensity(), t.epsilon(), t.exploration(),
					t.score(), t.scoreSource(), routers.get(i), t.timings(), t.policy()))).isTrue();
		}
		assertThat(java.util.stream.IntStream.range(0, routers.size())
			.mapToObj(i -> store.findTrace("tr_" + i).orElseThrow().vouched())).containsExactly(true, true, false, true, false,
					false);
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
		assertThat(store.counts()).isEqualTo(new StoreCounts(1, 1));
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
		assertThat(reopened.counts()).isEqualTo(new StoreCounts(1, 1));
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
		try {
			Thread.sleep(200);
			writer.stop();
			for (Future<?> caller : running) {
				assertThat(caller).as("answered, with a refusal once stopped").succeedsWithin(5, TimeUnit.SECONDS);
			}
			assertThat(store.counts().traces()).as("writes went on until the stop").isPositive();
		}
		finally {
			callers.shutdownNow();
		}
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
	void refusalsAndTheFeedbackLoggedForThemAreNotCountedAsDecisionsOrFeedbackReceived() throws Exception {
		store.insertTrace(trace("tr_asked"));
		store.insertTrace(refusal("tr_refused"));
		store.insertTrace(refusal("tr_refused_unlearned"));
		store.appendFeedback(feedback("tr_refused", -1), false, seq -> { }, () -> { });
		assertThat(store.counts()).isEqualTo(new StoreCounts(1, 0));
		store.appendFeedback(feedback("tr_asked", 0.5), seq -> { }, () -> { });
		assertThat(store.counts()).isEqualTo(new StoreCounts(1, 1));

		close();
		open();
		assertThat(store.counts()).as("counted again from the store at start").isEqualTo(new StoreCounts(1, 1));

		assertThat(store.deleteTracesWithoutFeedback(List.of("tr_refused_unlearned"))).isEqualTo(1);
		assertThat(store.deleteLogEntries(List.of("tr_refused"))).isEqualTo(new LogDeletion(1, 1));
		assertThat(store.counts()).as("deleting refusals leaves the counts as they are").isEqualTo(new StoreCounts(1, 1));
		assertThat(store.deleteLogEntries(List.of("tr_asked"))).isEqualTo(new LogDeletion(1, 1));
		assertThat(store.counts()).isEqualTo(new StoreCounts(0, 0));
	}

	@Test
	void housekeepingWritesAreTimedLikeEveryOtherCommit() throws InterruptedException {
		store.insertTrace(trace("tr_old"));
		assertThat(commitsTimedWithin5s(1)).as("the insert's batch").isEqualTo(1);
		assertThat(store.deleteTracesWithoutFeedback(List.of("tr_old"))).isEqualTo(1);
		assertThat(commitsTimedWithin5s(2)).as("the delete, committed alone").isEqualTo(2);
	}

	/** The commits timed so far, once there are {@code n}, which must be within 5 s: the writer times a commit after releasing its callers. */
	private long commitsTimedWithin5s(long n) throws InterruptedException {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).dontCatchUncaughtExceptions()
			.until(() -> meters.get(MetricNames.STORE_COMMIT_LATENCY).timer().count() >= n);
		Thread.sleep(50);
		return meters.get(MetricNames.STORE_COMMIT_LATENCY).timer().count();
	}

	private static TraceRecord refusal(String id) {
		TraceRecord t = trace(id);
		return new TraceRecord(id, t.taskId(), t.createdAt(), t.state(), t.provider(), t.sku(), t.candidates(), t.context(),
				t.psi(), t.qValue(), t.propensity(), t.epsilon(), t.exploration(), t.score(), "model",
				Map.of("status", "rejected", "http_status", 409, "refused", true), t.timings(), t.policy());
	}

}
