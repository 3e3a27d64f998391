package io.aurora.intelligence;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.sqlite.SQLiteDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Decisions are answered within their bound whatever the neighbours do, and the trace says what happened. */
class NeighbourFailureTests {

	@TempDir
	Path dir;

	@Test
	void deadNeighboursStillGetDecisionsAnsweredFromTheModel() throws Exception {
		NeighbourStubs unused = new NeighbourStubs();
		unused.close();
		try (Socket deadPort = reservedDeadPort()) {
			int dead = deadPort.getLocalPort();
			Map<String, String> settings = Map.of("PSI_URL", "http://127.0.0.1:" + dead, "AURORA_ROUTER_URL",
					"http://127.0.0.1:" + dead);
			deadNeighbours(settings);
		}
		assertThat(routerStatuses(dir.resolve("d.db"))).contains("\"status\":\"error\"", "\"status\":\"open\"");
	}

	private void deadNeighbours(Map<String, String> settings) throws Exception {
		NeighbourStubs unused = new NeighbourStubs();
		unused.close();
		try (RunningService service = RunningService.start(dir.resolve("d.db"), unused, settings)) {
			String unplaced = null;
			for (int i = 0; i < 10; i++) {
				long start = System.nanoTime();
				JsonNode answer = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
				unplaced = answer.get("trace_id").asString();
				if (i > 0) {
					assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
						.as("within the router's 1 s bound").isLessThan(1500);
				}
				assertThat(answer.at("/explanations/score_source").asString()).isEqualTo("model");
				assertThat(answer.at("/explanations/psi_density").asDouble()).isEqualTo(0.5);
				assertThat(answer.at("/explanations/psi_coherence").asDouble()).isEqualTo(0.5);
			}
			JsonNode status = service.http.get("/status").json();
			assertThat(status.at("/cache/cache_errors").asLong()).isPositive();
			assertThat(status.at("/cache/cache_valid").asBoolean()).isFalse();
			assertThat(status.at("/router/circuit").asString()).isEqualTo("open");
			assertThat(status.at("/router/last_result").asString()).as("the call that failed, not the skipped ones")
				.isEqualTo("error");
			assertThat(status.at("/router/last_error").asString()).isEqualTo("connection refused");
			assertThat(status.at("/router/last_at").asString()).isNotBlank();
			assertThat(status.at("/psi/last_result").asString()).isEqualTo("error");
			assertThat(status.at("/psi/last_error").asString()).isEqualTo("Ψ-field refused the connection");
			assertThat(status.at("/psi/last_at").asString()).isNotBlank();
			assertThat(service.http.get("/metrics").body()).contains("aurora_intelligence_router_calls_total{result=\"open\"}",
					"aurora_intelligence_router_circuit_open 1", "aurora_intelligence_psi_cache_valid 0");
			TestHttp.Response feedback = service.http.post("/feedback",
					"{\"trace_id\": \"" + unplaced + "\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}}");
			assertThat(feedback.status()).as("a scheduler that placed the choice itself reports on it: %s", feedback.body())
				.isEqualTo(200);
			assertThat(feedback.json().get("reward").asDouble()).isEqualTo(0.88);
		}
	}

