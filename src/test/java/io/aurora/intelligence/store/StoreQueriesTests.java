package io.aurora.intelligence.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The store's queries on both dialects: retention's deletes (old traces without feedback go in bounded
 * commits, old log entries go with their traces only up to the given log number, and nothing recent is
 * touched), the evaluation log's pages, a migration's backfill, and shared mode's background counts.
 */
class StoreQueriesTests extends AbstractStoreQueriesTests {

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void evaluationPagesAreNewestFirstAndCutShortByTheirStoredSize(String vendor) {
		TraceStore store = open(vendor);
		String huge = "m".repeat(3 << 20);
		for (int i = 0; i < 6; i++) {
			TraceRecord t = trace("tr_" + i, NEW + i);
			List<Map<String, Object>> candidates = i < 3 ? t.candidates()
					: List.of(Map.of("provider", "akash", "sku", "A8", "metadata", Map.of("notes", huge)));
			Map<String, Object> router = i == 0 ? Map.of("status", "rejected", "refused", true) : t.router();
			store.insertTrace(new TraceRecord(t.traceId(), t.taskId(), t.createdAt(), t.state(), t.provider(), t.sku(), candidates,
					t.context(), t.psi(), t.qValue(), t.propensity(), 0.05, t.exploration(), t.score(), t.scoreSource(), router,
					t.timings(), t.policy()));
			store.appendFeedback(feedback("tr_" + i, NEW + i), seq -> { }, GroupCommitter.NOTHING);
		}
		List<EvaluationRow> small = store.evaluationPage(4, 256);
		assertThat(small).extracting(EvaluationRow::seq).containsExactly(3L, 2L, 1L);
		assertThat(small.get(0).epsilon()).isEqualTo(0.05);
		assertThat(small).extracting(EvaluationRow::refused).containsExactly(false, false, true);
		assertThat(store.logAfter(0, 2)).extracting(LoggedFeedback::refused).as("a refusal is known as one when replayed")
			.containsExactly(true, false);
		assertThat(store.evaluationPage(Long.MAX_VALUE, 256)).as("the third 3 MB decision begins within the 8 MiB, the next one after")
			.extracting(EvaluationRow::seq).containsExactly(6L, 5L, 4L);
		assertThat(store.evaluationPage(Long.MAX_VALUE, 1)).extracting(EvaluationRow::seq).containsExactly(6L);
		assertThat(store.evaluationPage(1, 256)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void feedbackNamingTheCandidateThatRanIsReplayedAsThatCandidatesAndReadBackAsShadow(String vendor) {
		TraceStore store = open(vendor);
		for (String id : List.of("tr_own", "tr_ran", "tr_random")) {
			TraceRecord t = trace(id, NEW);
			store.insertTrace(new TraceRecord(t.traceId(), t.taskId(), t.createdAt(), t.state(), t.provider(), t.sku(),
					List.of(Map.of("provider", "akash", "sku", "A8"), Map.of("provider", "vast", "sku", "V4")), t.context(),
					t.psi(), t.qValue(), t.propensity(), 0.05, "tr_ran".equals(id) ? "explore" : "exploit", t.score(),
					t.scoreSource(), "tr_random".equals(id) ? Map.of("status", "ok", "first_choice", false) : t.router(),
					t.timings(), t.policy()));
		}
		FeedbackRecord own = feedback("tr_own", NEW);
		store.appendFeedback(own, seq -> { }, GroupCommitter.NOTHING);
		store.appendFeedback(new FeedbackRecord("tr_ran", own.receivedAt(), own.outcome(), own.reward(), own.components(),
				own.nextState(), own.nextCoherence(), own.nextDensity(), "vast", "V4"), seq -> { }, GroupCommitter.NOTHING);
		store.appendFeedback(new FeedbackRecord("tr_random", own.receivedAt(), own.outcome(), own.reward(), own.components(),
				own.nextState(), own.nextCoherence(), own.nextDensity(), "vast", "V4", 0.3), seq -> { }, GroupCommitter.NOTHING);
		assertThat(store.logAfter(0, 10)).as("the model relearns what ran, after a restart or on another replica")
			.extracting(LoggedFeedback::provider, LoggedFeedback::sku)
			.containsExactly(tuple("akash", "A8"), tuple("vast", "V4"), tuple("vast", "V4"));
		List<EvaluationRow> rows = store.evaluationPage(Long.MAX_VALUE, 10);
		assertThat(rows).extracting(EvaluationRow::shadow).containsExactly(true, true, false);
		assertThat(rows).extracting(EvaluationRow::ranPropensity).containsExactly(0.3, null, null);
		assertThat(rows).extracting(EvaluationRow::explored).as("the service's answer to tr_ran was an exploration")
			.containsExactly(false, true, false);
		assertThat(rows.get(1)).extracting(EvaluationRow::provider, EvaluationRow::sku, EvaluationRow::ranProvider,
				EvaluationRow::ranSku).as("the service's choice and what ran instead").containsExactly("akash", "A8", "vast", "V4");
		assertThat(store.recordedFeedback("tr_random")).get().extracting(RecordedFeedback::ran)
			.isEqualTo(Map.of("provider", "vast", "sku", "V4", "propensity", 0.3));
		assertThat(store.recordedFeedback("tr_ran")).get().extracting(RecordedFeedback::ran)
			.isEqualTo(Map.of("provider", "vast", "sku", "V4"));
		assertThat(store.recordedFeedback("tr_own")).get().extracting(RecordedFeedback::ran).isNull();
		assertThat(Stream.of("tr_own", "tr_ran", "tr_random").map(id -> store.findTrace(id).orElseThrow().explored()))
			.as("feedback reads the answer's label; a failover placement (tr_random's) is neither")
			.containsExactly(false, true, null);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void oldTracesWithoutFeedbackAreFoundOldestFirstAndDeletedUnlessFedMeanwhile(String vendor) {
		TraceStore store = open(vendor);
		for (int i = 0; i < 3; i++) {
			store.insertTrace(trace("tr_old" + i, OLD + i));
		}
		store.insertTrace(trace("tr_fed", OLD));
		store.appendFeedback(feedback("tr_fed", NEW), seq -> { }, GroupCommitter.NOTHING);
		store.insertTrace(trace("tr_new", NEW));

		assertThat(store.tracesWithoutFeedback(0, CUTOFF, 2)).containsExactly(new AgedTrace("tr_old0", OLD),
				new AgedTrace("tr_old1", OLD + 1));
		assertThat(store.tracesWithoutFeedback(OLD + 1, CUTOFF, 2)).extracting(AgedTrace::traceId)
			.containsExactly("tr_old1", "tr_old2");
		store.appendFeedback(feedback("tr_old1", NEW), seq -> { }, GroupCommitter.NOTHING);
		assertThat(store.deleteTracesWithoutFeedback(List.of("tr_old0", "tr_old1", "tr_old2"))).isEqualTo(2);

		assertThat(store.tracesWithoutFeedback(0, CUTOFF, 2)).isEmpty();
		assertThat(store.findTrace("tr_old0")).isEmpty();
		assertThat(store.findTrace("tr_old1")).isPresent();
		assertThat(store.findTrace("tr_new")).isPresent();
		assertThat(store.counts()).isEqualTo(new StoreCounts(3, 2));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void oldestLogEntriesStopAtTheGivenEntryAndGoWithTheirTraces(String vendor) {
		TraceStore store = open(vendor);
		for (int i = 1; i <= 4; i++) {
			store.insertTrace(trace("tr_" + i, OLD));
			store.appendFeedback(feedback("tr_" + i, OLD + i), seq -> { }, GroupCommitter.NOTHING);
		}

		assertThat(store.oldestLogEntries(3, 0, 2)).containsExactly(new AgedTrace("tr_1", OLD + 1),
				new AgedTrace("tr_2", OLD + 2));
		assertThat(store.oldestLogEntries(3, 0, 10)).extracting(AgedTrace::traceId).containsExactly("tr_1", "tr_2", "tr_3");
		assertThat(store.oldestLogEntries(3, 1, 10)).as("past the first").extracting(AgedTrace::traceId)
			.containsExactly("tr_2", "tr_3");
		assertThat(store.deleteLogEntries(List.of("tr_1", "tr_2"))).isEqualTo(new LogDeletion(2, 2));

		assertThat(store.logAfter(0, 10)).extracting(LoggedFeedback::seq).containsExactly(3L, 4L);
		assertThat(store.findTrace("tr_1")).isEmpty();
		assertThat(store.counts()).isEqualTo(new StoreCounts(2, 2));
		store.insertTrace(trace("tr_5", NEW));
		assertThat(store.deleteLogEntries(List.of("tr_3", "tr_4"))).isEqualTo(new LogDeletion(2, 2));
		AtomicLong next = new AtomicLong();
		assertThat(store.appendFeedback(feedback("tr_5", NEW), next::set, GroupCommitter.NOTHING)).isTrue();
		assertThat(next).as("a number is never reused, even once retention deleted the newest and every entry").hasValue(5);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void theMigrationMarksTheRefusalsTracedBeforeIt(String vendor) {
		DataSource ds = "sqlite".equals(vendor)
				? StoreConfiguration.sqlite(StoreProperties.sqlite(dir.resolve("old.db").toString()))
				: freshPostgres();
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + vendor).target("4").load().migrate();
		jdbc = JdbcClient.create(ds);
		for (String[] row : new String[][] { { "tr_a", "{\"status\":\"ok\",\"http_status\":200,\"answer\":{\"refused\":true},\"elapsed_ms\":2.0,"
						+ "\"attempts\":[],\"placed\":true}" },
				{ "tr_r", "{\"status\":\"rejected\",\"http_status\":409,\"answer\":{},\"elapsed_ms\":1.5,\"refused\":true,"
						+ "\"first_choice\":true,\"learned\":true}" },
				{ "tr_z", "{\"status\":\"rejected\",\"http_status\":422,\"answer\":\"\\u001f\\u0000gzip\",\"error\":\"router "
						+ "answered 422\",\"elapsed_ms\":3.25E-4,\"refused\":true,\"learned\":true}" } }) {
			jdbc.sql("""
					INSERT INTO traces (trace_id, task_id, created_at_ms, state, provider, sku, candidates, context, psi,
					                    q_value, propensity, epsilon, exploration, score, score_source, router, timings)
					VALUES (:id, 't', 0, 's', 'akash', 'A8', '[]', '{}', '{}', 0, 1, 0, 'exploit', 0, 'model', :router, '{}')
					""").param("id", row[0]).param("router", row[1]).update();
		}
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + vendor).load().migrate();
		assertThat(jdbc.sql("SELECT trace_id FROM traces WHERE refused = 1").query(String.class).list())
			.containsExactlyInAnyOrder("tr_r", "tr_z");
		writer = new GroupCommitter(ds, new SimpleMeterRegistry());
		writer.start();
		assertThat(new TraceStore(jdbc, writer, new JsonMapper()).counts().traces()).isEqualTo(1);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM traces").query(Long.class).single()).isEqualTo(3);
	}

	@Test
	void aSharedStoreCountsInTheBackgroundAndFallsBackToEstimatesWhenACountFails() throws Exception {
		TraceStore store = open("postgresql");
		store.insertTrace(trace("tr_1", NEW));
		store.insertTrace(trace("tr_2", NEW));
		TraceStore shared = new TraceStore(jdbc, jdbc, writer, new JsonMapper(), true);
		assertThat(shared.counts().traces()).as("a start does not wait on a count").isZero();
		shared.refreshCounts();
		assertThat(shared.counts().traces()).isEqualTo(2);

		DataSource broken = mock(DataSource.class);
		when(broken.getConnection()).thenThrow(new SQLException("canceling statement due to user request", "57014"));
		jdbc.sql("""
				INSERT INTO traces (trace_id, task_id, created_at_ms, state, provider, sku, candidates, context, psi,
				                    q_value, propensity, epsilon, exploration, score, score_source, router, timings, refused)
				VALUES ('tr_refusal', 't', 0, 's', 'akash', 'A8', '[]', '{}', '{}', 0, 1, 0, 'exploit', 0, 'model', '{}', '{}', 1)
				""").update();
		jdbc.sql("ANALYZE traces").update();
		TraceStore slow = new TraceStore(jdbc, JdbcClient.create(countsCancelled(dataSource)), writer, new JsonMapper(), true);
		slow.refreshCounts();
		assertThat(slow.counts().traces()).as("PostgreSQL's estimate after ANALYZE, less the refusal's share").isEqualTo(2);
		TraceStore slower = new TraceStore(jdbc, JdbcClient.create(broken), writer, new JsonMapper(), true);
		slower.refreshCounts();
		assertThat(slower.counts().traces()).as("the estimate alone when the sample cannot run either").isEqualTo(3);

		DataSource refusing = mock(DataSource.class);
		when(refusing.getConnection()).thenThrow(new SQLException("connection refused", "08001"));
		TraceStore unreachable = new TraceStore(jdbc, JdbcClient.create(refusing), writer, new JsonMapper(), true);
		assertThatThrownBy(unreachable::refreshCounts).as("only a count cancelled at its timeout falls back to estimates")
			.isInstanceOf(DataAccessException.class);
	}

	@Test
	void aSharedStoresFeedbackRateIsTheLastCountsWhateverThisReplicaWroteSince() {
		TraceStore store = open("postgresql");
		store.insertTrace(trace("tr_1", NEW));
		store.insertTrace(trace("tr_2", NEW));
		store.appendFeedback(feedback("tr_1", NEW), seq -> { }, GroupCommitter.NOTHING);
		TraceStore shared = new TraceStore(jdbc, jdbc, writer, new JsonMapper(), true);
		shared.refreshCounts();
		assertThat(shared.counts()).isEqualTo(new StoreCounts(2, 1));
		shared.insertTrace(trace("tr_3", NEW));
		shared.insertTrace(trace("tr_4", NEW));
		assertThat(shared.counts().traces()).as("its own writes move its counts").isEqualTo(4);
		assertThat(shared.counts().feedbackRate()).as("but not the rate, which other replicas' writes would make wrong")
			.isEqualTo(0.5);
		store.appendFeedback(feedback("tr_3", NEW), seq -> { }, GroupCommitter.NOTHING);
		store.appendFeedback(feedback("tr_4", NEW), seq -> { }, GroupCommitter.NOTHING);
		shared.refreshCounts();
		assertThat(shared.counts()).isEqualTo(new StoreCounts(4, 3));
		assertThat(shared.counts().feedbackRate()).isEqualTo(0.75);
	}

	@Test
	void aSharedStoreRecountsSoonAfterAnotherReplicaDeletesRowsAndNotWithoutDeletes() throws Exception {
		TraceStore sweeping = open("postgresql");
		for (int i = 0; i < 5; i++) {
			sweeping.insertTrace(trace("tr_" + i, OLD));
		}
		RowCounts other = new RowCounts(jdbc, jdbc, true, TimeUnit.MINUTES.toNanos(5), TimeUnit.MILLISECONDS.toNanos(20), 0);
		awaitTraces(other, 5);
		jdbc.sql("""
				INSERT INTO traces (trace_id, task_id, created_at_ms, state, provider, sku, candidates, context, psi,
				                    q_value, propensity, epsilon, exploration, score, score_source, router, timings, refused)
				VALUES ('tr_elsewhere', 't', 0, 's', 'akash', 'A8', '[]', '{}', '{}', 0, 1, 0, 'exploit', 0, 'model', '{}', '{}', 0)
				""").update();
		for (int look = 0; look < 20; look++) {
			other.refreshIfDue();
			Thread.sleep(25);
		}
		assertThat(other.get().traces()).as("another replica's insert waits for the next count: no count without deletes")
			.isEqualTo(5);
		assertThat(sweeping.deleteTracesWithoutFeedback(List.of("tr_0", "tr_1"))).isEqualTo(2);
		awaitTraces(other, 4);
	}

	@Test
	void aSharedStoreWhoseCountFailedCountsAgainSoonRatherThanAtTheNextPeriod() {
		TraceStore store = open("postgresql");
		for (int i = 0; i < 3; i++) {
			store.insertTrace(trace("tr_" + i, OLD));
		}
		java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
		RowCounts counts = new RowCounts(jdbc, JdbcClient.create(countsFailing(dataSource,
				() -> down.get() ? new SQLException("the database is restarting", "08006") : null)), true,
				TimeUnit.MINUTES.toNanos(5), TimeUnit.MILLISECONDS.toNanos(20), 0);
		counts.refreshIfDue();
		await().atMost(Duration.ofSeconds(10)).until(() -> !counts.counting());
		assertThat(counts.get().traces()).as("the count failed").isZero();
		down.set(false);
		awaitTraces(counts, 3);
	}

	@Test
	void aSharedStoreWhoseCountsKeepFailingTriesAgainAtWaitsThatDouble() throws Exception {
		open("postgresql");
		java.util.concurrent.atomic.AtomicInteger counts = new java.util.concurrent.atomic.AtomicInteger();
		RowCounts failing = new RowCounts(jdbc, JdbcClient.create(countsFailing(dataSource, () -> {
			counts.incrementAndGet();
			return new SQLException("the count was cut off at the socket's timeout", "08006");
		})), true, TimeUnit.MINUTES.toNanos(5), TimeUnit.MILLISECONDS.toNanos(20), 0);
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
		while (System.nanoTime() < end) {
			failing.refreshIfDue();
			Thread.sleep(5);
		}
		assertThat(counts.get()).as("20, 40, 80, … ms apart: a handful, not one every 20 ms").isBetween(2, 10);
	}

	/** Looks as the log follower's polls do until the counts show {@code traces}, for at most 10 s. */
	private static void awaitTraces(RowCounts counts, long traces) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> {
				counts.refreshIfDue();
				assertThat(counts.get().traces()).isEqualTo(traces);
			});
	}

	/** A data source whose COUNT(*) statements are cancelled at their timeout, as PostgreSQL does, and whose others run. */
	private static DataSource countsCancelled(DataSource real) {
		return countsFailing(real, () -> new SQLException("canceling statement due to statement timeout", "57014"));
	}

	/** A data source whose COUNT(*) statements fail with what {@code failure} gives (while it gives one), and whose others run. */
	private static DataSource countsFailing(DataSource real, java.util.function.Supplier<SQLException> failure) {
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
				(source, method, args) -> {
					Object result;
					try {
						result = method.invoke(real, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
					if (!(result instanceof Connection connection)) {
						return result;
					}
					return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
							(proxy, call, callArgs) -> {
								SQLException failed = call.getName().startsWith("prepare") && callArgs != null
										&& String.valueOf(callArgs[0]).contains("COUNT(*)") ? failure.get() : null;
								if (failed != null) {
									throw failed;
								}
								try {
									return call.invoke(connection, callArgs);
								}
								catch (InvocationTargetException ex) {
									throw ex.getCause();
								}
							});
				});
	}

	@Test
	void sweepsReadPostgresqlsClockInMilliseconds() {
		open("postgresql");
		long before = System.currentTimeMillis();
		long database = SweepClock.databaseClock(jdbc).getAsLong();
		assertThat(database).isBetween(before - 5_000, System.currentTimeMillis() + 5_000);
		SweepClock sweep = new SweepClock(Clock.systemUTC(), System::nanoTime, SweepClock.databaseClock(jdbc));
		assertThat(sweep.millis()).isBetween(before - 5_000, System.currentTimeMillis() + 5_000);
	}

}
