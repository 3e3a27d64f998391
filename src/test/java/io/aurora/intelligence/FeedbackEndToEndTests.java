package io.aurora.intelligence;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feedback as a caller meets it: applied once to the model with its reward explained, and then used by offline
 * evaluations of other policies on the logged decisions.
 */
class FeedbackEndToEndTests extends AbstractEndToEndTests {

	@Test
	void aWholeNumberWrittenAsAFloatIsACount() {
		TestHttp.Response asFloat = http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"failures": 2.0}}
				""".formatted(http.decide(SEED_DECISION).get("trace_id").asString()));
		assertThat(asFloat.status()).as("2.0 is a count, as JSON Schema and Python's json see it").isEqualTo(200);
		assertThat(asFloat.json().at("/explanation/components/failures").asInt()).isEqualTo(2);
	}

	@Test
	void feedbackIsAppliedOnceAndASecondOneConflicts() {
		String traceId = http.decide(SEED_DECISION).get("trace_id").asString();
		long before = http.get("/status").json().at("/model/updates").asLong();
		TestHttp.Response first = http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 42, "cost": 0.12, "failures": 0, "slo_hit": true}}
				""".formatted(traceId));
		assertThat(first.status()).isEqualTo(200);
		JsonNode body = first.json();
		assertThat(body.get("updated").asBoolean()).isTrue();
		assertThat(body.get("reward").asDouble()).isEqualTo(0.88);
		assertThat(body.at("/explanation/total_reward").asDouble()).isEqualTo(0.88);
		assertThat(body.at("/explanation/components/latency_score").asDouble()).isEqualTo(0.79);
		assertThat(body.at("/explanation/components/cost_score").asDouble()).isEqualTo(0.88);
		assertThat(body.at("/explanation/explanation").asString()).isEqualTo("Excellent outcome: low latency, low cost, SLO met");
		assertThat(body.get("q_updates").asLong()).isEqualTo(before + 1);

		TestHttp.Response second = http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 900, "slo_hit": false}}
				""".formatted(traceId));
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.contentType()).startsWith("application/problem+json");
		assertThat(http.get("/status").json().at("/model/updates").asLong()).isEqualTo(before + 1);
	}

	@Test
	void feedbackForAnUnknownTraceReturns404() {
		TestHttp.Response response = http.post("/feedback", """
				{"trace_id": "tr_000000000000000000000000", "outcome": {"slo_hit": true}}
				""");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(404);
	}

	@Test
	void evaluationsEstimateOtherPoliciesOnTheLoggedDecisions() {
		for (int i = 0; i < 20; i++) {
			String traceId = http.decide(SEED_DECISION).get("trace_id").asString();
			http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": " + (10 * i) + "}}");
		}
		TestHttp.Response response = http.post("/evaluations", "{\"policy\": \"uniform\", \"limit\": 1000}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode evaluation = response.json();
		assertThat(evaluation.get("samples").asInt()).isGreaterThanOrEqualTo(20);
		assertThat(evaluation.get("effective_sample_size").asDouble()).isPositive();
		assertThat(evaluation.get("estimates").findValuesAsString("estimator")).containsExactly("ips", "snips", "dr");
		assertThat(http.post("/evaluations", "{\"policy\": \"epsilon-greedy\", \"epsilon\": 0.2}").status()).isEqualTo(200);
		TestHttp.Response weighted = http.post("/evaluations",
				"{\"policy\": \"epsilon-greedy\", \"model\": \"q-table\", \"objectives\": {\"latency\": 1}}");
		assertThat(weighted.status()).as(weighted.body()).isEqualTo(200);
		assertThat(weighted.json().at("/objectives/latency").asDouble()).isEqualTo(1.0);
		assertThat(weighted.json().get("model").asString()).isEqualTo("q-table");
		assertProblem(http.post("/evaluations", "{\"policy\": \"uniform\", \"objectives\": {\"speed\": 1}}"), 400);
		assertProblem(http.post("/evaluations", "{\"policy\": \"epsilon-greedy\", \"model\": \"oracle\"}"), 400);
		assertProblem(http.post("/evaluations", "{\"policy\": \"clairvoyant\"}"), 400);
		assertProblem(http.post("/evaluations", "{\"policy\": \"uniform\", \"limit\": 1}"), 400);
	}

}
