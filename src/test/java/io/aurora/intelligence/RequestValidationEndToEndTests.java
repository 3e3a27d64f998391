package io.aurora.intelligence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What a caller meets when a request's fields are wrong: a problem answer, never a 5xx, naming the field and what it
 * expects, while a request at every limit is still served.
 */
class RequestValidationEndToEndTests extends AbstractEndToEndTests {

	/** Where a 404 points to. */
	private static final String LISTED = "the API's endpoints are listed in /openapi.json and at /docs, the probes are "
			+ "/health/liveness and /health/readiness";

	static Stream<Arguments> badRequests() {
		String ok = "{\"provider\":\"akash\",\"sku\":\"A8\"}";
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 257; i++) {
			many.add("{\"provider\":\"p" + i + "\",\"sku\":\"s\"}");
		}
		return Stream.of(
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [", 400, null),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": \"akash\"}", 400, null),
				arguments("/decisions", "{\"candidates\": [" + ok + "]}", 400, "task_id"),
				arguments("/decisions", "{\"task_id\": \"\", \"candidates\": [" + ok + "]}", 400, "task_id"),
				arguments("/decisions", "{\"task_id\": \"t\"}", 400, "candidates"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": []}", 400, "candidates"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [" + String.join(",", many) + "]}", 400, "candidates"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"akash\"}]}", 400, "candidates[0].sku"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"\", \"sku\": \"A8\"}]}", 400, "candidates[0].provider"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [null]}", 400, "candidates[0]"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [" + ok + "," + ok + "]}", 400, "candidates[1]"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"cpu\": \"lots\"}, \"candidates\": [" + ok + "]}", 400, "context.cpu"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": [1], \"candidates\": [" + ok + "]}", 400, null),
				arguments("/decisions", "null", 400, null),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"a\": {\"b\": {\"c\": {\"d\": {}}}}}, \"candidates\": [" + ok + "]}", 400, "context.a.b.c.d"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"note\": \"" + "n".repeat(1025) + "\"}, \"candidates\": [" + ok + "]}", 400, "context.note"),
				arguments("/decisions", "{\"task_id\": \"" + "t".repeat(257) + "\", \"candidates\": [" + ok + "]}", 400, "task_id"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", \"sku\": \"b\", \"metadata\": {\"tags\": [" + "1,".repeat(64) + "1]}}]}", 400, "candidates[0].metadata.tags"),
				arguments("/decisions", "[]", 400, null),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", \"sku\": \"b\", \"metadata\": {\"x\": \"\\udfff\\ud800\"}}]}", 400, "candidates[0].metadata.x"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"note\": [\"ok \\ud83d\\ude00\", \"\\ud83d\"]}, \"candidates\": [" + ok + "]}", 400, "context.note[1]"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"\\udc00\": 1}, \"candidates\": [" + ok + "]}", 400, null),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"" + "k".repeat(129) + "\": 1}, \"candidates\": [" + ok + "]}", 400, "context"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": " + keys(65) + ", \"candidates\": [" + ok + "]}", 400, "context"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"" + "p".repeat(257) + "\", \"sku\": \"A8\"}]}", 400, "candidates[0].provider"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", \"sku\": \"" + "s".repeat(257) + "\"}]}", 400, "candidates[0].sku"),
				arguments("/feedback", "{\"trace_id\": \"" + "t".repeat(129) + "\", \"outcome\": {\"slo_hit\": true}}", 400, "trace_id"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {}}", 400, "outcome"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 1e10}}", 400, "outcome.failures"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\"}", 400, "outcome"),
				arguments("/feedback", "{\"outcome\": {\"slo_hit\": true}}", 400, "trace_id"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"latency_ms\": -1}}", 400, "outcome.latency_ms"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"cost\": -0.5}}", 400, "outcome.cost"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": -1}}", 400, "outcome.failures"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"slo_hit\": \"maybe\"}}", 400, null),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"latency_ms\": \"fast\"}}", 400, null),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 0.5}}", 400, "outcome.failures"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"slo_hit\": 2}}", 400, "outcome.slo_hit"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 3000000000}}", 400, "outcome.failures"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"slo_hit\": \"false\"}}", 400, "outcome.slo_hit"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"cost\": \"0.1\"}}", 400, "outcome.cost"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"latency_ms\": \"\", \"cost\": 0.1}}", 400, "outcome.latency_ms"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"slo_hit\": \"\", \"cost\": 0.1}}", 400, "outcome.slo_hit"),
				arguments("/feedback", "{\"trace_id\": 5, \"outcome\": {\"slo_hit\": true}}", 400, "trace_id"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"trace_id\": \"tr_y\", \"outcome\": {\"slo_hit\": true}}", 400, null),
				arguments("/decisions", "{\"task_id\": 5, \"candidates\": [" + ok + "]}", 400, "task_id"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": 5, \"sku\": true}]}", 400, "candidates[0].provider"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"cpu\": 1, \"cpu\": 2}, \"candidates\": [" + ok + "]}", 400, null),
				arguments("/decisions", "{\"task_id\": \"x\\ud800y\", \"candidates\": [" + ok + "]}", 400, "task_id"));
	}

	/** A JSON object of {@code n} keys. */
	private static String keys(int n) {
		List<String> entries = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			entries.add("\"k" + i + "\": " + i);
		}
		return "{" + String.join(", ", entries) + "}";
	}

	@Test
	void everyLimitIsInclusive() {
		List<String> candidates = new ArrayList<>();
		for (int i = 0; i < 256; i++) {
			candidates.add("{\"provider\": \"" + (i == 0 ? "p".repeat(256) : "p" + i) + "\", \"sku\": \"" + "s".repeat(256)
					+ "\", \"metadata\": {\"note\": \"" + "m".repeat(1024) + "\"}}");
		}
		String body = "{\"task_id\": \"" + "t".repeat(256) + "\", \"context\": " + keys(63).replace("}", ", \"" + "k".repeat(128)
				+ "\": 1}") + ", \"candidates\": [" + String.join(",", candidates) + "]}";
		assertThat(body.length()).as("under the 1 MiB body limit").isLessThan(1 << 20);
		TestHttp.Response answer = http.post("/decisions", body);
		assertThat(answer.status()).as(answer.body().substring(0, Math.min(400, answer.body().length()))).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"0.1\"" })
	void aQuotedNumberIsTheWrongTypeEvenNaN(String quoted) {
		TestHttp.Response feedback = http.post("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"cost\": " + quoted + "}}");
		assertThat(feedback.status()).isEqualTo(400);
		assertThat(feedback.json().get("errors").get(0).get("field").asString()).isEqualTo("outcome.cost");
		assertThat(feedback.json().get("errors").get(0).get("message").asString())
			.isEqualTo("has the wrong type: expected a number");
		TestHttp.Response decision = http.post("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", "
				+ "\"sku\": \"b\"}], \"objectives\": {\"latency\": " + quoted + "}}");
		assertThat(decision.status()).isEqualTo(400);
		assertThat(decision.json().get("errors").get(0).get("message").asString())
			.isEqualTo("has the wrong type: expected a number");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"trace_id": "tr_x", "outcome": {"slo_hit": "yes"}}  | outcome.slo_hit | true or false
			{"trace_id": "tr_x", "outcome": []}                   | outcome         | an object
			{"trace_id": ["tr_x"], "outcome": {"cost": 1}}        | trace_id        | a string
			{"trace_id": "tr_x", "outcome": {"failures": "two"}} | outcome.failures | a whole number
			""")
	void aWrongTypeNamesTheFieldAndWhatItExpects(String body, String field, String expected) {
		TestHttp.Response feedback = http.post("/feedback", body);
		assertThat(feedback.status()).isEqualTo(400);
		assertThat(feedback.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
		assertThat(feedback.json().get("detail").asString()).isEqualTo("Field '" + field + "' has the wrong type: expected " + expected);
	}

	@Test
	void errorsSayWhereAndWhatInTheCallersTerms() {
		assertThat(http.post("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 0.5}}").json().get("detail").asString())
			.as("0.5 is a number, just not a whole one").isEqualTo("Field 'outcome.failures' must be a whole number, not 0.5");
		assertThat(http.post("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 3e9}}").json().get("detail").asString())
			.as("the field's bounds, not an int's").isEqualTo("Field 'outcome.failures' must be a whole number from 0 to 1000000, not 3e9");
		assertThat(http.post("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 99999999999999999999}}").json()
			.get("detail").asString()).as("the bounds, not just 'out of range'")
			.isEqualTo("Field 'outcome.failures' must be a whole number from 0 to 1000000, not 99999999999999999999");
		assertThat(http.post("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": -3000000000}}").json()
			.get("detail").asString()).isEqualTo("Field 'outcome.failures' must be a whole number from 0 to 1000000, not -3000000000");
		assertThat(http.post("/decisions", "{\"task_id\": \"a\", \"task_id\": \"b\"}").json().get("detail").asString())
			.isEqualTo("The body repeats the key \"task_id\"; each key may appear once in an object");
		assertThat(http.post("/decisions", "{\"task_id\": \"t\", \"context\": {\"a\": [1, {\"b\": 1, \"b\": 2}]}}").json()
			.get("detail").asString()).as("the object that repeats it, however deep in a free-form field")
			.isEqualTo("Field 'context.a[1]' repeats the key \"b\"; each key may appear once in an object");
		assertThat(http.post("/decisions", "{\"task_id\": \"t\", \"context\": {\"b\": 1, \"b\": 2}}").json()
			.get("detail").asString()).isEqualTo("Field 'context' repeats the key \"b\"; each key may appear once in an object");
		assertThat(http.post("/decisions", "{\"task_id\": \"t\", \"context\": {\"\\ud800\": \"x\"}}").json().get("detail").asString())
			.as("a lone surrogate in a key, as in a value, is named, not taken for broken JSON")
			.isEqualTo("Field 'context' holds a key with an unpaired surrogate, which is not text");
		assertThat(http.post("/decisions", "{\"task_id\": \"a\",\n \"candidates\": [}").json().get("detail").asString())
			.startsWith("The body is not well-formed JSON (line 2, column ");
		assertThat(http.post("/decisions", "text/plain", "{}").json().get("detail").asString())
			.isEqualTo("Content-Type 'text/plain' is not supported; send Content-Type: application/json");
		TestHttp.Response unknown = http.get("/decision");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("detail").asString())
			.isEqualTo("No endpoint GET /decision; " + LISTED);
		TestHttp.Response slashed = http.post("/decisions/", AuroraIntelligenceApplicationTests.SEED_DECISION);
		assertThat(slashed.status()).isEqualTo(404);
		assertThat(slashed.json().get("detail").asString()).as("the path as sent, and the one meant")
			.isEqualTo("No endpoint POST /decisions/ (paths take no trailing or doubled slash: /decisions); "
					+ LISTED);
		assertThat(http.get("//status").json().get("detail").asString()).startsWith("No endpoint GET //status (paths take no "
				+ "trailing or doubled slash: /status)");
		assertThat(http.get("/metrics/").json().get("detail").asString()).as("Actuator's endpoints count")
			.startsWith("No endpoint GET /metrics/ (paths take no trailing or doubled slash: /metrics)");
		assertThat(http.get("/problems/unknown-trace/").json().get("detail").asString()).as("a pattern's path counts")
			.startsWith("No endpoint GET /problems/unknown-trace/ (paths take no trailing or doubled slash: /problems/unknown-trace)");
		assertThat(http.get("/nothing/").json().get("detail").asString()).as("no path is suggested that no endpoint has")
			.isEqualTo("No endpoint GET /nothing/; " + LISTED);
		assertThat(http.get("/error/").json().get("detail").asString()).as("nor the error page, itself a 404")
			.isEqualTo("No endpoint GET /error/; " + LISTED);
	}

	@Test
	void fieldErrorsAreListedInTheOrderOfTheCandidates() {
		List<String> candidates = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			candidates.add("{\"provider\": \"p" + i + "\"}");
		}
		TestHttp.Response answer = http.post("/decisions", "{\"task_id\": \"t\", \"candidates\": [" + String.join(",", candidates) + "]}");
		assertThat(answer.json().get("error_count").asInt()).isEqualTo(25);
		List<String> fields = new ArrayList<>();
		answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
		assertThat(fields).hasSize(20).startsWith("candidates[0].sku", "candidates[1].sku", "candidates[2].sku")
			.endsWith("candidates[19].sku");
	}

	@Test
	void aDecisionWithAMisspeltFieldNamesItBesideTheMissingOne() {
		TestHttp.Response decision = http.post("/decisions", "{\"task_id\": \"t\", \"candidate\": [{\"provider\": \"a\", "
				+ "\"sku\": \"b\"}]}");
		assertThat(decision.status()).isEqualTo(400);
		assertThat(decision.json().get("detail").asString())
			.isEqualTo("candidates: is required (unknown fields ignored: candidate)");
		assertThat(decision.json().get("unknown_fields").get(0).asString()).isEqualTo("candidate");
		TestHttp.Response clean = http.post("/decisions", "{\"task_id\": \"t\"}");
		assertThat(clean.json().has("unknown_fields")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-0", "-0.0", "-1e-400" })
	void negativeZeroIsZeroWhicheverWayItIsWritten(String zero) {
		String trace = http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
		TestHttp.Response feedback = http.post("/feedback", "{\"trace_id\": \"" + trace + "\", \"outcome\": {\"latency_ms\": "
				+ zero + ", \"cost\": " + zero + "}}");
		assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
		assertThat(feedback.json().at("/explanation/components/latency_score").asDouble()).as("scored as 0 ms").isEqualTo(1.0);
		assertThat(feedback.json().at("/explanation/components/cost_score").asDouble()).as("scored as costing 0").isEqualTo(1.0);
	}

	@Test
	void anUnknownFieldBeyondTheJsonParsersLimitsIsRefusedSayingWhich() {
		String base = "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", \"sku\": \"b\"}]";
		assertThat(http.post("/decisions", base + ", \"x\": " + "[".repeat(400) + "]".repeat(400) + "}").status())
			.as("ignored within the limits").isEqualTo(200);
		Map<String, String> which = Map.of("\"x\": " + "[".repeat(501) + "]".repeat(501), "(nesting depth, 501, is over 500)",
				"\"" + "k".repeat(50_001) + "\": 1", "(name length, 50001, is over 50000)");
		which.forEach((beyond, limit) -> {
			TestHttp.Response answer = http.post("/decisions", base + ", " + beyond + "}");
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.json().get("detail").asString()).contains("limit of the JSON parser " + limit, "500 levels",
					"50000 characters");
		});
	}

	@ParameterizedTest
	@MethodSource("badRequests")
	void badInputGetsAProblemNeverA5xx(String path, String body, int status, String field) {
		TestHttp.Response response = http.post(path, body);
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertProblem(response, status);
		if (field != null) {
			assertThat(response.json().get("errors").findValuesAsString("field")).contains(field);
		}
	}

}
