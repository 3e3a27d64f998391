package io.aurora.intelligence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store that stalls a commit past its timeout (the caller is answered 503, readiness drops, and the late
 * commit counts), or whose volume is short of space (decisions are refused before the router, feedback taken).
 */
class StoreStallTests {

	@TempDir
	Path dir;

	@Test
	void feedbackCommittedAfterItsCallersTimeoutIsCountedAndLearnedOnce() throws Exception {
		Path file = dir.resolve("d.db");
		try (NeighbourStubs neighbours = new NeighbourStubs();
				RunningService service = RunningService.start(file, neighbours, Map.of("STORE_TIMEOUT_MS", "1000"))) {
			String traceId = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
			String feedback = "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 40, \"slo_hit\": true}}";
			SQLiteDataSource other = new SQLiteDataSource();
			other.setUrl("jdbc:sqlite:" + file);
			CompletableFuture<TestHttp.Response> answer;
			try (Connection lock = other.getConnection(); Statement sql = lock.createStatement()) {
				sql.execute("BEGIN IMMEDIATE");
				answer = CompletableFuture.supplyAsync(() -> service.http.post("/feedback", feedback));
				assertThat(answer.get(10, TimeUnit.SECONDS).status()).as("given up on at twice STORE_TIMEOUT_MS").isEqualTo(503);
				assertThat(service.http.get("/health/readiness").status()).as("a commit stuck past the timeout").isEqualTo(503);
				sql.execute("ROLLBACK");
			}
			MeterRegistry meters = service.bean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(meters.get(MetricNames.Q_UPDATES).counter().count()).isEqualTo(1));
			assertThat(meters.get(MetricNames.FEEDBACK).counters().stream().mapToDouble(Counter::count).sum())
				.as("the late commit is counted as feedback received").isEqualTo(1);
			assertThat(service.http.get("/status").json().at("/store/feedback").asLong()).isOne();
			assertThat(service.http.get("/status").json().at("/model/updates").asLong()).isOne();
			assertThat(service.http.get("/health/readiness").status()).isEqualTo(200);
			assertThat(service.http.post("/feedback", feedback).status()).as("the first one is stored").isEqualTo(409);
		}
	}

	@Test
	void whileTheVolumeIsShortOfSpaceDecisionsAreRefusedBeforeTheRouterAndFeedbackIsStillTaken() {
		Path file = dir.resolve("d.db");
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			String traceId;
			try (RunningService service = RunningService.start(file, neighbours, Map.of())) {
				traceId = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
				assertThat(service.http.get("/metrics").body()).contains("aurora_intelligence_store_short_of_space 0.0");
				assertThat(service.http.get("/status").json().get("healthy").asBoolean()).isTrue();
			}
			// A floor of 1 TiB: no test machine's volume has that free.
			try (RunningService service = RunningService.start(file, neighbours, Map.of("STORE_MIN_FREE_MB", "1048576"))) {
				int routed = neighbours.router.getRequestCount();
				TestHttp.Response refused = service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION);
				assertThat(refused.status()).as(refused.body()).isEqualTo(503);
				assertThat(refused.contentType()).startsWith("application/problem+json");
				assertThat(refused.json().get("detail").asString()).contains("MiB free", "STORE_MIN_FREE_MB=1048576");
				assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
				assertThat(neighbours.router.getRequestCount()).as("no task placed without its trace").isEqualTo(routed);
				TestHttp.Response feedback = service.http.post("/feedback",
						"{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 40, \"slo_hit\": true}}");
				assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
				assertThat(service.http.get("/health/readiness").status()).as("feedback still flows to it").isEqualTo(200);
				assertThat(service.http.get("/metrics").body()).as("what to alert on")
					.contains("aurora_intelligence_store_short_of_space 1.0");
				assertThat(service.http.get("/status").json().get("healthy").asBoolean()).as("not while decisions are refused")
					.isFalse();
			}
		}
	}

}
