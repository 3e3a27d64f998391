package io.aurora.intelligence.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.dbcp2.BasicDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A trace store on a fresh SQLite file per test, with its writer and meters, and the records tests store. */
abstract class AbstractTraceStoreTests {

	@TempDir
	Path dir;

	BasicDataSource dataSource;

	TraceStore store;

	GroupCommitter writer;

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeEach
	void open() {
		dataSource = openStore(dir.resolve("decisions.db"));
		store = storeOn(dataSource);
	}

	TraceStore storeOn(BasicDataSource ds) {
		writer = new GroupCommitter(ds, meters);
		writer.start();
		return new TraceStore(JdbcClient.create(ds), writer, new JsonMapper());
	}

	@AfterEach
	void close() throws Exception {
		writer.stop();
		dataSource.close();
	}

	static BasicDataSource openStore(Path file) {
		BasicDataSource ds = StoreConfiguration.sqlite(StoreProperties.sqlite(file.toString()));
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().migrate();
		return ds;
	}

	static TraceRecord trace(String id) {
		return new TraceRecord(id, "task-1", Instant.parse("2026-11-29T10:00:00Z"),
				"us-west|cpu=8|mem=32|lat=50-100|c=0.7|d=0.8", "akash", "A8",
				List.of(Map.of("provider", "akash", "sku", "A8"), Map.of("provider", "vast", "sku", "V4")),
				Map.of("region", "us-west", "cpu", 8), Map.of("density", 0.82, "coherence", 0.68), 0.74, 0.95, 0.1,
				"exploit", 0.87, "router", Map.of("status", "ok"), Map.of("router_ms", 1.5), "squarecb");
	}

	static FeedbackRecord feedback(String traceId, double reward) {
		return new FeedbackRecord(traceId, Instant.now(), Map.of("latency_ms", 42), reward, Map.of("failures", 0), "next",
				0.4, 0.6);
	}

}
