package io.aurora.intelligence;

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
import static org.awaitility.Awaitility.await;

/**
 * Kills the service with SIGKILL in the middle of concurrent decisions and feedback, twice, then stops
 * it with SIGTERM the same way, at both durability levels, restarts it on the same store, and checks
 * that everything acknowledged is still there and applied exactly once: the model restored from
 * snapshots and the log equals the model a full replay of the log builds.
 */
class CrashRecoveryTests {

	@TempDir
	Path dir;

	@ParameterizedTest(name = "STORE_SYNC={0}")
	@ValueSource(strings = { "FULL", "NORMAL" })
	void everythingAcknowledgedSurvivesKillDashNineTwiceAndAStopUnderLoadAndTheModelEqualsAFullReplay(String sync) throws Exception {
		Path store = dir.resolve("decisions.db");
		ServiceProcesses processes = new ServiceProcesses(dir);
		Map<String, Integer> acknowledgedFeedback = new ConcurrentHashMap<>();
		Set<String> acknowledgedDecisions = ConcurrentHashMap.newKeySet();
		List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
		Map<String, String> settings = Map.of("STORE_SYNC", sync, "CHECKPOINT_INTERVAL_S", "1");
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			for (int stop = 0; stop < 3; stop++) {
				boolean graceful = stop == 2;
				Process service = processes.launch(store, neighbours, settings);
				try {
					TestHttp http = processes.awaitUp(service);
					AtomicBoolean running = new AtomicBoolean(true);
					AtomicBoolean killed = new AtomicBoolean();
					ExecutorService load = Executors.newFixedThreadPool(4);
					List<Future<?>> workers = new ArrayList<>();
					for (int w = 0; w < 4; w++) {
						workers.add(load.submit(
								() -> drive(http, running, killed, acknowledgedDecisions, acknowledgedFeedback, refused)));
					}
					Thread.sleep(2500);
					int enough = 7 * (stop + 1);
					await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
						.until(() -> acknowledgedDecisions.size() > enough && !acknowledgedFeedback.isEmpty());
					assertThat(service.isAlive()).as("the service ran until the kill").isTrue();
					killed.set(true);
					if (graceful) {
						service.destroy();
						assertThat(service.waitFor(40, TimeUnit.SECONDS)).as("SIGTERM under load ends the service in time").isTrue();
					}
					else {
						service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
					}
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
			assertThat(refused).as("under load, before the kill, every request is answered 200 and no connection fails")
				.isEmpty();
			assertThat(acknowledgedDecisions).hasSizeGreaterThan(20);
			assertThat(acknowledgedFeedback).isNotEmpty();

			JsonNode restored;
			Process second = processes.launch(store, neighbours, settings);
			try {
				TestHttp http = processes.awaitUp(second);
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
			Process replay = processes.launch(store, neighbours, settings);
			try {
				TestHttp http = processes.awaitUp(replay);
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
	 * Decides and sends feedback until stopped; before {@code killed} is set every answer must be a 200
	 * and no exchange may fail, else it is noted in {@code refused}. After it, a kill shows as a broken
	 * connection and a graceful stop may refuse new requests; neither is an acknowledgement.
	 */
	private static void drive(TestHttp http, AtomicBoolean running, AtomicBoolean killed, Set<String> decisions,
			Map<String, Integer> feedback, List<String> refused) {
		while (running.get()) {
			try {
				TestHttp.Response decision = http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION);
				if (decision.status() != 200) {
					if (!killed.get()) {
						refused.add("decision " + decision.status() + " " + decision.body());
					}
					continue;
				}
				String traceId = decision.json().get("trace_id").asString();
				decisions.add(traceId);
				TestHttp.Response answer = http.post("/feedback", feedback(traceId));
				if (answer.status() == 200) {
					feedback.put(traceId, 200);
				}
				else if (!killed.get()) {
					refused.add("feedback " + answer.status() + " " + answer.body());
				}
			}
			catch (RuntimeException connectionLost) {
				// After the kill the service is gone, and whatever was not acknowledged does not count.
				if (!killed.get()) {
					refused.add("exchange failed before the kill: " + connectionLost);
				}
			}
		}
	}

	private static String feedback(String traceId) {
		return "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}}";
	}

}
