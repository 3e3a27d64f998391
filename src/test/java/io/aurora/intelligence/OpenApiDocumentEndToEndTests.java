package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * The OpenAPI description as a client generator meets it: every endpoint with the seed's examples, optional fields
 * typed as nullable where the service takes null, and the headers the service answers with.
 */
class OpenApiDocumentEndToEndTests extends AbstractEndToEndTests {

	@Test
	void openApiDescribesEveryEndpointWithTheSeedsExamples() {
		TestHttp.Response docs = http.get("/openapi.json");
		assertThat(docs.status()).isEqualTo(200);
		for (String ui : List.of("/docs", "/docs/", "/swagger-ui.html")) {
			TestHttp.Response page = http.get(ui);
			assertThat(page.status()).as(ui).isEqualTo(200);
			assertThat(page.body()).as(ui).contains("swagger-ui");
		}
		TestHttp.Response springdocsUsual = http.get("/v3/api-docs");
		assertThat(springdocsUsual.status()).as("redirected to /openapi.json").isEqualTo(200);
		assertThat(springdocsUsual.json().get("paths")).isEqualTo(docs.json().get("paths"));
		JsonNode paths = docs.json().get("paths");
		assertThat(paths.propertyNames()).contains("/decisions", "/feedback", "/status", "/healthz", "/metrics", "/health",
				"/health/liveness", "/health/readiness", "/info");
		for (String probe : List.of("/health", "/health/liveness", "/health/readiness")) {
			assertThat(http.get(probe).json().get("status").asString()).as(probe + ", as its schema's enum")
				.isIn(paths.at("/" + probe.replace("/", "~1") + "/get/responses/200/content/application~1json/schema/properties/status/enum")
					.valueStream().map(JsonNode::asString).toList());
			assertThat(paths.at("/" + probe.replace("/", "~1") + "/get/tags/0").asString()).isEqualTo("Operations");
		}
		assertThat(http.get("/health").json().get("groups").valueStream().map(JsonNode::asString))
			.containsExactly("liveness", "readiness");
		assertThat(paths.at("/~1metrics/get/responses/200/content").propertyNames()).singleElement(STRING)
			.startsWith("text/plain;version=0.0.4");
		JsonNode outcomeBody = docs.json().at("/components/schemas/OutcomeBody");
		assertThat(outcomeBody.get("minProperties").asInt()).isEqualTo(1);
		assertThat(outcomeBody.has("anyOf") || outcomeBody.has("oneOf") || outcomeBody.has("not"))
			.as("a generated client keeps every field of an outcome only if it is one plain object").isFalse();
		assertThat(outcomeBody.get("properties").propertyNames()).containsExactly("latency_ms", "cost", "failures", "slo_hit");
		assertThat(docs.body()).contains("task-123", "tr_a1b2c3d4e5f6", "Excellent outcome");
		assertThat(docs.body()).as("no pattern that ECMA-262 or Python cannot compile").doesNotContain("\\p{");
		assertThat(docs.json().at("/paths/~1decisions/post/responses/200/content/application~1json/schema/$ref").asString())
			.endsWith("/DecisionResponse");
		assertThat(docs.json().at("/paths/~1feedback/post/responses/409/content/application~1problem+json/schema/$ref").asString())
			.endsWith("/Problem");
		assertThat(docs.json().at("/components/schemas/Problem/properties/errors/items/properties/field").isObject()).isTrue();
		assertThat(docs.json().at("/paths/~1model/put/responses/204/content").isMissingNode()).as("a 204 has no body").isTrue();
		assertThat(docs.json().at("/paths/~1model/put/responses/406").isMissingNode()).as("nor does it check Accept").isTrue();
		JsonNode importBody = docs.json().at("/paths/~1model/put/requestBody");
		assertThat(importBody.get("description").asString()).as("Swagger UI says where a model document comes from")
			.contains("GET /model");
		assertThat(importBody.at("/content/application~1json/schema/required").toString()).isEqualTo("[\"policy\",\"state\"]");
		assertThat(importBody.at("/content/application~1json/schema/example/policy").asString()).isEqualTo("squarecb");
		assertThat(docs.json().at("/paths/~1decisions/post/responses/406").isObject()).isTrue();
		assertThat(docs.json().get("tags").findValuesAsString("name")).as("Swagger UI's groups, decisions first")
			.containsExactly("Decisions", "Feedback", "Evaluations", "Model", "Operations", "Problems");
		assertThat(docs.json().at("/paths/~1metrics/get/tags/0").asString()).isEqualTo("Operations");
		assertThat(docs.json().at("/paths/~1decisions/post/tags/0").asString()).isEqualTo("Decisions");
		assertThat(docs.json().at("/components/schemas/Candidate/properties/provider/pattern").asString()).isEqualTo("^\\S(.*\\S)?$");
		JsonNode context = docs.json().at("/components/schemas/DecisionRequest/properties/context");
		assertThat(context.get("description").asString()).as("Swagger UI names the keys that shape the state")
			.contains("region", "cpu", "memory_gb", "latency_ms");
		assertThat(context.at("/example/cpu").asInt()).isEqualTo(8);
		JsonNode metadata = docs.json().at("/components/schemas/Candidate/properties/metadata");
		assertThat(metadata.get("description").asString()).contains("region", "price_usd_per_hour");
		assertThat(metadata.at("/example/price_usd_per_hour").asDouble()).isEqualTo(0.6);
		JsonNode objectives = docs.json().at("/components/schemas/Objectives");
		assertThat(objectives.get("properties").propertyNames()).containsExactlyInAnyOrder("latency", "cost", "reliability");
		assertThat(objectives.at("/properties/cost/minimum").asInt()).isZero();
		assertThat(objectives.get("additionalProperties").asBoolean(true)).as("a misspelt objective is a 400").isFalse();
		for (String path : paths.propertyNames()) {
			if (paths.get(path).has("get") && !path.contains("{")) {
				int status = http.send(HttpRequest.newBuilder(URI.create(http.base() + path)).header("Accept", "text/html").GET())
					.status();
				assertThat(paths.get(path).at("/get/responses/406").isObject()).as("GET %s answers %d to Accept: text/html", path,
						status).isEqualTo(status == 406);
			}
		}
		assertThat(docs.json().at("/components/securitySchemes").isMissingNode()).as("no key, no scheme").isTrue();
		JsonNode schemas = docs.json().at("/components/schemas");
		for (String nullable : List.of("/Router/properties/last_error", "/Router/properties/last_result", "/Psi/properties/last_at",
				"/Cache/properties/cache_age_seconds")) {
			assertThat(schemas.at(nullable + "/type").valueStream().map(JsonNode::asString)).as(nullable + ": null in /status")
				.contains("null");
		}
		assertThat(schemas.at("/DecisionResponse/required").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("task_id", "chosen", "score", "trace_id", "explanations");
		assertThat(schemas.at("/FeedbackResponse/required").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("updated", "reward", "explanation", "q_updates");
		assertThat(schemas.at("/CandidateName/required").valueStream().map(JsonNode::asString)).as("a named candidate")
			.containsExactly("provider", "sku");
		assertThat(schemas.at("/Explanations/properties/pareto_front/items/$ref").asString())
			.isEqualTo("#/components/schemas/CandidateName");
		assertThat(schemas.at("/Problem/properties/constraints").isObject()).as("a 422's counts").isTrue();
		assertThat(schemas.at("/Problem/properties").propertyNames()).as("every field a problem of the service carries")
			.contains("unknown_fields", "recorded", "same_outcome", "errors", "error_count");
		JsonNode outcome = docs.json().at("/components/schemas/OutcomeBody");
		assertThat(outcome.at("/properties/latency_ms/minimum").isNumber()).as("what validation enforces").isTrue();
		assertThat(outcome.at("/properties/latency_ms/minimum").doubleValue()).isZero();
		assertThat(outcome.at("/properties/failures/type").valueStream().map(JsonNode::asString)).contains("integer");
		assertThat(docs.json().at("/components/schemas/DecisionRequest/properties/task_id/minLength").asInt()).isEqualTo(1);
		assertThat(schemas.at("/DecisionRequest/properties/task_id/pattern").asString()).as("not blank").isEqualTo("\\S");
		assertThat(schemas.at("/EvaluationRequest/properties/policy/minLength").asInt()).isEqualTo(1);
		assertThat(schemas.at("/EvaluationRequest/properties/policy/enum").valueStream().map(JsonNode::asString))
			.containsExactly("uniform", "epsilon-greedy", "first");
		assertThat(schemas.at("/EvaluationRequest/properties/model/minLength").asInt()).isEqualTo(1);
		assertThat(schemas.at("/EvaluationRequest/properties/model/type").valueStream().map(JsonNode::asString))
			.as("optional, so null is taken").contains("null");
		assertThat(paths.at("/~1evaluations/post/requestBody/content/application~1json/examples").propertyNames())
			.contains("uniform", "epsilon-greedy", "versus your randomised rules", "your rules versus what the service earned",
					"one region");
		assertThat(schemas.at("/ShadowDecisions/properties/candidates/items/$ref").asString())
			.isEqualTo("#/components/schemas/ShadowCandidate");
		assertThat(schemas.at("/ShadowCandidate/required").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("provider", "sku", "ran", "answered", "exploited");
		assertThat(schemas.at("/EvaluationResponse/properties/by/$ref").asString()).isEqualTo("#/components/schemas/Breakdown");
		assertThat(schemas.at("/BreakdownPart/required").valueStream().map(JsonNode::asString))
			.contains("value", "samples", "estimates", "supported");
		assertThat(schemas.at("/EvaluationRequest/properties/by/maxLength").asInt()).isEqualTo(128);
		JsonNode segment = schemas.at("/EvaluationRequest/properties/context");
		assertThat(segment.at("/maxProperties").asInt()).as(segment.toString()).isEqualTo(8);
		assertThat(segment.at("/propertyNames/maxLength").asInt()).isEqualTo(128);
		assertThat(segment.at("/propertyNames/minLength").asInt()).isEqualTo(1);
		assertThat(segment.at("/additionalProperties/oneOf").valueStream().map(one -> one.at("/type").toString()))
			.containsExactly("\"string\"", "\"number\"", "\"boolean\"");
		assertThat(segment.at("/additionalProperties/oneOf/0/maxLength").asInt()).isEqualTo(256);
		assertThat(segment.at("/type").valueStream().map(JsonNode::asString)).contains("object", "null");
		assertThat(schemas.at("/EvaluationRequest/properties/baseline/enum").valueStream().map(JsonNode::asString))
			.contains("uniform", "first", "rules");
		assertThat(paths.at("/~1decisions/post/requestBody/content/application~1json/examples/shadow/value/shadow")
			.asBoolean()).isTrue();
		assertThat(paths.at("/~1feedback/post/requestBody/content/application~1json/examples").propertyNames())
			.contains("example", "shadow", "randomised rules");
		JsonNode propensity = schemas.at("/Ran/properties/propensity");
		assertThat(propensity.at("/exclusiveMinimum").isNumber()).as(propensity.toString()).isTrue();
		assertThat(propensity.at("/exclusiveMinimum").asDouble()).as("above 0").isZero();
		assertThat(propensity.has("minimum")).as("not also an inclusive minimum of 0: " + propensity).isFalse();
		assertThat(propensity.at("/maximum").asDouble()).isEqualTo(1);
		for (String operation : List.of("/~1decisions/post", "/~1feedback/post", "/~1evaluations/post", "/~1model/put")) {
			assertThat(paths.at(operation + "/responses").propertyNames()).as(operation)
				.contains("400", "408", "413", "415", "503");
			assertThat(paths.at(operation + "/responses/408/content/application~1problem+json/schema/$ref").asString())
				.endsWith("/Problem");
		}
		assertThat(paths.at("/~1model/put/responses/413/description").asString()).as("its own limit kept").contains("64 MiB");
		TestHttp.Response ui = http.get("/docs");
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
	}

	@Test
	void openApiTypesAsNullableEachOptionalRequestFieldTheServiceTakesNullFor() {
		JsonNode schemas = http.get("/openapi.json").json().at("/components/schemas");
		String candidates = "[{\"provider\":\"akash\",\"sku\":\"A8\"}]";
		optionalFieldsTakeNull(schemas, "DecisionRequest",
				field -> "{\"task_id\":\"n\",\"candidates\":" + candidates + ",\"" + field + "\":null}");
		optionalFieldsTakeNull(schemas, "Candidate",
				field -> "{\"task_id\":\"n\",\"candidates\":[{\"provider\":\"akash\",\"sku\":\"A8\",\"" + field + "\":null}]}");
		optionalFieldsTakeNull(schemas, "Constraints",
				field -> "{\"task_id\":\"n\",\"candidates\":" + candidates + ",\"constraints\":{\"" + field + "\":null}}");
		optionalFieldsTakeNull(schemas, "Objectives", field -> "{\"task_id\":\"n\",\"candidates\":" + candidates
				+ ",\"objectives\":" + ("{\"latency\":1,\"cost\":1,\"reliability\":1}".replace("\"" + field + "\":1", "\"" + field + "\":null")) + "}");
		optionalFieldsTakeNull(schemas, "OutcomeBody", field -> {
			ObjectNode outcome = (ObjectNode) TestHttp.JSON.readTree("{\"latency_ms\":40,\"cost\":0.1,\"failures\":0,\"slo_hit\":true}");
			outcome.putNull(field);
			return "{\"trace_id\":\"" + http.decide(SEED_DECISION).get("trace_id").asString() + "\",\"outcome\":" + outcome + "}";
		});
		assertThat(schemas.at("/FeedbackRequest/properties/outcome/$ref").asString()).as("a required field stays non-null")
			.endsWith("/OutcomeBody");
	}

	@Test
	void openApiDocumentsTheHeadersTheServiceAnswersWith() {
		JsonNode paths = http.get("/openapi.json").json().get("paths");
		for (String operation : List.of("/~1decisions/post", "/~1feedback/post", "/~1evaluations/post", "/~1model/put")) {
			assertThat(paths.at(operation + "/responses/503/headers/Retry-After/schema/type").asString()).as(operation)
				.isEqualTo("integer");
		}
		assertThat(paths.at("/~1decisions/post/responses/200/headers/Warning").isObject()).isTrue();
		assertThat(paths.at("/~1decisions/post/responses/200/headers/Idempotent-Replayed").isObject()).isTrue();
		assertThat(paths.at("/~1decisions/post/responses/409/headers/Retry-After/schema/type").asString()).isEqualTo("integer");
		JsonNode key = paths.at("/~1decisions/post/parameters").valueStream()
			.filter(parameter -> "Idempotency-Key".equals(parameter.path("name").asString())).findFirst().orElseThrow();
		assertThat(key.at("/schema/minLength").asInt()).isEqualTo(1);
		assertThat(paths.at("/~1decisions/post/responses/400/headers/Warning").isObject()).as("a 400 names them too").isTrue();
		for (String read : List.of("/~1feedback/post/responses/404", "/~1feedback/post/responses/409", "/~1feedback/post/responses/410",
				"/~1decisions/post/responses/409", "/~1decisions/post/responses/503")) {
			assertThat(paths.at(read + "/headers/Warning").isObject()).as("%s: any answer after the body was read", read).isTrue();
		}
		assertThat(paths.at("/~1feedback/post/responses/415/headers/Warning").isMissingNode()).as("refused unread").isTrue();
		TestHttp.Response unknownTrace = http.post("/feedback", "{\"trace_id\": \"tr_000000000000000000000000\", \"extra\": 1, \"outcome\": {\"slo_hit\": true}}");
		assertThat(unknownTrace.status()).isEqualTo(404);
		assertThat(unknownTrace.headers().firstValue("Warning")).hasValueSatisfying(warning -> assertThat(warning).contains("extra"));
		assertThat(paths.at("/~1metrics/get/parameters/0/name").asString()).isEqualTo("includedNames");
		assertThat(paths.at("/~1metrics/get/responses/400/content/application~1problem+json/schema/$ref").asString())
			.endsWith("/Problem");
		assertThat(paths.at("/~1feedback/post/responses/401/headers/WWW-Authenticate").isObject()).isTrue();
		assertThat(paths.at("/~1status/get/responses/200/headers").isMissingNode()).as("no body, no unknown fields").isTrue();
		TestHttp.Response warned = http.post("/decisions", SEED_DECISION.replace("\"task_id\"", "\"tasks\": 1, \"task_id\""));
		assertThat(warned.headers().firstValue("Warning")).hasValueSatisfying(warning -> assertThat(warning).contains("tasks"));
		assertThat(paths.at("/~1healthz/get/responses/200/content/application~1json/schema/$ref").asString()).endsWith("/Healthz");
		assertThat(http.get("/healthz").json().propertyNames()).containsExactly("status", "timestamp");
	}

	/** Each optional field of the schema is typed nullable, and the request with it {@code null} is answered 200. */
	private void optionalFieldsTakeNull(JsonNode schemas, String schema, Function<String, String> withNull) {
		JsonNode type = schemas.get(schema);
		List<String> required = type.path("required").valueStream().map(JsonNode::asString).toList();
		List<String> optional = type.get("properties").propertyNames().stream().filter(field -> !required.contains(field)).toList();
		assertThat(optional).as(schema).isNotEmpty();
		for (String field : optional) {
			JsonNode property = type.at("/properties/" + field);
			boolean nullable = property.path("type").valueStream().anyMatch(t -> "null".equals(t.asString()))
					|| property.path("anyOf").valueStream().anyMatch(t -> "null".equals(t.path("type").asString()));
			assertThat(nullable).as("%s.%s typed nullable: %s", schema, field, property).isTrue();
			String path = "OutcomeBody".equals(schema) ? "/feedback" : "/decisions";
			TestHttp.Response answer = http.post(path, withNull.apply(field));
			assertThat(answer.status()).as("%s.%s null: %s", schema, field, answer.body()).isEqualTo(200);
		}
	}

}