	@Test
	void aHangingPsiFieldNeverDelaysADecisionAndStatusSaysItTimedOut() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.psiWith(request -> new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
				.body("{\"Psi\":0.9,\"C\":0.9}").headersDelay(30, TimeUnit.SECONDS).build());
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("PSI_TIMEOUT_MS", "300"))) {
				service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
				long slowest = 0;
				for (int i = 0; i < 10; i++) {
					long start = System.nanoTime();
					JsonNode answer = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
					slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
					assertThat(answer.at("/explanations/psi_density").asDouble()).as("neutral, never the hung answer").isEqualTo(0.5);
				}
				assertThat(slowest).as("decisions read the cache; they never wait for the hung Ψ-field's 30 s").isLessThan(3000);
				AtomicReference<JsonNode> polled = new AtomicReference<>();
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).dontCatchUncaughtExceptions()
					.untilAsserted(() -> {
						polled.set(service.http.get("/status").json());
						assertThat(polled.get().at("/psi/last_result").asString()).isEqualTo("error");
					});
				JsonNode status = polled.get();
				assertThat(status.at("/psi/last_error").asString()).contains("PSI_TIMEOUT_MS");
				assertThat(status.at("/cache/cache_valid").asBoolean()).isFalse();
			}
		}
	}

	@Test
	void slowRouterCostsAtMostItsTimeoutAndThenNothing() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> new MockResponse.Builder().code(200).body("{\"score\":1}").headersDelay(10, TimeUnit.SECONDS).build());
			Map<String, String> settings = Map.of("ROUTER_TIMEOUT_MS", "1000");
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
				service.http.awaitPsiReading();
				long slowest = 0;
				List<String> results = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					long start = System.nanoTime();
					JsonNode answer = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
					slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
					assertThat(answer.at("/explanations/score_source").asString()).isEqualTo("model");
					assertThat(answer.at("/explanations/psi_density").asDouble()).isEqualTo(0.82);
					assertThat(answer.at("/explanations/placed").asBoolean()).isFalse();
					results.add(answer.at("/explanations/router_result").asString());
				}
				assertThat(results).as("the answer tells a timeout, after which the task may be placed, from a skipped call")
					.startsWith("timeout").contains("open").containsOnly("timeout", "open");
				assertThat(slowest).as("the router's 1 s timeout bounds a decision, not its 10 s").isLessThan(5000);
			}
		}
		assertThat(routerStatuses(dir.resolve("d.db"))).contains("\"status\":\"timeout\"", "\"status\":\"open\"");
	}

	@Test
	void aRouterAnsweringANaNScoreAsPythonWritesItPlacedTheTaskAndTheTraceTakesFeedback() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> NeighbourStubs.json(200, "{\"score\": NaN, \"status\": \"placed\"}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				JsonNode answer = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
				assertThat(answer.at("/explanations/placed").asBoolean()).isTrue();
				assertThat(answer.at("/explanations/router_result").asString()).isEqualTo("ok");
				assertThat(answer.at("/explanations/score_source").asString()).as("no usable score").isEqualTo("model");
				TestHttp.Response feedback = service.http.post("/feedback", "{\"trace_id\": \""
						+ answer.get("trace_id").asString() + "\", \"outcome\": {\"slo_hit\": true}}");
				assertThat(feedback.status()).as("the trace, router answer and all, reads back: %s", feedback.body()).isEqualTo(200);
			}
		}
	}

	@Test
	void aRouterThatRefusesOurCredentialsIsAnErrorThatTeachesTheModelNothing() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> NeighbourStubs.json(401, "{\"error\":\"bad token\"}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				JsonNode answer = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
				assertThat(answer.at("/explanations/attempts").asInt()).isEqualTo(1);
				assertThat(answer.at("/explanations/placed").asBoolean()).isFalse();
				JsonNode status = service.http.get("/status").json();
				assertThat(status.at("/model/updates").asLong()).isZero();
				assertThat(status.at("/router/last_result").asString()).isEqualTo("error");
				assertThat(status.at("/router/last_error").asString()).contains("401");
			}
		}
	}

	@Test
	void neighboursThatComeBackAreUsedAgainWithoutARestart() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			AtomicBoolean up = new AtomicBoolean(false);
			Dispatcher flaky = new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					if (!up.get()) {
						return NeighbourStubs.json(503, "{}");
					}
					return "/state".equals(request.getTarget()) ? NeighbourStubs.json(200, "{\"Psi\":0.9,\"C\":0.1}")
							: NeighbourStubs.json(200, "{\"score\":0.5}");
				}
			};
			neighbours.router.setDispatcher(flaky);
			neighbours.psi.setDispatcher(flaky);
			Map<String, String> settings = Map.of("ROUTER_COOLDOWN_S", "1", "CACHE_TTL_S", "1");
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
				for (int i = 0; i < 6; i++) {
					service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
				}
				assertThat(service.http.get("/metrics").body()).contains("aurora_intelligence_router_circuit_open 1");
				assertThat(service.http.get("/status").json().at("/router/circuit").asString()).isIn("open", "half_open");
				up.set(true);
				// Polled as a value, not an assertion, so that a decision not answered 200 fails the test at once.
				JsonNode answer = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
					.dontCatchUncaughtExceptions()
					.until(() -> service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION),
							decided -> "router".equals(decided.at("/explanations/score_source").asString())
									&& decided.at("/explanations/psi_density").asDouble() == 0.9);
				assertThat(answer.at("/explanations/score_source").asString()).isEqualTo("router");
				assertThat(answer.get("score").asDouble()).isEqualTo(0.5);
				assertThat(answer.at("/explanations/psi_density").asDouble()).isEqualTo(0.9);
				JsonNode status = service.http.get("/status").json();
				assertThat(status.at("/cache/cache_valid").asBoolean()).isTrue();
				assertThat(status.at("/router/circuit").asString()).isEqualTo("closed");
				assertThat(status.at("/router/last_result").asString()).isEqualTo("ok");
				assertThat(status.at("/router/last_error").isNull()).isTrue();
				assertThat(status.at("/psi/last_result").asString()).isEqualTo("ok");
				assertThat(status.at("/psi/last_error").isNull()).isTrue();
				assertThat(service.http.get("/metrics").body()).contains("aurora_intelligence_router_circuit_open 0");
			}
		}
	}

	@Test
	void aQuietServiceSeesItsRouterRecoverWithoutADecision() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			AtomicBoolean up = new AtomicBoolean(false);
			neighbours.routeWith((request) -> up.get() ? NeighbourStubs.json(200, "{\"status\":\"ok\"}")
					: NeighbourStubs.json(503, "{}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("ROUTER_COOLDOWN_S", "1"))) {
				for (int i = 0; i < 6; i++) {
					service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
				}
				assertThat(service.http.get("/metrics").body()).contains("aurora_intelligence_router_circuit_open 1")
					.containsPattern("aurora_intelligence_router_circuit_state\\{state=\"(open|half_open)\"} 1.0")
					.contains("aurora_intelligence_router_circuit_state{state=\"closed\"} 0.0");
				// Micrometer holds what a function counter reads only weakly: a collection must not freeze the count.
				System.gc();
				up.set(true);
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
					.untilAsserted(() -> assertThat(service.http.get("/metrics").body())
						.contains("aurora_intelligence_router_circuit_open 0"));
				assertThat(service.http.get("/metrics").body()).as("the trial that closed it, counted")
					.contains("aurora_intelligence_router_trials_total{result=\"ok\"} 1.0",
							"aurora_intelligence_router_circuit_state{state=\"closed\"} 1.0",
							"aurora_intelligence_router_circuit_state{state=\"open\"} 0.0",
							"aurora_intelligence_router_circuit_state{state=\"half_open\"} 0.0");
				assertThat(service.http.get("/status").json().at("/router/circuit").asString()).isEqualTo("closed");
				List<String> calls = new ArrayList<>();
				for (RecordedRequest call; (call = neighbours.router.takeRequest(0, TimeUnit.SECONDS)) != null;) {
					calls.add(call.getMethod() + " " + call.getTarget());
				}
				assertThat(calls).as("the placements that opened the circuit, then the check that closed it")
					.startsWith("POST /route").endsWith("GET /health").doesNotContain("GET /state");
			}
		}
	}

	private static String routerStatuses(Path store) {
		SQLiteDataSource ds = new SQLiteDataSource();
		ds.setUrl("jdbc:sqlite:" + store);
		return String.join("\n", JdbcClient.create(ds).sql("SELECT router FROM traces").query(String.class).list());
	}

	/**
	 * A loopback port held by a socket that is bound but never listens, so connections to it are
	 * refused for as long as it is open.
	 */
	private static Socket reservedDeadPort() throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		return socket;
	}

}
