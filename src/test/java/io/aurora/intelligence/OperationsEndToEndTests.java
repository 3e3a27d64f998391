package io.aurora.intelligence;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The service as an operator meets it: {@code /status}, {@code /metrics} and the health endpoints, and Ψ-cache
 * counters that reading the status or sending feedback leaves alone.
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
				"last_at", "candidates_open", "candidates");
		assertThat(status.at("/router/candidates_open").asInt()).isZero();
		assertThat(status.at("/router/candidates").isArray()).isTrue();
		assertThat(status.at("/router/candidates").isEmpty()).isTrue();
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
		assertThat(before).as("both counters are published").contains("psi_cache_hits_total", "psi_cache_misses_total");
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
				"aurora_intelligence_feedback_total{outcome=\"success\",provider=\"", "aurora_intelligence_feedback_latency_seconds_count",
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
	void metricsFilteredByTheNamesAScrapeShowsAnswerTheirFamilies() {
		http.decide(SEED_DECISION);
		String byFamily = http.get("/metrics?includedNames=aurora_intelligence_decisions").body();
		assertThat(byFamily).contains("aurora_intelligence_decisions_total{");
		assertThat(http.get("/metrics?includedNames=aurora_intelligence_decisions_total").body())
			.as("a name copied from a scrape").contains("aurora_intelligence_decisions_total{");
		assertThat(http.get("/metrics?includedNames=aurora_intelligence_decision_latency_seconds_bucket,%20aurora_intelligence_store_up")
			.body()).as("a histogram's bucket, and a second name after a space")
			.contains("aurora_intelligence_decision_latency_seconds_bucket{", "aurora_intelligence_store_up ")
			.doesNotContain("aurora_intelligence_decisions_total");
		assertThat(http.get("/metrics?includedNames=none").body()).isEmpty();
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

}
