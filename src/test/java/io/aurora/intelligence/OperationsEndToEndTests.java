package io.aurora.intelligence;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * The service as an operator meets it: {@code /status}, {@code /metrics}, the health endpoints and the OpenAPI
 * description, and Ψ-cache counters that reading the status or sending feedback leaves alone.
 */
class OperationsEndToEndTests extends AbstractEndToEndTests {

	@Autowired
	HealthEndpointGroups healthGroups;

	@Autowired
	HealthContributorRegistry healthContributors;

	@Test
	void statusHasTheSeedsShapeAndTheStoreCounts() {
		http.decide(SEED_DECISION);
		JsonNode status = http.get("/status").json();
		assertThat(status.propertyNames()).containsExactlyInAnyOrder("uptime_seconds", "model", "cache", "healthy", "store",
				"router", "psi");
		assertThat(status.get("uptime_seconds").asDouble()).as("the process's, as the original's, not since the context started")
			.isCloseTo(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, within(2.0));
		assertThat(status.get("psi").propertyNames()).containsExactlyInAnyOrder("last_result", "last_error", "last_at");
		assertThat(status.at("/psi/last_result").asString()).isEqualTo("ok");
		assertThat(status.get("router").propertyNames()).containsExactlyInAnyOrder("circuit", "last_result", "last_error",
				"last_at");
		assertThat(status.at("/router/circuit").asString()).isEqualTo("closed");
		assertThat(status.at("/router/last_result").asString()).isEqualTo("ok");
		assertThat(status.get("model").propertyNames()).containsExactlyInAnyOrder("policy", "episodes", "updates", "epsilon", "alpha",
				"gamma", "q_table_size", "total_state_action_pairs", "forgotten");
		assertThat(status.get("cache").propertyNames()).containsExactlyInAnyOrder("cache_hits", "cache_misses",
				"cache_errors", "cache_hit_rate", "cache_age_seconds", "cache_valid", "cache_ttl");
		assertThat(status.at("/model/policy").asString()).isEqualTo("squarecb");
		assertThat(status.at("/model/epsilon").asDouble()).isEqualTo(0.1);
		assertThat(status.at("/model/alpha").asDouble()).isEqualTo(0.2);
		assertThat(status.at("/model/gamma").asDouble()).isEqualTo(0.92);
		assertThat(status.at("/cache/cache_ttl").asInt()).isEqualTo(5);
		assertThat(status.at("/cache/cache_hits").asLong()).isPositive();
		assertThat(status.get("healthy").asBoolean()).isTrue();
		assertThat(status.at("/store/traces").asLong()).isPositive();
	}

	@Test
	void readingStatusDoesNotInflateCounters() {
		http.decide(SEED_DECISION);
		String before = cacheCounters(http.get("/metrics").body());
		for (int i = 0; i < 3; i++) {
			http.get("/status");
		}
		assertThat(cacheCounters(http.get("/metrics").body())).isEqualTo(before);
	}

	private static String cacheCounters(String metrics) {
		return metrics.lines().filter(l -> l.startsWith("aurora_intelligence_psi_cache_hits_total")
				|| l.startsWith("aurora_intelligence_psi_cache_misses_total")).sorted().reduce("", String::concat);
	}

