package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code AURORA_ROUTER_URL=none}, for a scheduler that places its tasks itself: decisions are answered from the model
 * without a router call, and nothing reports a router that is failing.
 */
class RouterlessEndToEndTests {

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@Test
	void withoutARouterDecisionsAreAnsweredFromTheModelAndNoCircuitOpens() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("AURORA_ROUTER_URL", "none"))) {
			for (int i = 0; i < 8; i++) {
				JsonNode answer = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
				assertThat(answer.at("/explanations/router_result").asString()).isEqualTo("none");
				assertThat(answer.at("/explanations/placed").asBoolean()).isFalse();
				assertThat(answer.at("/explanations/attempts").asInt()).isZero();
				assertThat(answer.at("/explanations/score_source").asString()).isEqualTo("model");
				TestHttp.Response feedback = service.http.post("/feedback", "{\"trace_id\": \""
						+ answer.get("trace_id").asString() + "\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}}");
				assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
			}
			assertThat(neighbours.router.getRequestCount()).as("no router call, not even a health check").isZero();
			JsonNode router = service.http.get("/status").json().get("router");
			assertThat(router.get("circuit").asString()).isEqualTo("none");
			assertThat(router.get("last_result").isNull()).isTrue();
			String metrics = service.http.get("/metrics").body();
			assertThat(metrics).contains("aurora_intelligence_router_circuit_open 0",
					"aurora_intelligence_router_circuit_state{state=\"closed\"} 0",
					"aurora_intelligence_router_calls_total{result=\"error\"} 0")
				.doesNotContain("result=\"none\"");
			JsonNode evaluation = service.http.post("/evaluations", "{\"policy\": \"uniform\"}").json();
			assertThat(evaluation.get("samples").asInt()).as("every decision is the model's own choice").isEqualTo(8);
		}
	}

}
