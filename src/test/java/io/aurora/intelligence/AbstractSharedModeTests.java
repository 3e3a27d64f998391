package io.aurora.intelligence;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Shared mode's test set-up: one embedded PostgreSQL per test class, a fresh database per test, the
 * neighbours every replica uses, and the requests and reads the tests share.
 */
abstract class AbstractSharedModeTests {

	static EmbeddedPostgres postgres;

	static NeighbourStubs neighbours;

	static final AtomicInteger databases = new AtomicInteger();

	@TempDir
	Path dir;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
		neighbours = new NeighbourStubs();
	}

	@AfterAll
	static void stop() throws IOException {
		postgres.close();
		neighbours.close();
	}

	/** Settings for a replica on a fresh database of its own test. */
	static Map<String, String> freshDatabase(EmbeddedPostgres pg) throws SQLException {
		String name = "aurora_" + databases.incrementAndGet();
		try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		return shared(pg, name);
	}

	static Map<String, String> shared(EmbeddedPostgres pg, String database) {
		Map<String, String> settings = new HashMap<>();
		settings.put("STORE_URL", pg.getJdbcUrl("postgres", database));
		settings.put("STORE_USER", "postgres");
		settings.put("STORE_PASSWORD", "postgres");
		return settings;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static long updates(TestHttp http) {
		return http.get("/status").json().at("/model/updates").asLong();
	}

	/** The exported model; the key is sent in case the replica has one. */
	static JsonNode model(TestHttp http) {
		return http.send(get(http, "/model")).json();
	}

	static HttpRequest.Builder get(TestHttp http, String path) {
		return HttpRequest.newBuilder(URI.create(http.base() + path)).header("Authorization", "Bearer an-admin-key-for-tests").GET();
	}

	static String request(int i) {
		String[] regions = { "us-west", "eu-west", "ap-south" };
		return """
				{"task_id": "shared-%d", "context": {"cpu": %d, "memory_gb": 32, "latency_ms": 80, "region": "%s"},
				 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
				""".formatted(i, 4 << (i % 3), regions[i % 3]);
	}

}
