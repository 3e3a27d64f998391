package io.aurora.intelligence.auditor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Statement;
import java.sql.DriverManager;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.aurora.intelligence.AuroraIntelligenceApplication;
import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.strategist.Strategist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention as an operator meets it: after {@code RETENTION_S} the store drops traces that never got
 * feedback and the log entries a snapshot already includes, while the model, a restart and a replica
 * that fell behind all keep what was learned.
 */
class RetentionTests {

	static final MovableClock clock = new MovableClock();

	static final JsonMapper json = new JsonMapper();

	final HttpClient client = HttpClient.newHttpClient();

	@TempDir
	Path dir;

	@Test
	void sweepDeletesOldTracesAndSnapshottedLogButTheModelAndARestartKeepEverythingLearned() throws Exception {
		Path store = dir.resolve("d.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		List<String> unfed = new ArrayList<>();
		JsonNode model;
		try (ConfigurableApplicationContext service = start(store)) {
			int port = port(service);
			for (int i = 0; i < 10; i++) {
				String trace = decide(port);
				if (i < 6) {
					assertThat(feedback(port, trace).statusCode()).isEqualTo(200);
				}
				else {
					unfed.add(trace);
				}
			}
			clock.set(Instant.parse("2026-11-03T00:00:00Z"));
			String fresh = decide(port);
			assertThat(feedback(port, decide(port)).statusCode()).isEqualTo(200);
			awaitSnapshotAt(service, 7);
			model = get(port, "/model");

			Retention.Swept swept = service.getBean(Retention.class).sweep();

			assertThat(swept).isEqualTo(new Retention.Swept(4, 6, 0));
			String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(),
					HttpResponse.BodyHandlers.ofString()).body();
			assertThat(metrics).contains("aurora_intelligence_store_retention_deleted_total{kind=\"log\"} 6.0",
					"aurora_intelligence_store_retention_deleted_total{kind=\"traces\"} 4.0");
			assertThat(get(port, "/model")).isEqualTo(model);
			JsonNode counts = get(port, "/status").at("/store");
			assertThat(counts.get("traces").asLong()).isEqualTo(2);
			assertThat(counts.get("feedback").asLong()).isEqualTo(1);
			assertThat(feedback(port, unfed.get(0)).statusCode()).isEqualTo(404);
			assertThat(service.getBean(Retention.class).sweep()).isEqualTo(new Retention.Swept(0, 0, 0));
			assertThat(feedback(port, fresh).statusCode()).isEqualTo(200);
			model = get(port, "/model");
		}
		try (ConfigurableApplicationContext restarted = start(store)) {
			assertThat(get(port(restarted), "/model")).isEqualTo(model);
		}
	}

	@Test
	void replicaThatFellBehindLoadsTheSnapshotThatIncludesDeletedEntries() throws Exception {
		Path store = dir.resolve("shared.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext leader = start(store);
				ConfigurableApplicationContext lagging = start(store)) {
			LogFollower behind = lagging.getBean(LogFollower.class);
			behind.stop();
			int port = port(leader);
			decideAndFeedBack(port, 5);
			awaitSnapshotAt(leader, 5);
			clock.set(Instant.parse("2026-11-03T00:00:00Z"));
			assertThat(feedback(port, decide(port)).statusCode()).isEqualTo(200);
			assertThat(leader.getBean(Retention.class).sweep().logEntries()).isEqualTo(5);
			assertThat(behind.applied()).isZero();

			behind.catchUp();

			assertThat(behind.applied()).isEqualTo(6);
			assertThat(json.readTree(behind.export(json::writeValueAsString))).isEqualTo(get(port, "/model"));
		}
	}

	@Test
	void aCommitAppliesAFewOtherReplicasEntriesWithItsOwnButLeavesABacklogToThePoller() throws Exception {
		Path store = dir.resolve("shared.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext leader = start(store);
				ConfigurableApplicationContext lagging = start(store)) {
			LogFollower follower = lagging.getBean(LogFollower.class);
			follower.stop();
			int port = port(leader);
			int own = port(lagging);
			decideAndFeedBack(port, 10);
			assertThat(feedback(own, decide(own)).statusCode()).isEqualTo(200);
			assertThat(follower.applied()).as("ten others' entries applied with its own").isEqualTo(11);

			decideAndFeedBack(port, WriterPath.INLINE_GAP + 1);
			assertThat(feedback(own, decide(own)).statusCode()).isEqualTo(200);
			assertThat(follower.applied()).as("a backlog is left to the poller, stopped here").isEqualTo(11);

			follower.catchUp();
			assertThat(follower.applied()).isEqualTo(13 + WriterPath.INLINE_GAP);
		}
	}

