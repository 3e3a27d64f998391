package io.aurora.intelligence.store;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The store's queries on both dialects: retention's deletes (old traces without feedback go in bounded
 * commits, old log entries go with their traces only up to the given log number, and nothing recent is
 * touched), snapshot lineage and pruning, and the evaluation log's pages.
 */
class StoreQueriesTests {

	static final long OLD = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

	static final long CUTOFF = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

	static final long NEW = Instant.parse("2026-11-03T00:00:00Z").toEpochMilli();

	static EmbeddedPostgres postgres;

	@TempDir
	Path dir;

	private GroupCommitter writer;

	private JdbcClient jdbc;

	private DataSource dataSource;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@AfterEach
	void stopWriter() {
		writer.stop();
	}

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
	void oldTracesWithoutFeedbackAreFoundOldestFirstAndDeletedUnlessFedMeanwhile(String vendor) {
		TraceStore store = open(vendor);
		for (int i = 0; i < 3; i++) {
			store.insertTrace(trace("tr_old" + i, OLD + i));
		}
		store.insertTrace(trace("tr_fed", OLD));
		store.appendFeedback(feedback("tr_fed", NEW), seq -> { }, GroupCommitter.NOTHING);
		store.insertTrace(trace("tr_new", NEW));

		assertThat(store.tracesWithoutFeedback(0, CUTOFF, 2)).containsExactly(new TraceStore.Aged("tr_old0", OLD),
				new TraceStore.Aged("tr_old1", OLD + 1));
		assertThat(store.tracesWithoutFeedback(OLD + 1, CUTOFF, 2)).extracting(TraceStore.Aged::traceId)
			.containsExactly("tr_old1", "tr_old2");
		store.appendFeedback(feedback("tr_old1", NEW), seq -> { }, GroupCommitter.NOTHING);
		assertThat(store.deleteTracesWithoutFeedback(List.of("tr_old0", "tr_old1", "tr_old2"))).isEqualTo(2);

		assertThat(store.tracesWithoutFeedback(0, CUTOFF, 2)).isEmpty();
		assertThat(store.findTrace("tr_old0")).isEmpty();
		assertThat(store.findTrace("tr_old1")).isPresent();
		assertThat(store.findTrace("tr_new")).isPresent();
		assertThat(store.counts()).isEqualTo(new TraceStore.Counts(3, 2));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void oldestLogEntriesStopAtTheGivenEntryAndGoWithTheirTraces(String vendor) {
		TraceStore store = open(vendor);
		for (int i = 1; i <= 4; i++) {
			store.insertTrace(trace("tr_" + i, OLD));
			store.appendFeedback(feedback("tr_" + i, OLD + i), seq -> { }, GroupCommitter.NOTHING);
		}

		assertThat(store.oldestLogEntries(3, 2)).containsExactly(new TraceStore.Aged("tr_1", OLD + 1),
				new TraceStore.Aged("tr_2", OLD + 2));
		assertThat(store.oldestLogEntries(3, 10)).extracting(TraceStore.Aged::traceId).containsExactly("tr_1", "tr_2", "tr_3");
		assertThat(store.deleteLogEntries(List.of("tr_1", "tr_2"))).isEqualTo(2);

		assertThat(store.logAfter(0, 10)).extracting(LoggedFeedback::seq).containsExactly(3L, 4L);
		assertThat(store.findTrace("tr_1")).isEmpty();
		assertThat(store.counts()).isEqualTo(new TraceStore.Counts(2, 2));
		store.insertTrace(trace("tr_5", NEW));
		assertThat(store.deleteLogEntries(List.of("tr_3", "tr_4"))).isEqualTo(2);
		AtomicLong next = new AtomicLong();
		assertThat(store.appendFeedback(feedback("tr_5", NEW), next::set, GroupCommitter.NOTHING)).isTrue();
		assertThat(next).as("a number is never reused, even once retention deleted the newest and every entry").hasValue(5);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void retiredSettingsLoseTheirSnapshotsWhileRunningOrRecentlyCheckpointedOnesKeepThem(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.fixed(Instant.ofEpochMilli(OLD), ZoneOffset.UTC));
		SnapshotStore later = new SnapshotStore(jdbc, new JsonMapper(), Clock.fixed(Instant.ofEpochMilli(NEW), ZoneOffset.UTC));
		snapshots.save(1, "squarecb", "current", false, 0, Map.of());
		snapshots.save(2, "squarecb", "retired", false, 0, Map.of());
		snapshots.save(3, "squarecb", "retired", true, 0, Map.of());
		snapshots.save(4, "squarecb", "running", false, 0, Map.of());
		snapshots.save(5, "squarecb", "checkpointed", false, 0, Map.of());
		snapshots.markRunning("retired", OLD);
		snapshots.markRunning("running", NEW);
		snapshots.markRunning("never-checkpointed", OLD);
		later.save(6, "squarecb", "checkpointed", false, 0, Map.of());

		int retired = jdbc.sql("SELECT COUNT(*) FROM snapshots WHERE fingerprint = 'retired'").query(Integer.class).single();
		assertThat(retired).isPositive();
		assertThat(snapshots.deleteRetired("current", CUTOFF)).isEqualTo(retired);
		assertThat(jdbc.sql("SELECT DISTINCT fingerprint FROM snapshots").query(String.class).list())
			.containsExactlyInAnyOrder("current", "running", "checkpointed");
		assertThat(jdbc.sql("SELECT fingerprint FROM configurations").query(String.class).list())
			.as("the record of settings with no snapshot left goes too").containsExactly("running");
		assertThat(snapshots.deleteRetired("current", CUTOFF)).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void logIsKeptFromTheOldestNewestSnapshotOfAnyConfiguration(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		assertThat(snapshots.includedInEveryConfiguration("a")).isZero();
		snapshots.save(5, "squarecb", "a", false, 0, Map.of());
		snapshots.save(3, "squarecb", "b", false, 0, Map.of());
		snapshots.save(9, "squarecb", "a", false, 0, Map.of());
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(3);
		assertThat(snapshots.includedInEveryConfiguration("c")).isZero();
		snapshots.save(12, "squarecb", "b", false, 0, Map.of());
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(9);
		jdbc.sql("INSERT INTO snapshots (seq, policy, fingerprint, imported, created_at_ms, model) VALUES (2, 'q-table', 'old', 0, 1000, '{}')")
			.update();
		assertThat(snapshots.includedInEveryConfiguration("a")).as("a configuration kept by any replica counts").isEqualTo(2);
		assertThat(snapshots.includedInEveryConfiguration("a", 2000))
			.as("one no replica has checkpointed since is passed over").isEqualTo(9);
		assertThat(snapshots.includedInEveryConfiguration("old", 2000)).as("the running one always counts").isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aConfigurationSeenRunningKeepsTheLogItsNewestSnapshotNeedsHoweverOldTheSnapshot(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		snapshots.save(9, "squarecb", "a", false, 0, Map.of());
		jdbc.sql("INSERT INTO snapshots (seq, policy, fingerprint, imported, created_at_ms, model) VALUES (4, 'squarecb', 'g', 0, 1000, '{}')")
			.update();
		assertThat(snapshots.includedInEveryConfiguration("a", 2000)).as("g neither ran nor checkpointed since").isEqualTo(9);
		snapshots.markRunning("g", 2500);
		assertThat(snapshots.includedInEveryConfiguration("a", 2000)).as("g runs, checkpointing rarely").isEqualTo(4);
		snapshots.markRunning("g", 1500);
		assertThat(snapshots.includedInEveryConfiguration("a", 2000)).as("a late mark never moves the last sighting back")
			.isEqualTo(4);
		assertThat(snapshots.includedInEveryConfiguration("a", 3000)).as("g not seen since 2500").isEqualTo(9);
		snapshots.markRunning("new", 2500);
		assertThat(snapshots.includedInEveryConfiguration("a", 2000))
			.as("a running configuration without a snapshot needs the whole log").isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void eachConfigurationFollowsItsOwnImportsOnly(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		assertThat(snapshots.latestImportId("a")).isZero();
		long a = snapshots.save(3, "squarecb", "a", true, 0, Map.of());
		snapshots.save(4, "squarecb", "a", false, a, Map.of());
		long b = snapshots.save(5, "q-table", "b", true, 0, Map.of());
		assertThat(snapshots.latestImportId("a")).as("b's import is newer, but not a's").isEqualTo(a);
		assertThat(snapshots.latestImportId("b")).isEqualTo(b);
		assertThat(snapshots.latestImportId("c")).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void checkpointTakenBeforeAnImportButWrittenAfterItIsNeverLoaded(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		snapshots.save(4, "squarecb", "a", false, 0, Map.of("model", "old"));
		long imported = snapshots.save(7, "squarecb", "a", true, 0, Map.of("model", "imported"));
		snapshots.save(9, "squarecb", "a", false, 0, Map.of("model", "stale"));
		snapshots.save(2, "squarecb", "b", false, 0, Map.of("model", "other configuration"));

		assertThat(snapshots.latest("a")).get().satisfies(s -> {
			assertThat(s.model()).containsEntry("model", "imported");
			assertThat(s.lineage()).isEqualTo(imported);
		});
		assertThat(snapshots.latest("b")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(2L);
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(2);
		snapshots.save(12, "squarecb", "b", false, 0, Map.of());
		assertThat(snapshots.includedInEveryConfiguration("a")).as("the stale checkpoint at 9 does not count").isEqualTo(7);

		snapshots.save(11, "squarecb", "a", false, imported, Map.of("model", "learned after the import"));
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(11L);
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(11);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void pruningDeletesStaleSnapshotsAndKeepsTheImportAndTheNewestCurrentOne(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long imported = snapshots.save(7, "squarecb", "a", true, 0, Map.of());
		long current = snapshots.save(10, "squarecb", "a", false, imported, Map.of());
		for (int seq = 11; seq < 16; seq++) {
			snapshots.save(seq, "squarecb", "a", false, 0, Map.of());
		}
		assertThat(ids()).as("stale checkpoints are deleted as they are written").containsExactly(imported, current);
		long newestOfB = 0;
		for (int seq = 1; seq < 6; seq++) {
			newestOfB = snapshots.save(seq, "squarecb", "b", false, 0, Map.of());
		}
		assertThat(ids()).as("another configuration's saves keep a's import and newest snapshot, and b's latest three")
			.hasSize(5).startsWith(imported, current);
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(10L);
		for (int seq = 20; seq < 26; seq++) {
			snapshots.save(seq, "squarecb", "a", false, imported, Map.of());
		}
		assertThat(ids()).as("the import, b's newest and the latest three").hasSize(5).startsWith(imported, newestOfB);
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(25L);
		assertThat(snapshots.latest("b")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(5L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void anotherConfigurationsSavesKeepEachConfigurationsNewestSnapshotAndImport(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long imported = snapshots.save(3, "squarecb", "x", true, 0, Map.of());
		long checkpoint = snapshots.save(5, "squarecb", "x", false, imported, Map.of());
		snapshots.save(4, "squarecb", "z", true, 0, Map.of());
		for (int seq = 6; seq < 12; seq++) {
			snapshots.save(seq, "squarecb", "y", false, 0, Map.of());
		}
		assertThat(snapshots.latest("x")).get().extracting(SnapshotStore.Snapshot::id).isEqualTo(checkpoint);
		assertThat(ids()).contains(imported, checkpoint);
		assertThat(snapshots.includedInEveryConfiguration("y")).as("retention keeps what x's newest snapshot needs")
			.isEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void staleSnapshotThatSurvivedIsNeitherLoadedNorUsedByRetention(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long imported = snapshots.save(7, "squarecb", "a", true, 0, Map.of());
		jdbc.sql("""
				INSERT INTO snapshots (seq, policy, fingerprint, imported, base_import, created_at_ms, model)
				VALUES (9, 'squarecb', 'a', 0, :older, 0, '{}')
				""").param("older", imported - 1).update();
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(7L);
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(7);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void snapshotWrittenBeforeLineagesWereRecordedCountsAsCurrent(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long imported = snapshots.save(7, "squarecb", "a", true, 0, Map.of());
		jdbc.sql("""
				INSERT INTO snapshots (seq, policy, fingerprint, imported, created_at_ms, model)
				VALUES (9, 'squarecb', 'a', 0, 0, '{}')
				""").update();
		assertThat(snapshots.latest("a")).get().satisfies(s -> {
			assertThat(s.seq()).isEqualTo(9);
			assertThat(s.lineage()).isEqualTo(imported);
		});
	}

	private List<Long> ids() {
		return jdbc.sql("SELECT id FROM snapshots ORDER BY id").query(Long.class).list();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void theMigrationMarksTheRefusalsTracedBeforeIt(String vendor) {
		DataSource ds = "sqlite".equals(vendor)
				? StoreConfiguration.sqlite(new StoreProperties(dir.resolve("old.db").toString(), StoreProperties.Sync.FULL,
						null, null, null, StoreProperties.DEFAULT_TIMEOUT_MS, StoreProperties.DEFAULT_POOL_SIZE))
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

	/** A data source whose COUNT(*) statements are cancelled at their timeout, as PostgreSQL does, and whose others run. */
	private static DataSource countsCancelled(DataSource real) {
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
								if (call.getName().startsWith("prepare") && callArgs != null
										&& String.valueOf(callArgs[0]).contains("COUNT(*)")) {
									throw new SQLException("canceling statement due to statement timeout", "57014");
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

	private TraceStore open(String vendor) {
		DataSource ds = "sqlite".equals(vendor)
				? StoreConfiguration.sqlite(new StoreProperties(dir.resolve("d.db").toString(), StoreProperties.Sync.FULL,
						null, null, null, StoreProperties.DEFAULT_TIMEOUT_MS,
				StoreProperties.DEFAULT_POOL_SIZE))
				: freshPostgres();
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + vendor).load().migrate();
		writer = new GroupCommitter(ds, new SimpleMeterRegistry());
		writer.start();
		jdbc = JdbcClient.create(ds);
		dataSource = ds;
		return new TraceStore(jdbc, writer, new JsonMapper());
	}

	private static DataSource freshPostgres() {
		String database = "retention_" + System.nanoTime();
		JdbcClient.create(postgres.getPostgresDatabase()).sql("CREATE DATABASE " + database).update();
		return postgres.getDatabase("postgres", database);
	}

	private static TraceRecord trace(String id, long createdAtMs) {
		return new TraceRecord(id, "task-1", Instant.ofEpochMilli(createdAtMs), "state", "akash", "A8",
				List.of(Map.of("provider", "akash", "sku", "A8")), Map.of("region", "eu"), Map.of("density", 0.5), 0.5,
				1, 0.1, "exploit", 0.8, "router", Map.of("status", "ok"), Map.of(), "squarecb");
	}

	private static FeedbackRecord feedback(String traceId, long receivedAtMs) {
		return new FeedbackRecord(traceId, Instant.ofEpochMilli(receivedAtMs), Map.of("latency_ms", 42), 0.5,
				Map.of("failures", 0), "next", 0.4, 0.6);
	}

}
