package io.aurora.intelligence;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions as a caller meets them: the answer's shape and trace ids, objectives and constraints, risk learned
 * from feedback, warnings for unknown fields, and what the router is sent.
 */
class DecisionsEndToEndTests extends AbstractEndToEndTests {

	@Test
	void traceIdsSortByDecisionTimeAndAreNeverReused() throws Exception {
		String first = http.decide(SEED_DECISION).get("trace_id").asString();
		Thread.sleep(3);
		String second = http.decide(SEED_DECISION).get("trace_id").asString();
		assertThat(second).isGreaterThan(first);
		assertThat(second.substring(3, 15)).isGreaterThan(first.substring(3, 15));
		assertThat(second.substring(15)).isNotEqualTo(first.substring(15));
	}

	@Test
	void decisionsAnswersInTheSeedsShape() {
		JsonNode answer = http.decide(SEED_DECISION);
		assertThat(answer.get("task_id").asString()).isEqualTo("task-123");
		assertThat(answer.get("trace_id").asString()).matches("tr_[0-9a-f]{36}");
		assertThat(answer.get("score").asDouble()).isEqualTo(0.87);
		assertThat(answer.at("/chosen/provider").asString()).isIn("akash", "vast");
		JsonNode only = http.decide(SEED_DECISION.replaceAll(",\\s*\\{\"provider\": \"vast\", \"sku\": \"V4\"}", ""));
		assertThat(only.at("/chosen/provider").asString()).as("the only candidate").isEqualTo("akash");
		assertThat(only.at("/chosen/metadata/price_usd_per_hour").asDouble()).as("its metadata echoed").isEqualTo(1.1);
		JsonNode explanations = answer.get("explanations");
		assertThat(explanations.get("psi_coherence").asDouble()).isEqualTo(0.68);
		assertThat(explanations.get("psi_density").asDouble()).isEqualTo(0.82);
		assertThat(explanations.get("exploration").asString()).isIn("explore", "exploit");
		assertThat(explanations.get("propensity").asDouble()).isBetween(0.05, 1.0);
		assertThat(explanations.get("state").asString()).isEqualTo("us-west|cpu=8|mem=32|lat=50-100|psi=high");
		assertThat(explanations.get("score_source").asString()).isEqualTo("router");
		assertThat(explanations.get("q_value").isNumber()).isTrue();
	}

	@Test
	void perRequestObjectivesAreNormalisedAndExplainedWithTheParetoFront() {
		JsonNode answer = http.decide("""
				{"task_id": "inference-1", "context": {"cpu": 8, "latency_ms": 60, "region": "us-west"},
				 "objectives": {"latency": 3, "cost": 1, "reliability": 1},
				 "candidates": [{"provider": "pareto-a", "sku": "A8"}, {"provider": "pareto-b", "sku": "V4"}]}
				""");
		JsonNode explanations = answer.get("explanations");
		assertThat(explanations.at("/weights/latency").asDouble()).isEqualTo(0.6);
		assertThat(explanations.at("/weights/cost").asDouble()).isEqualTo(0.2);
		assertThat(explanations.get("objectives").propertyNames()).containsExactly("latency", "cost", "reliability");
		assertThat(explanations.get("pareto_front").findValuesAsString("provider"))
				.as("two providers no feedback has told apart: neither beats the other")
				.containsExactlyInAnyOrder("pareto-a", "pareto-b");
	}

	@Test
	void badObjectivesAreRefused() {
		String candidates = "\"candidates\": [{\"provider\": \"akash\", \"sku\": \"A8\"}]";
		for (String objectives : List.of("{\"speed\": 1}", "{\"latency\": -1}", "{\"latency\": 0, \"cost\": 0}",
				"{\"latency\": \"high\"}")) {
			TestHttp.Response response = http.post("/decisions",
					"{\"task_id\": \"t\", \"objectives\": " + objectives + ", " + candidates + "}");
			assertProblem(response, 400);
		}
	}

	@Test
	void constraintsExcludeCandidatesEvenFromExploration() {
		String request = """
				{"task_id": "batch-1", "context": {"region": "eu-west"},
				 "constraints": {"regions": ["eu-west"], "max_price": 1.0, "exclude_providers": ["runpod"]},
				 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"region": "us-west", "price_usd_per_hour": 0.5}},
				                {"provider": "ionet", "sku": "H100", "metadata": {"region": "eu-west", "price_usd_per_hour": 2.5}},
				                {"provider": "runpod", "sku": "P1", "metadata": {"region": "eu-west", "price_usd_per_hour": 0.4}},
				                {"provider": "vast", "sku": "V4", "metadata": {"region": "eu-west", "price_usd_per_hour": 0.6}},
				                {"provider": "render", "sku": "R1"}]}
				""";
		for (int i = 0; i < 30; i++) {
			assertThat(http.decide(request).at("/chosen/provider").asString()).isEqualTo("vast");
		}
		TestHttp.Response none = http.post("/decisions", """
				{"task_id": "batch-2", "constraints": {"max_price": 0.1, "exclude_providers": ["vast"]},
				 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 0.5}},
				                {"provider": "vast", "sku": "V4", "metadata": {"price_usd_per_hour": 0.05}}]}
				""");
		assertProblem(none, 422);
		assertProblem(http.post("/decisions", """
				{"task_id": "t", "constraints": {"min_slo_rate": 1.5}, "candidates": [{"provider": "a", "sku": "b"}]}
				"""), 400);
		assertThat(none.json().at("/constraints/max_price").asInt()).isEqualTo(1);
		assertThat(none.json().at("/constraints/exclude_providers").asInt()).isEqualTo(1);
		assertThat(none.json().has("undeclared")).as("every candidate declared its price").isFalse();
		TestHttp.Response unpriced = http.post("/decisions", """
				{"task_id": "batch-3", "constraints": {"max_price": 1},
				 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4", "metadata": {"price_usd_per_hour": 2}}]}
				""");
		assertProblem(unpriced, 422);
		assertThat(unpriced.json().at("/constraints/max_price").asInt()).isEqualTo(2);
		assertThat(unpriced.json().at("/undeclared/max_price").asInt()).as("one had no price to compare").isEqualTo(1);
		assertThat(unpriced.json().get("detail").asString()).isEqualTo("No candidate satisfies the constraints: max_price excluded "
				+ "them all (1 of them declares no metadata.price_usd_per_hour, which max_price reads)");
	}

