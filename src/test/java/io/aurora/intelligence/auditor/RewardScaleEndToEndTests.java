package io.aurora.intelligence.auditor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.aurora.intelligence.AuroraIntelligenceApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code REWARD_LATENCY_MS} and {@code REWARD_COST} as a deployment sets them: feedback on a GPU market's scale is
 * scored on it, and the answer's components say so.
 */
class RewardScaleEndToEndTests {

	private final HttpClient client = HttpClient.newHttpClient();

	private final JsonMapper json = new JsonMapper();

	@TempDir
	Path dir;

	@Test
	void feedbackIsScoredOnTheScaleTheDeploymentSets() throws Exception {
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "PSI_URL=http://127.0.0.1:9",
					"AURORA_ROUTER_URL=http://127.0.0.1:9", "SHUTDOWN_DRAIN_MS=0", "REWARD_LATENCY_MS=2000",
					"REWARD_COST=4")
			.run()) {
			int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "0"));
			JsonNode decision = post(port, "/decisions", """
					{"task_id": "train-1", "context": {"cpu": 16, "memory_gb": 64, "latency_ms": 1500, "region": "eu"},
					 "candidates": [{"provider": "akash", "sku": "A100"}, {"provider": "vast", "sku": "H100"}]}
					""");
			JsonNode feedback = post(port, "/feedback", """
					{"trace_id": "%s", "outcome": {"latency_ms": 1200, "cost": 2.4, "slo_hit": true, "failures": 0}}
					""".formatted(decision.get("trace_id").asString()));
			assertThat(feedback.get("reward").asDouble()).as("seed's scale: -0.4, both parts at their floor").isEqualTo(0.58);
			assertThat(feedback.get("explanation").get("components").get("latency_score").asDouble()).isEqualTo(0.4);
			assertThat(feedback.get("explanation").get("components").get("cost_score").asDouble()).isEqualTo(0.4);
		}
	}

	private JsonNode post(int port, String path, String body) throws Exception {
		HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return json.readTree(answer.body());
	}

}
