package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code REWARD_LATENCY_MS} and {@code REWARD_COST} as a deployment sets them: feedback on a GPU market's scale is
 * scored on it, and the answer's components say so.
 */
class RewardScaleEndToEndTests {

	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@AfterAll
	static void stopNeighbours() {
		neighbours.close();
	}

	@Test
	void feedbackIsScoredOnTheScaleTheDeploymentSets() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("REWARD_LATENCY_MS", "2000", "REWARD_COST", "4"))) {
			String traceId = service.http.decide("""
					{"task_id": "train-1", "context": {"cpu": 16, "memory_gb": 64, "latency_ms": 1500, "region": "eu"},
					 "candidates": [{"provider": "akash", "sku": "A100"}, {"provider": "vast", "sku": "H100"}]}
					""").get("trace_id").asString();
			TestHttp.Response feedback = service.http.post("/feedback", """
					{"trace_id": "%s", "outcome": {"latency_ms": 1200, "cost": 2.4, "slo_hit": true, "failures": 0}}
					""".formatted(traceId));
			assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
			JsonNode answer = feedback.json();
			assertThat(answer.get("reward").asDouble()).as("seed's scale: -0.4, both parts at their floor").isEqualTo(0.58);
			assertThat(answer.at("/explanation/components/latency_score").asDouble()).isEqualTo(0.4);
			assertThat(answer.at("/explanation/components/cost_score").asDouble()).isEqualTo(0.4);
		}
	}

}
