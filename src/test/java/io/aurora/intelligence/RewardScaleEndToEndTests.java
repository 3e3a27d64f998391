package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code REWARD_LATENCY_MS}, {@code REWARD_COST} and {@code REWARD_LATENCY_REFERENCE} as a deployment sets them:
 * feedback on a GPU market's scale, or against each decision's own budget, is scored on it, and the answer's
 * components say so.
 */
class RewardScaleEndToEndTests {

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

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
			assertThat(answer.at("/explanation/components").has("latency_reference_ms")).as("fixed scale").isFalse();
			assertThat(feedback.headers().firstValue("Warning")).as("a budget of 1,500 ms within the scale").isEmpty();
		}
	}

	@Test
	void aBudgetBeyondTheFixedScaleIsWarnedOfSinceEvenMeetingItScoresTheLeast() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			String traceId = service.http.decide("""
					{"task_id": "render-1", "context": {"cpu": 16, "latency_ms": 120000, "region": "eu"},
					 "candidates": [{"provider": "render", "sku": "A6000"}, {"provider": "vast", "sku": "H100"}]}
					""").get("trace_id").asString();
			TestHttp.Response feedback = service.http.post("/feedback", """
					{"trace_id": "%s", "outcome": {"latency_ms": 70000, "cost": 0.8, "slo_hit": true}}
					""".formatted(traceId));
			assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
			assertThat(feedback.json().at("/explanation/components/latency_score").asDouble()).isEqualTo(-1.0);
			assertThat(feedback.headers().firstValue("Warning")).hasValueSatisfying(warning -> assertThat(warning).contains(
					"the decision's latency_ms budget (120000 ms) is at least twice REWARD_LATENCY_MS (200 ms)",
					"REWARD_LATENCY_REFERENCE=request"));
			String again = service.http.decide("""
					{"task_id": "render-3", "context": {"latency_ms": 120000},
					 "candidates": [{"provider": "render", "sku": "A6000"}]}
					""").get("trace_id").asString();
			TestHttp.Response both = service.http.post("/feedback", "{\"trace_id\": \"" + again
					+ "\", \"outcome\": {\"latency_ms\": 70000, \"gpu_hours\": 2}}");
			assertThat(both.headers().allValues("Warning")).as("the budget's and the unknown field's").hasSize(2)
				.anySatisfy(warning -> assertThat(warning).contains("at least twice REWARD_LATENCY_MS"))
				.anySatisfy(warning -> assertThat(warning).contains("unknown fields ignored: outcome.gpu_hours"));
			String costOnly = service.http.decide("""
					{"task_id": "render-2", "context": {"latency_ms": 120000},
					 "candidates": [{"provider": "render", "sku": "A6000"}]}
					""").get("trace_id").asString();
			assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + costOnly + "\", \"outcome\": {\"cost\": 0.8}}")
				.headers().firstValue("Warning")).as("no latency reported, none scored").isEmpty();
		}
	}

	@Test
	void requestReferenceScoresEachLatencyAgainstItsDecisionsOwnBudget() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("REWARD_LATENCY_REFERENCE", "request", "REWARD_LATENCY_MS", "400"))) {
			assertThat(latencyScored(service, "\"latency_ms\": 50,")).as("twice its 50 ms budget")
				.isEqualTo("{\"latency_score\":-1.0,\"latency_reference_ms\":50.0}");
			assertThat(latencyScored(service, "\"latency_ms\": \"2000\",")).as("a twentieth of its budget, as a string")
				.isEqualTo("{\"latency_score\":0.95,\"latency_reference_ms\":2000.0}");
			assertThat(latencyScored(service, "")).as("no budget: REWARD_LATENCY_MS")
				.isEqualTo("{\"latency_score\":0.75,\"latency_reference_ms\":400.0}");
			assertThat(latencyScored(service, "\"latency_ms\": 0,")).as("a budget of 0: REWARD_LATENCY_MS")
				.isEqualTo("{\"latency_score\":0.75,\"latency_reference_ms\":400.0}");
			assertThat(latencyScored(service, "\"latency_ms\": 0.5,")).as("under 1 ms: REWARD_LATENCY_MS")
				.isEqualTo("{\"latency_score\":0.75,\"latency_reference_ms\":400.0}");
		}
	}

	@Test
	void evaluationsScoreFeedbackReceivedBeforeAChangeOfScaleOnTheCurrentOne() {
		// 100 ms with the SLO met scores 0.4 × −1 + 0.2 + 0.1 = −0.1 on a 50 ms scale, and 0.5 on the seed's 200 ms.
		try (RunningService before = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("REWARD_LATENCY_MS", "50"))) {
			for (int i = 0; i < 20; i++) {
				assertThat(fedBack(before)).isEqualTo(-0.1);
			}
		}
		try (RunningService after = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			for (int i = 0; i < 20; i++) {
				assertThat(fedBack(after)).isEqualTo(0.5);
			}
			TestHttp.Response evaluated = after.http.post("/evaluations", "{\"policy\": \"uniform\"}");
			assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
			assertThat(evaluated.json().get("samples").asInt()).isEqualTo(40);
			JsonNode snips = evaluated.json().at("/estimates/1");
			assertThat(snips.get("estimator").asString()).isEqualTo("snips");
			assertThat(snips.get("value").asDouble()).as("every outcome scored 0.5 on the current scale, none −0.1")
				.isCloseTo(0.5, within(1e-9));
			assertThat(evaluated.json().get("reward_scale").toString())
				.isEqualTo("{\"latency_ms\":200.0,\"cost\":1.0,\"latency_reference\":\"fixed\"}");
			TestHttp.Response latency = after.http.post("/evaluations", "{\"policy\": \"uniform\", \"objectives\": "
					+ "{\"latency\": 1}}");
			assertThat(latency.json().at("/estimates/1/value").asDouble()).as("the latency score, 0.5 on 200 ms, not −1")
				.isCloseTo(0.5, within(1e-9));
		}
	}

	@Test
	void evaluationsScoreFeedbackOnEachDecisionsOwnBudgetOnceTheReferenceIsTheRequest() {
		// 100 ms and the SLO met: 0.4 × 0.75 + 0.3 = 0.6 on a fixed 400 ms; against a 50 ms budget, −0.4 + 0.3 = −0.1.
		try (RunningService before = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("REWARD_LATENCY_MS", "400"))) {
			for (int i = 0; i < 20; i++) {
				assertThat(fedBack(before, i % 2 == 0 ? "50" : "\"50\"")).isEqualTo(0.6);
			}
		}
		try (RunningService after = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("REWARD_LATENCY_MS", "400", "REWARD_LATENCY_REFERENCE", "request"))) {
			TestHttp.Response evaluated = after.http.post("/evaluations", "{\"policy\": \"uniform\"}");
			assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
			assertThat(evaluated.json().at("/estimates/1/value").asDouble())
				.as("each outcome against its decision's 50 ms budget, given as a number or a string")
				.isCloseTo(-0.1, within(1e-9));
			assertThat(evaluated.json().at("/reward_scale/latency_reference").asString()).isEqualTo("request");
			assertThat(fedBack(after, "50")).as("as the feedback it now receives is scored").isEqualTo(-0.1);
		}
	}

	/** The reward of feedback reporting 100 ms and the SLO met for a new decision. */
	private static double fedBack(RunningService service) {
		return fedBack(service, null);
	}

	/** The reward of feedback reporting 100 ms and the SLO met for a new decision with a {@code budget}, if any. */
	private static double fedBack(RunningService service, @Nullable String budget) {
		String traceId = service.http.decide("""
				{"task_id": "infer-1", "context": {%s"region": "eu"},
				 "candidates": [{"provider": "akash", "sku": "A100"}, {"provider": "vast", "sku": "H100"}]}
				""".formatted(budget == null ? "" : "\"latency_ms\": " + budget + ", ")).get("trace_id").asString();
		TestHttp.Response feedback = service.http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 100, "slo_hit": true}}
				""".formatted(traceId));
		assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
		return feedback.json().get("reward").asDouble();
	}

	/** The latency components of feedback reporting 100 ms for a decision whose context starts with {@code budget}. */
	private static String latencyScored(RunningService service, String budget) {
		String traceId = service.http.decide("""
				{"task_id": "infer-1", "context": {%s "region": "eu"},
				 "candidates": [{"provider": "akash", "sku": "A100"}, {"provider": "vast", "sku": "H100"}]}
				""".formatted(budget)).get("trace_id").asString();
		TestHttp.Response feedback = service.http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 100}}
				""".formatted(traceId));
		assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
		assertThat(feedback.headers().firstValue("Warning")).as("scored on its own budget").isEmpty();
		JsonNode components = feedback.json().at("/explanation/components");
		return "{\"latency_score\":" + components.get("latency_score").asDouble() + ",\"latency_reference_ms\":"
				+ components.get("latency_reference_ms").asDouble() + "}";
	}

}
