package io.aurora.intelligence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store whose feedback log goes back behind the model (its newest commits lost, as after a failover
 * to an asynchronous standby or a restore) takes the replica down, so that it rebuilds from the log
 * instead of skipping the feedback the reissued log numbers carry.
 */
class LogRollbackEndToEndTests {

	@TempDir
	Path dir;

	@Test
	void aLogThatLostItsNewestEntriesTurnsLivenessAndReadinessDownAndTheReplicaTakesNoMoreWrites() throws Exception {
		Path store = dir.resolve("decisions.db");
		try (NeighbourStubs neighbours = new NeighbourStubs();
				RunningService service = RunningService.start(store, neighbours, Map.of())) {
			JsonNode decision = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
			assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + decision.get("trace_id").asString()
					+ "\", \"outcome\": {\"latency_ms\": 40, \"slo_hit\": true}}").status()).isEqualTo(200);
			assertThat(service.http.get("/health/liveness").status()).isEqualTo(200);

			try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store);
					Statement sql = db.createStatement()) {
				sql.executeUpdate("DELETE FROM feedback");
				sql.executeUpdate("UPDATE log_head SET seq = 0 WHERE id = 1");
			}

			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(service.http.get("/health/liveness").status())
					.as("liveness once the follower saw the log behind the model").isEqualTo(503));
			assertThat(service.http.get("/status").json().get("healthy").asBoolean())
				.as("a replica waiting to be restarted is not healthy").isFalse();
			assertThat(service.http.get("/health/readiness").status()).as("out of the Service").isEqualTo(503);
			int routed = neighbours.router.getRequestCount();
			TestHttp.Response refused = service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION);
			assertThat(refused.status()).as("its database may be a stale one: it acknowledges nothing more").isEqualTo(503);
			assertThat(refused.json().get("type").asString()).isEqualTo("/problems/store-refusing-writes");
			assertThat(neighbours.router.getRequestCount()).as("refused before the router").isEqualTo(routed);
			TestHttp.Response feedback = service.http.post("/feedback", "{\"trace_id\": \"" + decision.get("trace_id").asString()
					+ "\", \"outcome\": {\"latency_ms\": 40, \"slo_hit\": true}}");
			assertThat(feedback.status()).isEqualTo(503);
			assertThat(feedback.contentType()).startsWith("application/problem+json");
		}
	}

}
