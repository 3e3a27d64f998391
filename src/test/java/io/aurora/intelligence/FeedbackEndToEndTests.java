package io.aurora.intelligence;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feedback as a caller meets it: applied once to the model with its reward explained, and then used by offline
 * evaluations of other policies on the logged decisions.
 */
class FeedbackEndToEndTests extends AbstractEndToEndTests {

	@Value("${STORE_FILE}")
	String storeFile;

	@Test
	void aDecisionNearTheBodyLimitStoresItsNamesAndFeaturesNotItsBulkAndStillLearns() {
		ObjectNode request = TestHttp.JSON.createObjectNode().put("task_id", "bulky");
		request.putObject("context").put("cpu", 8).put("region", "us-west").put("notes", "n".repeat(1000));
		ArrayNode candidates = request.putArray("candidates");
		for (int i = 0; i < 16; i++) {
			ObjectNode metadata = candidates.addObject().put("provider", "bulk" + i).put("sku", "B").putObject("metadata");
			for (int key = 0; key < 60; key++) {
				metadata.put("k" + key, "v".repeat(900));
			}
		}
		TestHttp.Response decision = http.post("/decisions", request.toString());
		assertThat(request.toString().length()).isGreaterThan(800_000);
		assertThat(decision.status()).as(decision.body()).isEqualTo(200);
		String traceId = decision.json().get("trace_id").asString();
		assertThat(decision.json().at("/chosen/metadata/k0").asString()).as("the answer echoes it all").hasSize(900);
		SQLiteDataSource store = new SQLiteDataSource();
		store.setUrl("jdbc:sqlite:" + storeFile);
		Map<String, Object> row = JdbcClient.create(store)
			.sql("SELECT provider, candidates, context FROM traces WHERE trace_id = ?").param(traceId).query().singleRow();
		String stored = (String) row.get("candidates");
		assertThat(stored.length() + ((String) row.get("context")).length()).as("what the trace keeps").isLessThan(100_000);
		JsonNode kept = TestHttp.JSON.readTree(stored);
		assertThat(kept).hasSize(16);
		for (JsonNode candidate : kept) {
			boolean chosen = candidate.get("provider").asString().equals(row.get("provider"));
			assertThat(candidate.has("metadata")).as("only the chosen one's metadata").isEqualTo(chosen);
			assertThat(candidate.path("metadata_dropped").asBoolean()).isNotEqualTo(chosen);
		}
		assertThat(TestHttp.JSON.readTree((String) row.get("context")).propertyNames()).containsExactlyInAnyOrder("cpu", "region");
		assertThat(http.get("/metrics").body()).containsPattern("aurora_intelligence_trace_detail_cut_total [1-9]");
		TestHttp.Response feedback = http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 42, "cost": 0.12, "failures": 0, "slo_hit": true}}
				""".formatted(traceId));
		assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
		assertThat(feedback.json().get("updated").asBoolean()).isTrue();
	}

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
		assertThat(second.json().get("same_outcome").asBoolean()).isFalse();
		assertThat(second.json().at("/recorded/reward").asDouble()).as("the first feedback's").isEqualTo(0.88);
		assertThat(second.json().at("/recorded/outcome/latency_ms").asDouble()).isEqualTo(42);
		TestHttp.Response retry = http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"slo_hit": true, "cost": 0.120, "failures": 0, "latency_ms": 42.0}}
				""".formatted(traceId));
		assertThat(retry.status()).isEqualTo(409);
		assertThat(retry.json().get("same_outcome").asBoolean()).as("a retry of the first, whose answer was lost").isTrue();
		assertThat(retry.json().get("detail").asString()).endsWith("a retry of a feedback that was applied");
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
			assertThat(http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": " + (10 * i) + "}}")
				.status()).isEqualTo(200);
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