	@Test
	void aSnapshotThatCannotBeLoadedIsPassedOverForTheLog() throws Exception {
		Path store = dir.resolve("corrupt.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext service = start(store)) {
			int port = port(service);
			decideAndFeedBack(port, 3);
			awaitSnapshotAt(service, 3);
		}
		try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement()) {
			assertThat(s.executeUpdate("UPDATE snapshots SET model = '{}'")).isPositive();
		}
		try (ConfigurableApplicationContext restarted = start(store)) {
			assertThat(get(port(restarted), "/status").at("/model/updates").asLong()).as("rebuilt from the log").isEqualTo(3);
		}
	}

	@Test
	void anotherConfigurationStillRunningKeepsTheLogItsOldSnapshotNeedsUntilItRetires() throws Exception {
		Path store = dir.resolve("two-configurations.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext running = start(store)) {
			int port = port(running);
			try (ConfigurableApplicationContext other = start(store, "SQUARECB_GAMMA0=20")) {
				decideAndFeedBack(port, 3);
				awaitSnapshotAt(other, 3);
				other.getBean(LogFollower.class).stop();
				clock.set(Instant.parse("2026-11-02T00:00:00Z"));
				decideAndFeedBack(port, 2);
				awaitSnapshotAt(running, 5);
				clock.set(Instant.parse("2026-11-04T00:00:00Z"));
				other.getBean(Retention.class).markRunning();

				assertThat(running.getBean(Retention.class).sweep().logEntries())
					.as("the other configuration's snapshot is three days old, but it still runs").isEqualTo(3);
			}
			clock.set(Instant.parse("2026-11-06T00:00:00Z"));
			assertThat(running.getBean(Retention.class).sweep().logEntries()).as("not seen for two days: retired").isEqualTo(2);
			assertThat(running.getBean(Retention.class).sweep().snapshots()).as("its snapshot is kept for 30 days").isZero();
			clock.set(Instant.parse("2026-12-05T00:00:00Z"));
			assertThat(running.getBean(Retention.class).sweep().snapshots()).as("then deleted").isOne();
			assertThat(running.getBean(Retention.class).sweep().snapshots()).isZero();
		}
	}

	@Test
	void newSettingsCheckpointAtOnceAfterReplayingTheLog() throws Exception {
		Path store = dir.resolve("changed.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext before = start(store, "CHECKPOINT_INTERVAL_S=0")) {
			int port = port(before);
			decideAndFeedBack(port, 3);
		}
		try (ConfigurableApplicationContext changed = start(store, "CHECKPOINT_INTERVAL_S=3600", "SQUARECB_GAMMA0=20")) {
			assertThat(changed.getBean(SnapshotStore.class).latest(changed.getBean(Strategist.class).fingerprint()))
				.as("written during start-up, not an hour later: retention by older versions keeps the log from it on")
				.hasValueSatisfying(snapshot -> assertThat(snapshot.seq()).isEqualTo(3));
		}
	}

	@Test
	void withoutASnapshotNoLogEntryIsDeleted() throws Exception {
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext service = start(dir.resolve("nosnap.db"), "CHECKPOINT_INTERVAL_S=0")) {
			int port = port(service);
			assertThat(feedback(port, decide(port)).statusCode()).isEqualTo(200);
			decide(port);
			clock.set(Instant.parse("2026-11-03T00:00:00Z"));
			assertThat(service.getBean(Retention.class).sweep()).isEqualTo(new Retention.Swept(1, 0, 0));
			assertThat(get(port, "/status").at("/store/feedback").asLong()).isEqualTo(1);
		}
	}

	@Test
	void zeroKeepsEverything() throws Exception {
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext service = start(dir.resolve("keep.db"), "RETENTION_S=0")) {
			decide(port(service));
			clock.set(Instant.parse("2030-01-01T00:00:00Z"));
			assertThat(service.getBean(Retention.class).sweep()).isEqualTo(new Retention.Swept(0, 0, 0));
			assertThat(service.getBean(Retention.class).sweeps()).isFalse();
			assertThat(service.getBean(Retention.class).isRunning()).as("it still marks its configuration as running").isTrue();
		}
	}

	private static ConfigurableApplicationContext start(Path store, String... extra) {
		List<String> properties = new ArrayList<>(List.of("PORT=0", "STORE_FILE=" + store,
				"PSI_URL=http://127.0.0.1:9", "AURORA_ROUTER_URL=http://127.0.0.1:9", "FEEDBACK_WINDOW_S=3600",
				"RETENTION_S=86400", "CHECKPOINT_INTERVAL_S=1"));
		properties.addAll(List.of(extra));
		return new SpringApplicationBuilder(AuroraIntelligenceApplication.class, TestClock.class)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	/** Makes {@code n} decisions and sends each its feedback, every one answered 200. */
	private void decideAndFeedBack(int port, int n) throws Exception {
		for (int i = 0; i < n; i++) {
			assertThat(feedback(port, decide(port)).statusCode()).isEqualTo(200);
		}
	}

	private static void awaitSnapshotAt(ConfigurableApplicationContext service, long seq) throws InterruptedException {
		SnapshotStore snapshots = service.getBean(SnapshotStore.class);
		String fingerprint = service.getBean(Strategist.class).fingerprint();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (snapshots.latest(fingerprint).map(SnapshotStore.Snapshot::seq).orElse(0L) < seq) {
			assertThat(System.nanoTime()).as("a snapshot at entry %d within 10 s", seq).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static int port(ConfigurableApplicationContext service) {
		return Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "0"));
	}

	private String decide(int port) throws Exception {
		HttpResponse<String> answer = post(port, "/decisions", """
				{"task_id": "train", "context": {"cpu": 16, "memory_gb": 64, "latency_ms": 120, "region": "eu"},
				 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
				""");
		assertThat(answer.statusCode()).isEqualTo(200);
		return json.readTree(answer.body()).get("trace_id").asString();
	}

	private HttpResponse<String> feedback(int port, String trace) throws Exception {
		return post(port, "/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 40, "cost": 0.2, "slo_hit": true}}
				""".formatted(trace));
	}

	private HttpResponse<String> post(int port, String path, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode get(int port, String path) throws Exception {
		HttpResponse<String> answer = client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		return json.readTree(answer.body());
	}

	/** Replaces the service's clock with one the test moves. */
	@TestConfiguration(proxyBeanMethods = false)
	static class TestClock {

		@Bean
		@Primary
		Clock movableClock() {
			return clock;
		}

	}

	/** A clock that stands still until the test moves it. */
	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.EPOCH;

		void set(Instant instant) {
			now = instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}

	}

}