	@Test
	void theCachesHitsAndMissesCountDecisionsNotFeedback() {
		String traceId = http.decide(SEED_DECISION).get("trace_id").asString();
		JsonNode before = http.get("/status").json().get("cache");
		assertThat(http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 42, "slo_hit": true}}
				""".formatted(traceId)).status()).isEqualTo(200);
		JsonNode after = http.get("/status").json().get("cache");
		assertThat(after.get("cache_hits").asLong() + after.get("cache_misses").asLong())
			.isEqualTo(before.get("cache_hits").asLong() + before.get("cache_misses").asLong());
	}

	@Test
	void metricsExposeEveryMetricTheSeedNames() {
		String traceId = http.decide(SEED_DECISION).get("trace_id").asString();
		http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}");
		TestHttp.Response metrics = http.get("/metrics");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("aurora_intelligence_decisions_total{exploration=\"",
				"aurora_intelligence_decision_latency_seconds_count{phase=\"strategist\"}",
				"aurora_intelligence_decision_latency_seconds_count{phase=\"executor\"}",
				"aurora_intelligence_decision_latency_seconds_count{phase=\"total\"}",
				"aurora_intelligence_q_updates_total ", "aurora_intelligence_rewards_bucket{le=\"-0.5\"}",
				"aurora_intelligence_rewards_bucket{le=\"0.5\"}", "aurora_intelligence_epsilon 0.1",
				"aurora_intelligence_q_table_size ", "aurora_intelligence_model_forgotten_total 0",
				"aurora_intelligence_psi_cache_hits_total ",
				"aurora_intelligence_psi_cache_misses_total ", "aurora_intelligence_psi_cache_errors_total ",
				"aurora_intelligence_feedback_total{outcome=\"success\"}", "aurora_intelligence_feedback_latency_seconds_count",
				"aurora_intelligence_trace_store_size ", "aurora_intelligence_trace_store_feedback_rate ",
				"aurora_intelligence_psi_cache_valid 1", "aurora_intelligence_psi_cache_ttl_seconds 5",
				"aurora_intelligence_psi_cache_age_seconds ", "aurora_intelligence_router_circuit_open 0",
				"aurora_intelligence_router_calls_total{result=\"ok\"}",
				"aurora_intelligence_router_trials_total{result=\"ok\"} 0", "aurora_intelligence_store_short_of_space 0",
				"aurora_intelligence_store_retention_deleted_total{kind=\"traces\"}",
				"aurora_intelligence_store_retention_deleted_total{kind=\"log\"}",
				"aurora_intelligence_store_retention_deleted_total{kind=\"snapshots\"}");
		assertThat(metrics.body().lines().filter((line) -> line.startsWith("aurora_intelligence_decision_latency_seconds_bucket{")
				&& line.contains("phase=\"total\"")))
			.as("18 fixed buckets and +Inf per phase, from 100 µs to 60 s")
			.hasSize(19)
			.anySatisfy((line) -> assertThat(line).contains("le=\"1.0E-4\""))
			.anySatisfy((line) -> assertThat(line).contains("le=\"60.0\""));
		assertThat(metrics.body().lines().filter((line) -> line.startsWith("aurora_intelligence_store_commit_latency_seconds_bucket{")))
			.as("commit times an alert can take a quantile of, up to a commit past the largest STORE_TIMEOUT_MS")
			.hasSize(17)
			.anySatisfy((line) -> assertThat(line).contains("le=\"5.0E-4\""))
			.anySatisfy((line) -> assertThat(line).contains("le=\"60.0\""));
	}

	@Test
	void metricsAreInPrometheusTextFormatEvenWhenOpenMetricsIsAskedFor() {
		String traceId = http.decide(SEED_DECISION).get("trace_id").asString();
		http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"failures\": 3}}");
		TestHttp.Response scrape = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/metrics"))
			.header("Accept", "application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3")
			.GET());
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.contentType().replace(" ", "")).startsWith("text/plain;version=0.0.4");
		assertThat(scrape.body()).doesNotContain("# EOF").contains("aurora_intelligence_rewards_sum ");
		for (String path : List.of("/metrics", "/metrics;x=1", "/%6Detrics")) {
			assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + path))
				.header("Accept", "application/openmetrics-text").GET()).contentType().replace(" ", ""))
				.as(path).startsWith("text/plain;version=0.0.4");
		}
	}

	@Test
	void anUnknownHealthComponentIsProblemJsonHoweverItsPathIsSpelled() {
		for (String path : List.of("/health/db", "/health;x/db", "/%68ealth/db")) {
			TestHttp.Response missing = http.get(path);
			assertThat(missing.status()).as(path).isEqualTo(404);
			assertThat(missing.contentType()).as(path).startsWith("application/problem+json");
		}
	}

	@Test
	void healthChecksAnswerJsonWhateverTheirAcceptAsks() {
		for (String path : List.of("/healthz", "/health", "/health/liveness", "/health/readiness")) {
			TestHttp.Response health = http.send(HttpRequest.newBuilder(URI.create(http.base() + path))
				.header("Accept", "text/html").GET());
			assertThat(health.status()).as(path).isEqualTo(200);
			assertThat(health.contentType()).as(path).startsWith("application/json");
			assertThat(health.json().has("status")).as(path).isTrue();
		}
		assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/status")).header("Accept", "text/html").GET())
			.status()).as("other endpoints still negotiate").isEqualTo(406);
	}

	@Test
	void healthEndpointsAnswer() {
		TestHttp.Response raw = http.get("/healthz");
		JsonNode healthz = raw.json();
		assertThat(healthz.get("status").asString()).isEqualTo("healthy");
		assertThat(healthz.get("timestamp").asDouble()).isGreaterThan(1.7e9);
		assertThat(raw.body()).as("seconds written as the seed writes them, not 1.7E9").matches(".*\"timestamp\":1[0-9]{9}\\.[0-9]{3}}");
		assertThat(http.get("/health/liveness").json().get("status").asString()).isEqualTo("UP");
		assertThat(http.get("/health/readiness").json().get("status").asString()).isEqualTo("UP");
		HealthEndpointGroup readiness = healthGroups.get("readiness");
		assertThat(readiness.isMember("store")).as("readiness follows the store's writer").isTrue();
		assertThat(readiness.isMember("db")).as("not a check on a connection borrowed from the pool").isFalse();
		assertThat(healthContributors.getContributor("db")).as("nor anywhere in /health").isNull();
		assertThat(healthContributors.getContributor("store")).isNotNull();
	}

	@Test
	void openApiDescribesEveryEndpointWithTheSeedsExamples() {
		TestHttp.Response docs = http.get("/openapi.json");
		assertThat(docs.status()).isEqualTo(200);
		for (String ui : List.of("/docs", "/docs/")) {
			TestHttp.Response page = http.get(ui);
			assertThat(page.status()).as(ui).isEqualTo(200);
			assertThat(page.body()).as(ui).contains("swagger-ui");
		}
		TestHttp.Response springdocsUsual = http.get("/v3/api-docs");
		assertThat(springdocsUsual.status()).as("redirected to /openapi.json").isEqualTo(200);
		assertThat(springdocsUsual.json().get("paths")).isEqualTo(docs.json().get("paths"));
		JsonNode paths = docs.json().get("paths");
		assertThat(paths.propertyNames()).contains("/decisions", "/feedback", "/status", "/healthz", "/metrics");
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
		assertThat(docs.json().at("/components/schemas/Candidate/properties/provider/pattern").asString()).isEqualTo("\\S");
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
			.containsExactly("uniform", "epsilon-greedy");
		assertThat(schemas.at("/EvaluationRequest/properties/model/minLength").asInt()).isEqualTo(1);
		assertThat(schemas.at("/EvaluationRequest/properties/model/type").valueStream().map(JsonNode::asString))
			.as("optional, so null is taken").contains("null");
		assertThat(paths.at("/~1evaluations/post/requestBody/content/application~1json/examples").propertyNames())
			.contains("uniform", "epsilon-greedy");
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
