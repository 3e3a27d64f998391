package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The feedback window as a late caller meets it: a 410 that changes nothing and says whether feedback was applied. */
class FeedbackWindowTests {

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@Test
	void feedbackAfterTheWindowIsGoneAndCarriesTheFeedbackAppliedWithinIt() throws Exception {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("FEEDBACK_WINDOW_S", "2"))) {
			String given = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
			String outcome = "{\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}";
			assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + given + "\", \"outcome\": " + outcome + "}").status())
				.isEqualTo(200);
			String none = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
			Thread.sleep(2500);
			TestHttp.Response late = service.http.post("/feedback", "{\"trace_id\": \"" + none + "\", \"outcome\": {\"slo_hit\": true}}");
			assertThat(late.status()).isEqualTo(410);
			assertThat(late.contentType()).startsWith("application/problem+json");
			assertThat(late.json().has("recorded")).as("the trace had no feedback").isFalse();
			TestHttp.Response retry = service.http.post("/feedback", "{\"trace_id\": \"" + given + "\", \"outcome\": " + outcome + "}");
			assertThat(retry.status()).as("the window is checked first").isEqualTo(410);
			JsonNode recorded = retry.json().get("recorded");
			assertThat(recorded.get("reward").asDouble()).as("a retry whose first answer was lost can tell it was applied")
				.isEqualTo(0.88);
			assertThat(retry.json().get("same_outcome").asBoolean()).isTrue();
			assertThat(retry.json().get("detail").asString()).contains("It already has feedback, applied once, with this same outcome");
			assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + given + "\", \"outcome\": {\"slo_hit\": false}}").json()
				.get("same_outcome").asBoolean()).isFalse();
			assertThat(service.http.get("/status").json().at("/model/updates").asLong()).as("the late ones changed nothing")
				.isEqualTo(1);
		}
	}

}
