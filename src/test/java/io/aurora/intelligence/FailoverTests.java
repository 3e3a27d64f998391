package io.aurora.intelligence;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** When the router refuses a candidate, the Executor places the next-best one and the model learns from the refusal. */
class FailoverTests {

	@TempDir
	Path dir;

	static final String REQUEST = """
			{"task_id": "job", "context": {"region": "eu-west", "cpu": 8},
			 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}, {"provider": "render", "sku": "R1"}]}
			""";

	@Test
	void refusedCandidateFailsOverToTheNextAndTeachesTheModel() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> {
				String body = request.getBody().utf8();
				if (body.contains("\"akash\"")) {
					return NeighbourStubs.json(409, "{\"status\":\"no_capacity\"}");
				}
				if (body.contains("\"render\"")) {
					return NeighbourStubs.json(200, "{\"status\":\"no_capacity\",\"score\":0.1}");
				}
				return NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":0.6}");
			});
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				service.http.awaitPsiReading();
				int failovers = 0;
				int refusals = 0;
				String failedOverTrace = null;
				for (int i = 0; i < 30; i++) {
					JsonNode answer = service.http.decide(REQUEST);
					assertThat(answer.at("/chosen/provider").asString()).isEqualTo("vast");
					assertThat(answer.at("/explanations/placed").asBoolean()).isTrue();
					assertThat(answer.at("/explanations/router_result").asString()).isEqualTo("ok");
					assertThat(answer.get("score").asDouble()).isEqualTo(0.6);
					boolean failedOver = answer.at("/explanations/attempts").asInt() > 1;
					failovers += failedOver ? 1 : 0;
					refusals += answer.at("/explanations/attempts").asInt() - 1;
					failedOverTrace = failedOver ? answer.get("trace_id").asString() : failedOverTrace;
					assertThat(answer.at("/explanations/first_choice").isMissingNode()).isEqualTo(!failedOver);
					if (failedOver) {
						assertThat(answer.at("/explanations/first_choice/provider").asString()).isIn("akash", "render");
					}
				}
				assertThat(failovers).isPositive();
				String metrics = service.http.get("/metrics").body();
				assertThat(metrics.lines().filter(line -> line.startsWith("aurora_intelligence_decisions_total{")))
					.as("decisions are counted by the provider placed").isNotEmpty()
					.allMatch(line -> line.contains("provider=\"vast\""));
				assertThat(metrics.lines().filter(line -> line.startsWith("aurora_intelligence_feedback_total{")))
					.as("refusals are learned from but are not feedback received").isEmpty();
				assertThat(metrics.lines().filter(line -> line.startsWith("aurora_intelligence_q_updates_total")))
					.singleElement().matches(line -> !line.endsWith(" 0.0"));
				JsonNode status = service.http.get("/status").json();
				assertThat(status.at("/model/updates").asLong()).as("each refusal taught the model, once").isEqualTo(refusals);
				assertThat(status.at("/store/traces").asLong()).as("refusals are traced but are not decisions asked for")
					.isEqualTo(30);
				assertThat(status.at("/model/episodes").asLong()).isEqualTo(30);
				assertThat(status.at("/store/feedback").asLong()).as("no caller sent feedback").isZero();
				assertThat(metrics).contains("aurora_intelligence_trace_store_feedback_rate 0.0");
				assertThat(metrics.lines().filter(line -> line.startsWith("aurora_intelligence_router_calls_total{result=\"rejected\"}")))
					.as("a 200 no_capacity is a refusal, not a success").singleElement()
					.satisfies(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isPositive());
				List<JsonNode> placed = placedTraces(dir.resolve("d.db"));
				assertThat(placed).hasSize(30).allSatisfy(router -> assertThat(router.get("first_choice").asBoolean())
					.as("the trace's propensity is the first choice's: it says whether this is it")
					.isEqualTo(router.get("attempts").size() == 1));
				assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + failedOverTrace + "\", \"outcome\": "
						+ "{\"latency_ms\": 40}, \"ran\": {\"provider\": \"akash\", \"sku\": \"A8\"}}").status()).isEqualTo(200);
				assertThat(service.http.get("/metrics").body().lines())
					.as("the answer overridden was a failover placement, neither an exploration nor the policy's best guess")
					.contains("aurora_intelligence_shadow_feedback_total{agreed=\"false\",answer=\"failover\"} 1.0")
					.filteredOn(line -> line.startsWith("aurora_intelligence_shadow_feedback_total{"))
					.filteredOn(line -> !line.contains("answer=\"failover\"")).allMatch(line -> line.endsWith(" 0.0"));
			}
		}
	}

	@Test
	void aFailoverAttemptCutOffByTheDecisionsBoundDoesNotCountAgainstTheRouter() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> new MockResponse.Builder().code(409).addHeader("Content-Type", "application/json")
				.body("{\"status\":\"no_capacity\"}").headersDelay(3000, TimeUnit.MILLISECONDS).build());
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
					Map.of("ROUTER_TIMEOUT_MS", "5000"))) {
				for (int i = 0; i < 4; i++) {
					JsonNode answer = service.http.decide(REQUEST);
					assertThat(answer.at("/explanations/attempts").asInt()).isEqualTo(2);
				}
				assertThat(service.http.get("/status").json().at("/router/circuit").asString())
					.as("every call the router had its full time for, it answered").isEqualTo("closed");
			}
		}
	}

	@Test
	void aRefusalLearnedOnlyAfterTheFeedbackWindowHasPassedStillFailsOverAndTeaches() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> request.getBody().utf8().contains("\"akash\"")
					? NeighbourStubs.json(409, "{\"status\":\"no_capacity\"}")
					: NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":0.6}"));
			// Each reading of the clock moves it on 2 s, past the 1 s window between a refusal's trace and its learning.
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("FEEDBACK_WINDOW_S", "1"),
					TickingClock.class)) {
				int failovers = 0;
				int refusals = 0;
				List<String> seen = new ArrayList<>();
				// The first choice is random (a third each, cold): until akash, which the router refuses, has come first.
				for (int i = 0; i < 100 && failovers == 0; i++) {
					TestHttp.Response answer = service.http.post("/decisions", REQUEST);
					assertThat(answer.status()).as(answer.body()).isEqualTo(200);
					failovers += answer.json().at("/explanations/attempts").asInt() > 1 ? 1 : 0;
					refusals += answer.json().at("/explanations/attempts").asInt() - 1;
					seen.add(answer.json().at("/chosen/provider").asString() + ":" + answer.json().at("/explanations/router_result").asString()
							+ ":" + answer.json().at("/explanations/attempts").asInt());
				}
				assertThat(failovers).as("decisions: %s", seen).isPositive();
				assertThat(service.http.get("/status").json().at("/model/updates").asLong()).as("each refusal taught the model, once")
					.isEqualTo(refusals);
			}
		}
	}

	/** A clock two seconds further on at each reading. */
	@TestConfiguration(proxyBeanMethods = false)
	static class TickingClock {

		@Bean
		@Primary
		Clock tickingClock() {
			return TestClock.ticking(Instant.now(), Duration.ofSeconds(2));
		}

	}

	@Test
	void aTrialCallsFailureIsTheResultWhenTheCircuitThenSkipsTheFailover() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> NeighbourStubs.json(503, "{\"error\":\"down\"}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("ROUTER_COOLDOWN_S", "1"))) {
				JsonNode trial = null;
				for (int i = 0; i < 200 && trial == null; i++) {
					JsonNode answer = service.http.decide(REQUEST);
					String result = answer.at("/explanations/router_result").asString();
					if ("open".equals(result)) {
						Thread.sleep(1_100);
						JsonNode next = service.http.decide(REQUEST);
						trial = next.at("/explanations/attempts").asInt() > 1 ? next : null;
					}
				}
				assertThat(trial).as("a trial call whose 503 re-opened the circuit before its failover").isNotNull();
				assertThat(trial.at("/explanations/router_result").asString()).as("the trial was a call; the failover was not")
					.isEqualTo("error");
				assertThat(trial.at("/explanations/placed").asBoolean()).isFalse();
			}
		}
	}

	@Test
	void whenEveryCandidateIsRefusedTheAnswerSaysNothingWasPlaced() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> NeighbourStubs.json(422, "{\"status\":\"no_capacity\"}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("ROUTER_MAX_ATTEMPTS", "2"))) {
				JsonNode answer = service.http.decide(REQUEST);
				assertThat(answer.at("/explanations/placed").asBoolean()).isFalse();
				assertThat(answer.at("/explanations/router_result").asString()).isEqualTo("rejected");
				assertThat(answer.at("/explanations/attempts").asInt()).isEqualTo(2);
				assertThat(answer.at("/explanations/score_source").asString()).isEqualTo("model");
				assertThat(service.http.get("/status").json().at("/model/updates").asLong()).isEqualTo(2);
			}
		}
	}

	@Test
	void whenNothingIsPlacedTheDecisionsTraceHoldsTheRoutersAnswerAboutTheCandidateItIsStoredUnder() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> {
				String body = request.getBody().utf8();
				String provider = body.contains("\"akash\"") ? "akash" : body.contains("\"vast\"") ? "vast" : "render";
				return NeighbourStubs.json(provider.equals("vast") ? 503 : 422,
						"{\"status\":\"no_capacity\",\"about\":\"" + provider + "\"}");
			});
			Path store = dir.resolve("d.db");
			try (RunningService service = RunningService.start(store, neighbours, Map.of())) {
				for (int i = 0; i < 10; i++) {
					assertThat(service.http.decide(REQUEST).at("/explanations/placed").asBoolean()).isFalse();
				}
			}
			SQLiteDataSource ds = new SQLiteDataSource();
			ds.setUrl("jdbc:sqlite:" + store);
			List<Map<String, Object>> traces = JdbcClient.create(ds)
				.sql("SELECT provider, router, timings FROM traces WHERE refused = 0").query().listOfRows();
			assertThat(traces).hasSize(10).allSatisfy(trace -> {
				JsonNode router = TestHttp.JSON.readTree((String) trace.get("router"));
				if (router.has("skipped") && router.at("/skipped/0/provider").asString().equals(trace.get("provider"))) {
					assertThat(router.get("status").asString()).as("vast's circuit opened after three 503s: %s", router).isEqualTo("open");
					assertThat(router.get("error").asString()).contains("failed this candidate 3 times in a row");
				}
				else {
					assertThat(router.at("/answer/about").asString()).as(router.toString()).isEqualTo(trace.get("provider"));
				}
				assertThat(router.get("attempts").size()).isGreaterThan(1);
				double spent = router.get("attempts").valueStream().mapToDouble(attempt -> attempt.get("elapsed_ms").asDouble()).sum();
				assertThat(TestHttp.JSON.readTree((String) trace.get("timings")).get("router_ms").asDouble())
					.as("the time of every attempt").isCloseTo(spent, within(1e-6));
			});
		}
	}

	@Test
	void aFailoverThatTimesOutNamesTheCandidateTheRouterMayHavePlaced() throws Exception {
		Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> {
				JsonNode body = TestHttp.JSON.readTree(request.getBody().utf8());
				int call = calls.merge(body.get("task_id").asString(), 1, Integer::sum);
				return call == 1 ? NeighbourStubs.json(503, "{\"error\":\"overloaded\"}")
						: new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
							.body("{\"status\":\"placed\",\"score\":0.6}").headersDelay(3, TimeUnit.SECONDS).build();
			});
			Path store = dir.resolve("d.db");
			Map<String, String> chosen = new java.util.HashMap<>();
			try (RunningService service = RunningService.start(store, neighbours, Map.of("ROUTER_TIMEOUT_MS", "800"))) {
				for (int i = 0; i < 2; i++) {
					JsonNode answer = service.http.decide(REQUEST.replace("\"job\"", "\"job-" + i + "\""));
					assertThat(answer.at("/explanations/router_result").asString()).isEqualTo("timeout");
					assertThat(answer.at("/explanations/placed").asBoolean()).isFalse();
					assertThat(answer.at("/explanations/attempts").asInt()).isEqualTo(2);
					String firstChoice = answer.at("/explanations/first_choice/provider").asString();
					assertThat(firstChoice).as("the policy's choice, which failed with a 503").isNotEmpty();
					assertThat(answer.at("/chosen/provider").asString())
						.as("the candidate whose call timed out, which the router may have placed").isNotEqualTo(firstChoice);
					chosen.put(answer.get("trace_id").asString(), answer.at("/chosen/provider").asString());
				}
			}
			SQLiteDataSource ds = new SQLiteDataSource();
			ds.setUrl("jdbc:sqlite:" + store);
			List<Map<String, Object>> traces = JdbcClient.create(ds)
				.sql("SELECT trace_id, provider, router FROM traces WHERE refused = 0").query().listOfRows();
			assertThat(traces).hasSize(2).allSatisfy(trace -> {
				assertThat(trace.get("provider")).as("traced under the candidate named").isEqualTo(chosen.get(trace.get("trace_id")));
				JsonNode router = TestHttp.JSON.readTree((String) trace.get("router"));
				assertThat(router.get("status").asString()).as(router.toString()).isEqualTo("timeout");
				assertThat(router.get("first_choice").asBoolean()).isFalse();
			});
		}
	}

	@Test
	void aRouterFailureOnOneCandidateFailsOverAndTeachesTheModelNothingAboutIt() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> request.getBody().utf8().contains("\"akash\"")
					? NeighbourStubs.json(503, "{\"error\":\"overloaded\"}")
					: NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":0.6}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				int failovers = 0;
				for (int i = 0; i < 100 && failovers < 2; i++) {
					JsonNode answer = service.http.decide(REQUEST);
					assertThat(answer.at("/explanations/placed").asBoolean()).isTrue();
					assertThat(answer.at("/chosen/provider").asString()).isNotEqualTo("akash");
					failovers += answer.at("/explanations/attempts").asInt() > 1 ? 1 : 0;
				}
				assertThat(failovers).isEqualTo(2);
				assertThat(service.http.get("/status").json().at("/model/updates").asLong())
					.as("a 5xx says the router failed, not the candidate").isZero();
			}
		}
	}

	@Test
	void aRefusalSayingOurRequestWasMalformedFailsOverButTeachesNothing() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> request.getBody().utf8().contains("\"akash\"")
					? NeighbourStubs.json(400, "{\"error\":\"bad sku\"}")
					: NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":0.6}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				int failovers = 0;
				for (int i = 0; i < 100 && (i < 20 || failovers == 0); i++) {
					JsonNode answer = service.http.decide(REQUEST);
					assertThat(answer.at("/explanations/placed").asBoolean()).isTrue();
					failovers += answer.at("/explanations/attempts").asInt() > 1 ? 1 : 0;
				}
				assertThat(failovers).isPositive();
				assertThat(service.http.get("/status").json().at("/model/updates").asLong()).isZero();
			}
		}
	}

	@Test
	void anAnswerWhoseStatusIsNotAStringIsStillAPlacement() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> NeighbourStubs.json(200, "{\"score\":0.9,\"status\":{\"code\":\"placed\"}}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				TestHttp.Response answer = service.http.post("/decisions", REQUEST);
				assertThat(answer.status()).isEqualTo(200);
				assertThat(answer.json().get("score").asDouble()).isEqualTo(0.9);
				assertThat(answer.json().at("/explanations/placed").asBoolean()).isTrue();
			}
		}
	}

	/** The router records of the traces of placed decisions (not of refusals), from the SQLite store. */
	private static List<JsonNode> placedTraces(Path store) {
		SQLiteDataSource ds = new SQLiteDataSource();
		ds.setUrl("jdbc:sqlite:" + store);
		return JdbcClient.create(ds).sql("SELECT router FROM traces WHERE refused = 0").query(String.class).list().stream()
			.map(TestHttp.JSON::readTree).toList();
	}

}
