package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Store queries on both dialects: a trace store per test on a fresh SQLite file or a fresh database of one
 * embedded PostgreSQL per class, with the times and records the tests store.
 */
abstract class AbstractStoreQueriesTests {

	static final long OLD = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

	static final long CUTOFF = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

	static final long NEW = Instant.parse("2026-11-03T00:00:00Z").toEpochMilli();

	static EmbeddedPostgres postgres;

	@TempDir
	Path dir;

	GroupCommitter writer;

	JdbcClient jdbc;

	DataSource dataSource;

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

	TraceStore open(String vendor) {
		DataSource ds = "sqlite".equals(vendor)
				? StoreConfiguration.sqlite(StoreProperties.sqlite(dir.resolve("d.db").toString()))
				: freshPostgres();
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + vendor).load().migrate();
		writer = new GroupCommitter(ds, new SimpleMeterRegistry());
		writer.start();
		jdbc = JdbcClient.create(ds);
		dataSource = ds;
		return new TraceStore(jdbc, writer, new JsonMapper());
	}

	static DataSource freshPostgres() {
		String database = "retention_" + System.nanoTime();
		JdbcClient.create(postgres.getPostgresDatabase()).sql("CREATE DATABASE " + database).update();
		return postgres.getDatabase("postgres", database);
	}

	static TraceRecord trace(String id, long createdAtMs) {
		return new TraceRecord(id, "task-1", Instant.ofEpochMilli(createdAtMs), "state", "akash", "A8",
				List.of(Map.of("provider", "akash", "sku", "A8")), Map.of("region", "eu"), Map.of("density", 0.5), 0.5,
				1, 0.1, "exploit", 0.8, "router", Map.of("status", "ok"), Map.of(), "squarecb");
	}

	static FeedbackRecord feedback(String traceId, long receivedAtMs) {
		return new FeedbackRecord(traceId, Instant.ofEpochMilli(receivedAtMs), Map.of("latency_ms", 42), 0.5,
				Map.of("failures", 0), "next", 0.4, 0.6);
	}

}
