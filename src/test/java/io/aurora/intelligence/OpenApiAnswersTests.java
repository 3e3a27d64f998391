package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client generated from {@code /openapi.json} relies on: the answers' required fields are those the
 * service sends, every operation has a problem+json default, and the header and enum schemas take exactly what
 * the service takes.
 */
class OpenApiAnswersTests extends AbstractEndToEndTests {

	@Test
	void everyFieldAnAnswersSchemaRequiresIsInTheLiveAnswer() {
		JsonNode schemas = http.get("/openapi.json").json().at("/components/schemas");
		assertRequired(schemas, "StatusResponse", http.get("/status").json());
		assertThat(schemas.at("/Router/required").valueStream().map(JsonNode::asString))
			.as("sent as null when there was no call yet").contains("circuit", "last_result", "last_error", "last_at");
		assertRequired(schemas, "Healthz", http.get("/healthz").json());
		String traceId = http.decide(SEED_DECISION).get("trace_id").asString();
		JsonNode feedback = http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"cost\": 0.1}}").json();
		assertRequired(schemas, "FeedbackResponse", feedback);
		assertThat(schemas.at("/Explanation/required").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("total_reward", "components", "explanation");
		assertThat(schemas.at("/Explanation/properties/components/description").asString()).as("the parts a client may read")
			.contains("`latency_score`", "`cost_score`", "`slo_hit`", "`failures`", "`latency_reference_ms`");
		JsonNode problemTypes = http.get("/problems").json();
		for (JsonNode type : problemTypes) {
			assertRequired(schemas, "Described", type);
		}
		assertThat(schemas.at("/EvaluationResponse/required").valueStream().map(JsonNode::asString)).as("left out for uniform")
			.doesNotContain("model").contains("policy", "samples", "estimates", "supported");
		assertThat(schemas.at("/Estimate/required").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("estimator", "value", "low", "high");
	}

	@Test
	void everyOperationDeclaresItsOtherErrorsAsProblems() {
		JsonNode document = http.get("/openapi.json").json();
		JsonNode paths = document.get("paths");
		for (String path : paths.propertyNames()) {
			for (String method : paths.get(path).propertyNames()) {
				JsonNode fallback = paths.get(path).get(method).at("/responses/default");
				assertThat(fallback.at("/content/application~1problem+json/schema/$ref").asString()).as("%s %s", method, path)
					.endsWith("/Problem");
				assertThat(fallback.get("description").asString()).contains("405", "414", "431", "500");
			}
		}
		assertThat(paths.at("/~1problems~1{name}/get/responses/200/content/application~1json/schema/$ref").asString())
			.endsWith("/Described");
		assertThat(document.at("/info/license/identifier").asString()).as("generators' validators require one")
			.isEqualTo("LicenseRef-VaultMesh");
	}

	@Test
	void theIdempotencyKeysPatternTakesWhatTheServiceTakes() {
		JsonNode key = http.get("/openapi.json").json().at("/paths/~1decisions/post/parameters").valueStream()
			.filter(parameter -> "Idempotency-Key".equals(parameter.get("name").asString())).findFirst().orElseThrow();
		Pattern pattern = Pattern.compile(key.at("/schema/pattern").asString());
		int length = key.at("/schema/maxLength").asInt();
		// Each run's own keys, so that no other test's decision under the same key answers 422.
		String r = Long.toString(System.nanoTime(), 36);
		List<String> keys = List.of(r, r + " b", r + "x".repeat(255 - r.length()), "\"" + r + ",b\"", "\"say \\\"" + r + "\\\"\"",
				"\"" + r + "\\\\".repeat(255 - r.length()) + "\"", "", r + "x".repeat(256 - r.length()), r + ",b", "\"\"",
				"\"" + r, "\"" + r + "\"b\"", "\"" + r + "y".repeat(256 - r.length()) + "\"", "\"" + r + "\\b\"", r + "é",
				r + "\ty", "\"" + r + " \"", "\"" + r + ",\t\"");
		assertThat(Pattern.compile(key.at("/schema/pattern").asString()).matcher(r + " ").matches())
			.as("HTTP strips a trailing space, so the key would be another").isFalse();
		for (String candidate : keys) {
			boolean matches = candidate.length() <= length && pattern.matcher(candidate).matches();
			int status = candidate.isEmpty() || !candidate.chars().allMatch(c -> c < 128) ? -1
					: http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
						.header("Content-Type", "application/json").header("Idempotency-Key", candidate)
						.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION))).status();
			if (status != -1) {
				assertThat(matches).as("'%s': the service answered %d", candidate, status).isEqualTo(status == 200);
			}
			else {
				assertThat(matches).as("'%s' cannot be sent; the schema refuses it", candidate).isFalse();
			}
		}
	}

	@Test
	void anEnumOfAnOptionalRequestFieldListsNull() {
		JsonNode model = http.get("/openapi.json").json().at("/components/schemas/EvaluationRequest/properties/model");
		assertThat(model.get("enum").valueStream().map(value -> value.isNull() ? "null" : value.asString()))
			.containsExactlyInAnyOrder("squarecb", "q-table", "ucb", "null");
	}

	/** Each field {@code schema} requires is in {@code answer}, and so on down its objects that name a schema. */
	private static void assertRequired(JsonNode schemas, String schema, JsonNode answer) {
		JsonNode type = schemas.get(schema);
		List<String> required = type.path("required").valueStream().map(JsonNode::asString).toList();
		assertThat(required).as(schema).isNotEmpty();
		assertThat(answer.propertyNames()).as("%s: %s", schema, answer).containsAll(required);
		for (String field : required) {
			String ref = type.at("/properties/" + field + "/$ref").asString("");
			if (!ref.isEmpty() && answer.get(field).isObject()) {
				assertRequired(schemas, ref.substring(ref.lastIndexOf('/') + 1), answer.get(field));
			}
		}
	}

}
