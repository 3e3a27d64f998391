package io.aurora.intelligence;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the service with SIGKILL in the middle of concurrent decisions and feedback, twice, at both
 * durability levels, restarts it on the same store, and checks that everything acknowledged is still
 * there and applied exactly once: the model restored from snapshots and the log equals the model a
 * full replay of the log builds.
 */
class CrashRecoveryTests {

	@TempDir
	Path dir;

	@ParameterizedTest(name = "STORE_SYNC={0}")
	@ValueSource(strings = { "FULL", "NORMAL" })
	void everythingAcknowledgedSurvivesKillDashNineTwiceAndTheModelEqualsAFullReplay(String sync) throws Exception {
		Path store = dir.resolve("decisions.db");
		Map<String, Integer> acknowledgedFeedback = new ConcurrentHashMap<>();
		Set<String> acknowledgedDecisions = ConcurrentHashMap.newKeySet();
		List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
		Map<String, String> settings = Map.of("STORE_SYNC", sync, "CHECKPOINT_INTERVAL_S", "1");
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			int port = freePort();
			TestHttp http = new TestHttp(port);
			for (int crash = 0; crash < 2; crash++) {
				Process service = launch(store, neighbours, port, settings);
				try {
					awaitUp(http, service);
					AtomicBoolean running = new AtomicBoolean(true);
					ExecutorService load = Executors.newFixedThreadPool(4);
					List<Future<?>> workers = new ArrayList<>();
					for (int w = 0; w < 4; w++) {
						workers.add(load.submit(() -> drive(http, running, acknowledgedDecisions, acknowledgedFeedback, refused)));
					}
					Thread.sleep(2500);
					service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
					running.set(false);
					for (Future<?> worker : workers) {
						worker.get(30, TimeUnit.SECONDS);
					}
					load.shutdown();
				}
				finally {
					service.destroyForcibly();
				}
			}
			assertThat(refused).as("under load, before the kill, every request is answered 200").isEmpty();
			assertThat(acknowledgedDecisions).hasSizeGreaterThan(20);
			assertThat(acknowledgedFeedback).isNotEmpty();

			JsonNode restored;
			Process second = launch(store, neighbours, port, settings);
			try {
				awaitUp(http, second);
				long updates = http.get("/status").json().at("/model/updates").asLong();
				long logged = http.get("/status").json().at("/store/feedback").asLong();
				assertThat(updates).isEqualTo(logged).isGreaterThanOrEqualTo(acknowledgedFeedback.size());
				for (String traceId : acknowledgedDecisions) {
					TestHttp.Response again = http.post("/feedback", feedback(traceId));
					int expected = acknowledgedFeedback.containsKey(traceId) ? 409 : 200;
					if (expected == 200 && again.status() == 409) {
						continue;
					}
					assertThat(again.status()).as(traceId + " " + again.body()).isEqualTo(expected);
				}
				restored = http.get("/model").json();
			}
			finally {
				second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store)) {
				assertThat(db.createStatement().executeUpdate("DELETE FROM snapshots")).as("snapshots written").isPositive();
			}
			Process replay = launch(store, neighbours, port, settings);
			try {
				awaitUp(http, replay);
				JsonNode replayed = http.get("/model").json();
				assertThat(replayed.get("log_seq")).isEqualTo(restored.get("log_seq"));
				assertThat(replayed.get("updates")).isEqualTo(restored.get("updates"));
				assertThat(replayed.get("state").equals(restored.get("state")))
					.as("the model restored from snapshots and the log equals a full replay of the log").isTrue();
			}
			finally {
				replay.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * Decides and sends feedback until stopped; every answer the service gives must be a 200 (a kill
	 * shows as a broken connection, not as an answer), else it is noted in {@code refused}.
	 */
	private static void drive(TestHttp http, AtomicBoolean running, Set<String> decisions, Map<String, Integer> feedback,
			List<String> refused) {
		while (running.get()) {
			try {
				TestHttp.Response decision = http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION);
				if (decision.status() != 200) {
					refused.add("decision " + decision.status() + " " + decision.body());
					continue;
				}
				String traceId = decision.json().get("trace_id").asString();
				decisions.add(traceId);
				TestHttp.Response answer = http.post("/feedback", feedback(traceId));
				if (answer.status() == 200) {
					feedback.put(traceId, 200);
				}
				else {
					refused.add("feedback " + answer.status() + " " + answer.body());
				}
			}
			catch (RuntimeException connectionLost) {
				// the service is gone: whatever was not acknowledged does not count
			}
		}
	}

	private static String feedback(String traceId) {
		return "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}}";
	}

	private Process launch(Path store, NeighbourStubs neighbours, int port, Map<String, String> settings) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				AuroraIntelligenceApplication.class.getName());
		builder.environment().putAll(Map.of("PORT", String.valueOf(port), "STORE_FILE", store.toString(), "PSI_URL",
				neighbours.psiUrl(), "AURORA_ROUTER_URL", neighbours.routerUrl()));
		builder.environment().putAll(settings);
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("service.log").toFile()));
		return builder.start();
	}

	private static void awaitUp(TestHttp http, Process process) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as("service process exited").isTrue();
			try {
				JsonNode health = http.get("/healthz").json();
				if ("healthy".equals(health.get("status").asString())) {
					return;
				}
			}
			catch (RuntimeException notYet) {
				// not listening yet
			}
			Thread.sleep(100);
		}
		throw new AssertionError("service did not start within 90 s");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
