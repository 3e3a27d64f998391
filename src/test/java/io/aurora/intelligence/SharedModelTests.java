package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared mode's model across replicas and restarts, on one real PostgreSQL (embedded): an import on one
 * replica is loaded by the others, exported and imported models choose alike, and a restart resumes
 * from the newest snapshot, checkpoints after an import descending from it.
 */
class SharedModelTests extends AbstractSharedModeTests {

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
			// An export answers 503 while the import is being loaded: no state until it is.
			// An export also answers 503 while another whole-model copy is made (a load, a checkpoint): read until one answers.
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(model(b.http).get("state")).as("the other replica loads the import from the store")
					.isEqualTo(imported));
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
				assertThat(olderRules.json().get("detail").asString()).contains("learning rules " + (rules - 1) + " but");
				String quoted = exported.replace("\"learning_rules\":" + rules, "\"learning_rules\":\"" + rules + "\"");
				TestHttp.Response quotedRules = cold.http.send(put(cold.http, "/model", quoted, "PUT"));
				assertThat(quotedRules.status()).as("a wrong type is a 400, as in every request").isEqualTo(400);
				assertThat(quotedRules.json().get("detail").asString()).contains("learning_rules: must be a whole number");
				TestHttp.Response nullRules = cold.http.send(put(cold.http, "/model",
						exported.replace("\"learning_rules\":" + rules, "\"learning_rules\":null"), "PUT"));
				assertThat(nullRules.status()).as("null is as if left out").isEqualTo(422);
				assertThat(nullRules.json().get("detail").asString()).contains("rules 2 (it states none");
				String unversioned = exported.replace("\"learning_rules\":" + rules + ",", "");
				assertThat(unversioned).doesNotContain("learning_rules");
				TestHttp.Response beforeRules = cold.http.send(put(cold.http, "/model", unversioned, "PUT"));
				assertThat(beforeRules.status()).as("an export made before the field existed was learned under rules 2")
					.isEqualTo(422);
				assertThat(beforeRules.json().get("detail").asString()).contains("rules 2 (it states none");
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
	@ExtendWith(OutputCaptureExtension.class)
	void restartRestoresTheNewestSnapshotAndReplaysOnlyTheLogAfterIt(CapturedOutput output) throws Exception {
		Map<String, String> settings = new HashMap<>(freshDatabase(postgres));
		settings.put("CHECKPOINT_INTERVAL_S", "1");
		JsonNode before;
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings)) {
			for (int i = 0; i < 25; i++) {
				String traceId = a.http.decide(request(i)).get("trace_id").asString();
				assertThat(a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"cost\": " + i / 25.0 + "}}")
					.status()).isEqualTo(200);
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
			assertThat(output.getOut()).as("rebuilt from the snapshot, not by replaying the whole log (the same model)")
				.contains("Model rebuilt from a snapshot at entry 25 and the feedback log after it, up to entry 25");
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
	private static void awaitCheckpointAt(Map<String, String> settings, long seq) {
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
			.until(() -> checkpointSeq(settings) >= seq);
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

}
