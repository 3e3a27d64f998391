package io.aurora.intelligence.auditor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.aurora.intelligence.AuroraIntelligenceApplication;
import io.aurora.intelligence.TestClock;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.strategist.Strategist;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Services on a SQLite store in a fresh directory per test, on a clock the test moves, keeping a day's history
 * and checkpointing every second, with the decisions, feedback and reads the tests send them.
 */
abstract class AbstractRetentionTests {

	static final TestClock clock = TestClock.at(Instant.EPOCH);

	static final JsonMapper json = new JsonMapper();

	final HttpClient client = HttpClient.newHttpClient();

	@TempDir
	Path dir;

	static ConfigurableApplicationContext start(Path store, String... extra) {
		List<String> properties = new ArrayList<>(List.of("PORT=0", "STORE_FILE=" + store,
				"PSI_URL=http://127.0.0.1:9", "AURORA_ROUTER_URL=http://127.0.0.1:9", "FEEDBACK_WINDOW_S=3600",
				"RETENTION_S=86400", "CHECKPOINT_INTERVAL_S=1", "SHUTDOWN_DRAIN_MS=0", "METRICS_CACHE_MS=0"));
		properties.addAll(List.of(extra));
		return new SpringApplicationBuilder(AuroraIntelligenceApplication.class, MovedClock.class)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	/** Makes {@code n} decisions and sends each its feedback, every one answered 200. */
	void decideAndFeedBack(int port, int n) throws Exception {
		for (int i = 0; i < n; i++) {
			assertThat(feedback(port, decide(port)).statusCode()).isEqualTo(200);
		}
	}

	static void awaitSnapshotAt(ConfigurableApplicationContext service, long seq) {
		SnapshotStore snapshots = service.getBean(SnapshotStore.class);
		String fingerprint = service.getBean(Strategist.class).fingerprint();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> assertThat(snapshots.latest(fingerprint).map(SnapshotStore.Snapshot::seq).orElse(0L))
				.as("a snapshot at entry %d within 10 s", seq)
				.isGreaterThanOrEqualTo(seq));
	}

	static int port(ConfigurableApplicationContext service) {
		return Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "0"));
	}

	String decide(int port) throws Exception {
		HttpResponse<String> answer = post(port, "/decisions", """
				{"task_id": "train", "context": {"cpu": 16, "memory_gb": 64, "latency_ms": 120, "region": "eu"},
				 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
				""");
		assertThat(answer.statusCode()).isEqualTo(200);
		return json.readTree(answer.body()).get("trace_id").asString();
	}

	HttpResponse<String> feedback(int port, String trace) throws Exception {
		return post(port, "/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 40, "cost": 0.2, "slo_hit": true}}
				""".formatted(trace));
	}

	HttpResponse<String> post(int port, String path, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	JsonNode get(int port, String path) throws Exception {
		HttpResponse<String> answer = client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		return json.readTree(answer.body());
	}

	/** Replaces the service's clock with one the test moves, and has its sweeps follow it there. */
	@TestConfiguration(proxyBeanMethods = false)
	static class MovedClock {

		@Bean
		@Primary
		Clock movableClock() {
			return clock;
		}

		@Bean
		@Primary
		SweepClock movedSweepClock() {
			return SweepClock.following(clock);
		}

	}

}
