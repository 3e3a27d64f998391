package io.aurora.intelligence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A scheduler that lists its candidates in the order its own rules prefer compares those rules with the model
 * offline: {@code POST /evaluations} with {@code "policy": "first"} on a fresh service's log, against ground truth.
 */
class RulesEvaluationEndToEndTests {

	/**
	 * The reward of the seed's rule for 90 ms with the SLO met: 0.4·0.55 + 0.2 + 0.1. Close enough to vast's that
	 * the model keeps choosing akash now and then; a log in which it hardly did would not support the estimate.
	 */
	private static final double AKASH = 0.52;

	/** The reward for 80 ms with the SLO met: 0.4·0.6 + 0.2 + 0.1. */
	private static final double VAST = 0.54;

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@Test
	void theSchedulersFirstChoiceIsEvaluatedAgainstTheModelsOnTheSameLog() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of(),
				SeededExploration.class)) {
			double earned = 0;
			for (int i = 0; i < 300; i++) {
				JsonNode decision = service.http.decide("""
						{"task_id": "job-%d", "context": {"cpu": 8, "latency_ms": 60, "region": "us-west"},
						 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
						""".formatted(i));
				boolean akash = decision.at("/chosen/provider").asString().equals("akash");
				TestHttp.Response fed = service.http.post("/feedback", """
						{"trace_id": "%s", "outcome": {"latency_ms": %d, "slo_hit": true, "failures": 0}}
						""".formatted(decision.get("trace_id").asString(), akash ? 90 : 80));
				assertThat(fed.status()).isEqualTo(200);
				earned += fed.json().get("reward").asDouble();
			}
			JsonNode rules = evaluation(service, "{\"policy\": \"first\"}");
			assertThat(rules.get("policy").asString()).isEqualTo("first");
			assertThat(rules.has("model")).as("first has no model").isFalse();
			assertThat(rules.get("supported").asBoolean()).as(rules.toString()).isTrue();
			assertThat(estimate(rules, "dr")).as("always akash, the rules' preference").isCloseTo(AKASH, within(0.02));
			assertThat(estimate(rules, "snips")).isCloseTo(AKASH, within(1e-9));
			JsonNode greedy = evaluation(service, "{\"policy\": \"epsilon-greedy\", \"epsilon\": 0}");
			assertThat(estimate(greedy, "dr")).as("the model, which learned vast").isCloseTo(VAST, within(0.02));
			assertThat(greedy.has("versus")).as("no baseline asked for").isFalse();
			JsonNode versus = evaluation(service, "{\"policy\": \"epsilon-greedy\", \"epsilon\": 0, \"baseline\": \"first\"}")
				.get("versus");
			assertThat(versus.get("baseline").asString()).isEqualTo("first");
			assertThat(versus.get("supported").asBoolean()).isTrue();
			assertThat(versus.at("/difference/value").asDouble()).as("the model's gain over the rules: %s", versus)
				.isCloseTo(VAST - AKASH, within(0.01));
			assertThat(versus.at("/difference/low").asDouble()).isLessThan(versus.at("/difference/value").asDouble());
			JsonNode againstService = evaluation(service, "{\"policy\": \"first\", \"baseline\": \"logged\"}");
			assertThat(againstService.at("/logged/value").asDouble()).as("what the 300 decisions earned")
				.isCloseTo(earned / 300, within(1e-9));
			JsonNode logged = againstService.get("versus");
			assertThat(logged.get("baseline").asString()).isEqualTo("logged");
			assertThat(logged.get("samples").asInt()).isEqualTo(rules.get("samples").asInt());
			assertThat(logged.at("/difference/value").asDouble())
				.as("the rules' value minus what the service earned, which learned vast: %s", logged)
				.isCloseTo(AKASH - earned / 300, within(0.02))
				.isNegative();
			JsonNode sinceStart = evaluation(service, "{\"policy\": \"first\", \"since\": \"2000-01-01T00:00:00Z\"}");
			assertThat(sinceStart.get("samples").asInt()).as("every feedback was received since").isEqualTo(rules.get("samples").asInt());
			assertThat(sinceStart.get("since").asString()).isEqualTo("2000-01-01T00:00:00Z");
			TestHttp.Response none = service.http.post("/evaluations", "{\"policy\": \"first\", \"since\": \""
					+ Instant.now().plusSeconds(3_600) + "\"}");
			assertThat(none.status()).as("no feedback received since: %s", none.body()).isEqualTo(400);
			assertThat(none.json().get("detail").asString()).contains("received since", "found 0");
			TestHttp.Response ignored = service.http.post("/evaluations", "{\"policy\": \"first\", \"epsilon\": 0.2}");
			assertThat(ignored.headers().firstValue("Warning")).hasValueSatisfying(
					warning -> assertThat(warning).contains("ignored for first"));
		}
	}

	private static JsonNode evaluation(RunningService service, String body) {
		TestHttp.Response answer = service.http.post("/evaluations", body);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json();
	}

	private static double estimate(JsonNode evaluation, String estimator) {
		for (JsonNode estimate : evaluation.get("estimates")) {
			if (estimate.get("estimator").asString().equals(estimator)) {
				return estimate.get("value").asDouble();
			}
		}
		throw new AssertionError("no " + estimator + " in " + evaluation);
	}

	/** Exploration from a fixed seed, so that the log, and how well it covers akash, is the same on every run. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SeededExploration {

		@Bean
		@Primary
		RandomGenerator seededExploration() {
			SplittableRandom random = new SplittableRandom(7);
			return new RandomGenerator() {

				@Override
				public synchronized long nextLong() {
					return random.nextLong();
				}

				@Override
				public synchronized double nextDouble() {
					return random.nextDouble();
				}

			};
		}

	}

}
