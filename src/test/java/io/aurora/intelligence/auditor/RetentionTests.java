package io.aurora.intelligence.auditor;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention as an operator meets it: after {@code RETENTION_S} a sweep drops traces that never got feedback and
 * the log entries a snapshot already includes, while the model and a restart keep what was learned; the log
 * another configuration still needs, or that no snapshot includes, is kept, and zero keeps everything.
 */
class RetentionTests extends AbstractRetentionTests {

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
					"aurora_intelligence_store_retention_deleted_total{kind=\"traces\"} 10.0");
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
				assertThat(other.getBean(Retention.class).markRunning()).as("the first replica's last mark is three days old")
					.isEmpty();
				assertThat(running.getBean(Retention.class).markRunning()).as("it hears of the other's settings")
					.singleElement().asString().contains("gamma0=20");
				assertThat(other.getBean(Retention.class).markRunning()).as("and the other of its defaults")
					.singleElement().asString().doesNotContain("gamma0=20");

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
	void replicasThatScoreFeedbackOnAnotherScaleHearOfEachOther() {
		Path store = dir.resolve("two-scales.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext running = start(store);
				ConfigurableApplicationContext other = start(store, "REWARD_COST=0.5")) {
			running.getBean(Retention.class).markRunning();
			assertThat(other.getBean(Retention.class).markRunning()).as("same policy, another reward scale")
				.singleElement().asString().contains("cost=1,");
			assertThat(running.getBean(Retention.class).markRunning()).singleElement().asString().contains("cost=0.5,");
			clock.set(Instant.parse("2026-11-01T00:04:00Z"));
			assertThat(running.getBean(Retention.class).markRunning()).as("not seen for four minutes").isEmpty();
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

}
