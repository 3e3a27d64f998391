package io.aurora.intelligence;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many replicas, one brain: two service instances on one real PostgreSQL (embedded, nothing to
 * install) share decisions, feedback and learning.
 */
class SharedLearningTests {

	static EmbeddedPostgres postgres;

	static final NeighbourStubs neighbours = new NeighbourStubs();

	static final AtomicInteger databases = new AtomicInteger();

	@TempDir
	Path dir;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
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

	@Test
	void feedbackOnAnyReplicaIsAppliedExactlyOnceAndEveryReplicaConverges() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			TestHttp[] replicas = { a.http, b.http };
			AtomicInteger acknowledged = new AtomicInteger();
			ExecutorService pool = Executors.newFixedThreadPool(8);
			List<Future<?>> work = new ArrayList<>();
			for (int w = 0; w < 8; w++) {
				int worker = w;
				work.add(pool.submit(() -> {
					for (int i = 0; i < 40; i++) {
						TestHttp decider = replicas[(worker + i) % 2];
						TestHttp auditor = replicas[(worker + i + 1) % 2];
						String traceId = decider.decide(request(i)).get("trace_id").asString();
						String body = "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": " + (20 + i * 7 % 300)
								+ ", \"cost\": 0.2, \"slo_hit\": " + (i % 3 != 0) + "}}";
						if (auditor.post("/feedback", body).status() == 200) {
							acknowledged.incrementAndGet();
						}
						assertThat(decider.post("/feedback", body).status()).isEqualTo(409);
					}
					return null;
				}));
			}
			for (Future<?> f : work) {
				f.get();
			}
			pool.shutdown();
			assertThat(acknowledged.get()).isEqualTo(320);
			awaitConvergence(a.http, b.http, 320);
			assertThat(model(a.http)).isEqualTo(model(b.http));
		}
	}

	@Test
	void concurrentDuplicateFeedbackOnTwoReplicasIsAcceptedOnce() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			ExecutorService pool = Executors.newFixedThreadPool(2);
			for (int i = 0; i < 20; i++) {
				String traceId = a.http.decide(request(i)).get("trace_id").asString();
				String body = "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}";
				Future<Integer> first = pool.submit(() -> a.http.post("/feedback", body).status());
				Future<Integer> second = pool.submit(() -> b.http.post("/feedback", body).status());
				assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 409);
			}
			pool.shutdown();
			awaitConvergence(a.http, b.http, 20);
		}
	}

	@Test
	void controlCharactersInStoredTextAreRefusedWith400BeforeReachingPostgres() throws Exception {
		String nul = "\\u0000";
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, freshDatabase(postgres))) {
			String[] decisions = { request(1).replace("shared-1", "shared-" + nul), request(1).replace("A8", "A8" + nul),
					request(1).replace("eu-west", "eu-west" + nul) };
			for (String body : decisions) {
				TestHttp.Response response = a.http.post("/decisions", body);
				assertThat(response.status()).as(body).isEqualTo(400);
				assertThat(response.body()).contains("control characters");
			}
			assertThat(a.http.post("/feedback", "{\"trace_id\": \"tr_" + nul + "\", \"outcome\": {\"cost\": 1}}").status())
				.isEqualTo(400);
			String traceId = a.http.decide(request(1)).get("trace_id").asString();
			assertThat(a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"cost\": 1}}").status())
				.isEqualTo(200);
		}
	}

	@Test
	void aReplicaStuckInsideATransactionReleasesTheLogWithinSecondsSoOthersGoOn() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			String traceId = b.http.decide(request(1)).get("trace_id").asString();
			Connection stuck = a.bean(DataSource.class).getConnection();
			try {
				stuck.setAutoCommit(false);
				try (Statement s = stuck.createStatement()) {
					s.executeUpdate("UPDATE log_head SET seq = seq");
				}
				long start = System.nanoTime();
				TestHttp.Response feedback = b.http.post("/feedback",
						"{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}");
				assertThat(feedback.status()).as("the stuck session is ended after 5 s idle, within the lock wait").isEqualTo(200);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(9));
			}
			finally {
				stuck.abort(Runnable::run);
			}
		}
	}

	@Test
	void replicaThatStartsLateCatchesUpFromTheStore() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings)) {
			for (int i = 0; i < 30; i++) {
				String traceId = a.http.decide(request(i)).get("trace_id").asString();
				a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": " + i * 10 + "}}");
			}
			try (RunningService late = RunningService.start(dir.resolve("late.db"), neighbours, settings)) {
				assertThat(late.http.get("/status").json().at("/model/updates").asLong()).isEqualTo(30);
				assertThat(model(late.http)).isEqualTo(model(a.http));
			}
		}
	}

	@Test
	void losingTheDatabaseRefusesWhatCannotBeStoredAndRecovers(@TempDir Path pgData) throws Exception {
		int port = freePort();
		EmbeddedPostgres own = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
		Map<String, String> settings = shared(own, "postgres");
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings)) {
			String traceId = a.http.decide(request(1)).get("trace_id").asString();
			own.close();
			TestHttp.Response feedback = a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}");
			assertThat(feedback.status()).isEqualTo(503);
			assertThat(feedback.contentType()).startsWith("application/problem+json");
			assertThat(a.http.post("/decisions", request(2)).status()).isEqualTo(503);
			int routed = neighbours.router.getRequestCount();
			assertThat(a.http.post("/decisions", request(4)).status()).isEqualTo(503);
			assertThat(neighbours.router.getRequestCount()).as("refused before the router: the store just failed a write")
				.isEqualTo(routed);
			assertThat(a.http.get("/health/readiness").status()).isEqualTo(503);
			assertThat(a.http.get("/healthz").status()).isEqualTo(200);
			assertThat(a.http.get("/status").json().at("/model/updates").asLong()).isZero();

			own = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (a.http.get("/health/readiness").status() != 200 && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			assertThat(a.http.get("/health/readiness").status()).isEqualTo(200);
			assertThat(a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}").status())
				.isEqualTo(200);
			assertThat(a.http.post("/decisions", request(3)).status()).isEqualTo(200);
		}
		finally {
			own.close();
		}
	}

	@Test
	void aModelImportedOnOneReplicaIsLoadedByTheOthers() throws Exception {
		Map<String, String> trainedSettings = new HashMap<>(freshDatabase(postgres));
		trainedSettings.putAll(Map.of("AURORA_POLICY", "q-table", "AURORA_API_KEY", "an-admin-key-for-tests"));
		String exported;
		try (RunningService trained = RunningService.start(dir.resolve("t.db"), neighbours, trainedSettings)) {
			learn(trained.http, 0, 30);
			exported = trained.http.send(get(trained.http, "/model")).body();
		}
		Map<String, String> settings = new HashMap<>(freshDatabase(postgres));
		settings.putAll(Map.of("AURORA_POLICY", "q-table", "AURORA_API_KEY", "an-admin-key-for-tests"));
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			assertThat(a.http.send(put(a.http, "/model", exported, "PUT")).status()).isEqualTo(204);
			JsonNode imported = model(a.http).get("state");
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (!model(b.http).get("state").equals(imported) && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(model(b.http).get("state")).as("the other replica loads the import from the store").isEqualTo(imported);
			assertThat(imported.get("updates").asLong()).isEqualTo(30);
		}
	}

	@Test
	void exportImportThenDecideGivesTheSameChoices() throws Exception {
		Map<String, String> settings = new HashMap<>(freshDatabase(postgres));
		settings.putAll(Map.of("AURORA_POLICY", "q-table", "EPSILON", "0", "AURORA_API_KEY", "an-admin-key-for-tests"));
		try (RunningService trained = RunningService.start(dir.resolve("a.db"), neighbours, settings)) {
			for (int i = 0; i < 40; i++) {
				JsonNode decision = trained.http.decide(request(i));
				boolean vast = "vast".equals(decision.at("/chosen/provider").asString());
				trained.http.send(put(trained.http, "/feedback", "{\"trace_id\": \"" + decision.get("trace_id").asString()
						+ "\", \"outcome\": {\"slo_hit\": " + vast + ", \"latency_ms\": " + (vast ? 30 : 300) + "}}", "POST"));
			}
			String exported = trained.http.send(get(trained.http, "/model")).body();
			Map<String, String> fresh = Map.of("AURORA_POLICY", "q-table", "EPSILON", "0", "AURORA_API_KEY", "an-admin-key-for-tests");
			try (RunningService cold = RunningService.start(dir.resolve("cold.db"), neighbours, fresh)) {
				assertThat(cold.http.send(put(cold.http, "/model", exported, "PUT")).status()).isEqualTo(204);
				for (int i = 0; i < 10; i++) {
					JsonNode mine = trained.http.decide(request(i));
					JsonNode theirs = cold.http.decide(request(i));
					assertThat(theirs.at("/chosen/provider").asString()).isEqualTo(mine.at("/chosen/provider").asString());
					assertThat(theirs.at("/explanations/q_value").asDouble()).isEqualTo(mine.at("/explanations/q_value").asDouble());
				}
				String wrongPolicy = exported.replace("\"policy\":\"q-table\"", "\"policy\":\"ucb\"");
				assertThat(cold.http.send(put(cold.http, "/model", wrongPolicy, "PUT")).status()).isEqualTo(422);
				int rules = model(trained.http).get("learning_rules").asInt();
				String otherRules = exported.replace("\"learning_rules\":" + rules, "\"learning_rules\":" + (rules - 1));
				TestHttp.Response olderRules = cold.http.send(put(cold.http, "/model", otherRules, "PUT"));
				assertThat(olderRules.status()).isEqualTo(422);
				assertThat(olderRules.json().get("detail").asString()).contains("learning rules");
				String unversioned = exported.replace(",\"learning_rules\":" + rules, "");
				assertThat(unversioned).doesNotContain("learning_rules");
				assertThat(cold.http.send(put(cold.http, "/model", unversioned, "PUT")).status())
					.as("an export made before the field existed was learned under rules 2, as q-table still is").isEqualTo(204);
				String malformed = "{\"policy\": \"q-table\", \"learning_rules\": " + rules
						+ ", \"state\": {\"rows\": [null], \"updates\": 1}}";
				TestHttp.Response refused = cold.http.send(put(cold.http, "/model", malformed, "PUT"));
				assertThat(refused.status()).isEqualTo(422);
				assertThat(refused.contentType()).startsWith("application/problem+json");
				assertThat(refused.json().get("detail").asString()).contains("malformed");
				JsonNode still = cold.http.decide(request(0));
				assertThat(still.at("/explanations/q_value").asDouble()).isEqualTo(trained.http.decide(request(0)).at("/explanations/q_value").asDouble());
			}
			try (RunningService open = RunningService.start(dir.resolve("open.db"), neighbours, Map.of())) {
				assertThat(open.http.send(HttpRequest.newBuilder(URI.create(open.http.base() + "/model"))
					.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(exported))).status())
					.isEqualTo(403);
			}
		}
	}

	@Test
	void restartRestoresTheNewestSnapshotAndReplaysOnlyTheLogAfterIt() throws Exception {
		Map<String, String> settings = new HashMap<>(freshDatabase(postgres));
		settings.put("CHECKPOINT_INTERVAL_S", "1");
		JsonNode before;
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings)) {
			for (int i = 0; i < 25; i++) {
				String traceId = a.http.decide(request(i)).get("trace_id").asString();
				a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"cost\": " + i / 25.0 + "}}");
			}
			awaitCheckpointAt(settings, 25);
			before = model(a.http);
		}
		String url = settings.get("STORE_URL");
		try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM snapshots")) {
			rs.next();
			assertThat(rs.getLong(1)).isEqualTo(25);
		}
		try (RunningService restarted = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			assertThat(model(restarted.http)).isEqualTo(before);
		}
	}

	@Test
	void checkpointsAfterAnImportDescendFromItAcrossARestart() throws Exception {
		Map<String, String> settings = new HashMap<>(freshDatabase(postgres));
		settings.putAll(Map.of("CHECKPOINT_INTERVAL_S", "1", "AURORA_API_KEY", "an-admin-key-for-tests"));
		long importId;
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings)) {
			learn(a.http, 0, 10);
			assertThat(a.http.send(put(a.http, "/model", a.http.send(get(a.http, "/model")).body(), "PUT")).status()).isEqualTo(204);
			importId = newestSnapshot(settings, true)[0];
			learn(a.http, 10, 20);
			awaitCheckpointAt(settings, 20);
			assertThat(newestSnapshot(settings, false)).as("seq and lineage of the newest checkpoint")
				.containsExactly(20, importId);
		}
		try (RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			assertThat(updates(b.http)).isEqualTo(20);
			learn(b.http, 20, 25);
			awaitCheckpointAt(settings, 25);
			assertThat(newestSnapshot(settings, false)).containsExactly(25, importId);
		}
	}

	/** Decisions {@code from} to {@code to} (exclusive), each with its feedback, on a service with the test key. */
	private static void learn(TestHttp http, int from, int to) {
		for (int i = from; i < to; i++) {
			String traceId = http.decide(request(i)).get("trace_id").asString();
			assertThat(http.send(put(http, "/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"cost\": 0.5}}",
					"POST")).status()).isEqualTo(200);
		}
	}

	/** Waits (at most 15 s) until a checkpoint at log entry {@code seq} or later is stored. */
	private static void awaitCheckpointAt(Map<String, String> settings, long seq) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (checkpointSeq(settings) < seq && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	private static long checkpointSeq(Map<String, String> settings) throws SQLException {
		try (Connection c = DriverManager.getConnection(settings.get("STORE_URL"), "postgres", "postgres");
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM snapshots WHERE imported = 0")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/** The newest imported snapshot's {id, seq}, or the newest checkpoint's {seq, lineage}. */
	private static long[] newestSnapshot(Map<String, String> settings, boolean imported) throws SQLException {
		try (Connection c = DriverManager.getConnection(settings.get("STORE_URL"), "postgres", "postgres");
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(imported ? "SELECT id, seq FROM snapshots WHERE imported = 1 ORDER BY id DESC LIMIT 1"
						: "SELECT seq, base_import FROM snapshots WHERE imported = 0 ORDER BY id DESC LIMIT 1")) {
			assertThat(rs.next()).isTrue();
			return new long[] { rs.getLong(1), rs.getLong(2) };
		}
	}

	private static HttpRequest.Builder put(TestHttp http, String path, String body, String method) {
		return HttpRequest.newBuilder(URI.create(http.base() + path)).header("Content-Type", "application/json")
			.header("Authorization", "Bearer an-admin-key-for-tests").method(method, HttpRequest.BodyPublishers.ofString(body));
	}

	private static void awaitConvergence(TestHttp a, TestHttp b, long updates) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline && !(updates(a) == updates && updates(b) == updates)) {
			Thread.sleep(20);
		}
		assertThat(updates(a)).isEqualTo(updates);
		assertThat(updates(b)).isEqualTo(updates);
	}

	private static long updates(TestHttp http) {
		return http.get("/status").json().at("/model/updates").asLong();
	}

	/** The exported model; the key is sent in case the replica has one. */
	private static JsonNode model(TestHttp http) {
		return http.send(get(http, "/model")).json();
	}

	private static HttpRequest.Builder get(TestHttp http, String path) {
		return HttpRequest.newBuilder(URI.create(http.base() + path)).header("Authorization", "Bearer an-admin-key-for-tests").GET();
	}

	static String request(int i) {
		String[] regions = { "us-west", "eu-west", "ap-south" };
		return """
				{"task_id": "shared-%d", "context": {"cpu": %d, "memory_gb": 32, "latency_ms": 80, "region": "%s"},
				 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
				""".formatted(i, 4 << (i % 3), regions[i % 3]);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
