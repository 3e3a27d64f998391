package io.aurora.intelligence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code MISSING_FEEDBACK_REWARD} as a deployment whose jobs sometimes never report meets it: a decision whose
 * feedback window closes without feedback is learned once at that reward, and a late caller is told so.
 */
class MissingFeedbackTests {

	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@AfterAll
	static void stopNeighbours() {
		neighbours.close();
	}

	@Test
	void aDecisionWhoseFeedbackNeverCameIsLearnedOnceAtTheMissingFeedbackReward() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("FEEDBACK_WINDOW_S", "1", "MISSING_FEEDBACK_REWARD", "-0.5"))) {
			String reported = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
			String silent = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
			assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + reported
					+ "\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}}").status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(
					() -> assertThat(service.http.get("/status").json().at("/model/updates").asLong()).isEqualTo(2));
			TestHttp.Response late = service.http.post("/feedback",
					"{\"trace_id\": \"" + silent + "\", \"outcome\": {\"slo_hit\": true}}");
			assertThat(late.status()).isEqualTo(410);
			JsonNode recorded = late.json().get("recorded");
			assertThat(recorded.get("reward").asDouble()).isEqualTo(-0.5);
			assertThat(recorded.at("/outcome/missing").asBoolean()).isTrue();
			assertThat(service.http.get("/metrics").body()).contains("aurora_intelligence_feedback_missing_total 1.0");
			JsonNode status = service.http.get("/status").json();
			assertThat(status.at("/store/feedback").asLong()).as("feedback received: the one reported").isEqualTo(1);
			assertThat(status.at("/model/updates").asLong()).as("learned once, however many looks followed").isEqualTo(2);
		}
		try (RunningService restarted = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("FEEDBACK_WINDOW_S", "1", "MISSING_FEEDBACK_REWARD", "-0.5"))) {
			assertThat(restarted.http.get("/status").json().at("/model/updates").asLong())
				.as("the log holds it, so a restart learns it again, once").isEqualTo(2);
		}
	}

}