	@Test
	void learnedRiskExcludesACandidateOnceItIsConfidentlyOverTheLimit() {
		String context = "\"context\": {\"region\": \"ap-risk\", \"cpu\": 4}";
		String both = "\"candidates\": [{\"provider\": \"slowco\", \"sku\": \"S1\"}, {\"provider\": \"fastco\", \"sku\": \"F1\"}]";
		for (int i = 0; i < 25; i++) {
			for (String only : List.of("fastco", "slowco")) {
				JsonNode d = http.decide("{\"task_id\": \"risk\", " + context + ", \"constraints\": {\"exclude_providers\": [\""
						+ only + "\"]}, " + both + "}");
				int latency = "slowco".equals(d.at("/chosen/provider").asString()) ? 500 : 40;
				http.post("/feedback", "{\"trace_id\": \"" + d.get("trace_id").asString() + "\", \"outcome\": {\"latency_ms\": "
						+ latency + ", \"slo_hit\": " + (latency < 100) + "}}");
			}
		}
		for (int i = 0; i < 10; i++) {
			JsonNode d = http.decide("{\"task_id\": \"risk\", " + context + ", \"constraints\": {\"max_latency_ms\": 200}, " + both + "}");
			assertThat(d.at("/chosen/provider").asString()).isEqualTo("fastco");
		}
		TestHttp.Response none = http.post("/decisions", "{\"task_id\": \"risk\", " + context
				+ ", \"constraints\": {\"min_slo_rate\": 0.9}, \"candidates\": [{\"provider\": \"slowco\", \"sku\": \"S1\"}]}");
		assertProblem(none, 422);
		assertThat(none.json().at("/constraints/min_slo_rate").asInt()).isEqualTo(1);
		JsonNode unknown = http.decide("{\"task_id\": \"risk\", " + context
				+ ", \"constraints\": {\"max_latency_ms\": 1}, \"candidates\": [{\"provider\": \"newco\", \"sku\": \"N1\"}]}");
		assertThat(unknown.at("/chosen/provider").asString()).isEqualTo("newco");
	}

	@Test
	void unknownFieldsAreIgnoredAndNamedInAWarning() {
		TestHttp.Response response = http.post("/decisions", """
				{"task_id": "t", "priority": 3, "candidates": [{"provider": "akash", "sku": "A8", "zone": "b"}]}
				""");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().allValues("Warning")).singleElement().asString()
			.startsWith("299 aurora-intelligence \"unknown fields ignored: ").contains("priority", "candidates[].zone");
		String traceId = response.json().get("trace_id").asString();
		TestHttp.Response feedback = http.post("/feedback", """
				{"trace_id": "%s", "source": "x", "outcome": {"latency_ms": 40, "latency": 1, "slo_hit": true}}
				""".formatted(traceId));
		assertThat(feedback.status()).isEqualTo(200);
		assertThat(feedback.headers().allValues("Warning")).singleElement().asString()
			.startsWith("299 aurora-intelligence \"unknown fields ignored: ").contains("source", "outcome.latency");
		StringBuilder many = new StringBuilder("{\"task_id\": \"t\"");
		for (int i = 0; i < 12; i++) {
			many.append(", \"x").append(i).append("\": 1");
		}
		TestHttp.Response capped = http.post("/decisions", many + ", \"candidates\": [{\"provider\": \"akash\", \"sku\": \"A8\"}]}");
		assertThat(capped.headers().firstValue("Warning").orElseThrow()).contains("x0, ").contains("x9\"").doesNotContain("x10");
	}

	@Test
	void theRouterIsSentTheTaskTheCandidateWithItsMetadataAndTheContext() throws InterruptedException {
		String task = "router-body-" + System.nanoTime();
		http.decide("""
				{"task_id": "%s", "context": {"cpu": 8, "region": "us-west", "gpu": "a100"},
				 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 1.1}}]}
				""".formatted(task));
		JsonNode sent = null;
		for (mockwebserver3.RecordedRequest request; (request = neighbours.router.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS)) != null;) {
			JsonNode body = TestHttp.JSON.readTree(request.getBody().utf8());
			if (task.equals(body.path("task_id").asString())) {
				sent = body;
				break;
			}
		}
		assertThat(sent).as("the router got this decision's request").isNotNull();
		assertThat(sent).isEqualTo(TestHttp.JSON.readTree("""
				{"task_id": "%s", "provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 1.1},
				 "context": {"cpu": 8, "region": "us-west", "gpu": "a100"}}
				""".formatted(task)));
	}

}
