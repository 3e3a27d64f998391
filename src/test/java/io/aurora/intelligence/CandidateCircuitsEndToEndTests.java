package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A router failing for one provider only, while the model prefers that provider, costs that provider its place
 * and not every decision its placement: the candidate is skipped, the others placed, and the router's own
 * circuit stays closed; when the router places the provider again, a trial brings it back.
 */
class CandidateCircuitsEndToEndTests {

	static final String REQUEST = """
			{"task_id": "job", "context": {"region": "eu-west", "cpu": 8},
			 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
			""";

	/** What makes the model prefer akash: every placement on vast is reported as a poor one. */
	static final String POOR_OUTCOME = """
			{"trace_id": "%s", "outcome": {"latency_ms": 900, "cost": 2, "failures": 2, "slo_hit": false}}
			""";

	@TempDir
	Path dir;

	@Test
	void aRouterFailingOnlyTheModelsFavouriteWithA503KeepsPlacingTheOthersAndTakesItBackWhenItRecovers() throws Exception {
		AtomicBoolean akashDown = new AtomicBoolean(true);
		AtomicInteger akashCalls = new AtomicInteger();
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> answer(request, akashCalls,
					akashDown.get() ? NeighbourStubs.json(503, "{\"error\":\"akash api down\"}") : placed(0.9)));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
					Map.of("ROUTER_COOLDOWN_S", "2", "ROUTER_CANDIDATE_FAILURES", "6"))) {
				int skippingAkash = 0;
				long began = System.nanoTime();
				for (int i = 0; i < 40; i++) {
					JsonNode answer = service.http.decide(REQUEST);
					assertThat(answer.at("/explanations/placed").asBoolean()).as("decision %d: %s", i, answer).isTrue();
					assertThat(answer.at("/chosen/provider").asString()).isEqualTo("vast");
					boolean skipped = answer.at("/explanations/first_choice/provider").asString().equals("akash")
							&& answer.at("/explanations/attempts").asInt() == 1;
					if (skipped) {
						skippingAkash++;
						assertThat(answer.at("/explanations/skipped").toString()).isEqualTo("[{\"provider\":\"akash\",\"sku\":\"A8\"}]");
					}
					else {
						assertThat(answer.at("/explanations/skipped").isMissingNode()).as("only when a candidate was skipped").isTrue();
					}
					assertThat(service.http.post("/feedback", POOR_OUTCOME.formatted(answer.get("trace_id").asString())).status())
						.isEqualTo(200);
				}
				assertThat(skippingAkash).as("decisions the model began with akash, placed on vast at the first call").isPositive();
				long cooldowns = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) / 2 + 1;
				assertThat(akashCalls.get()).as("akash is asked about six times, then once per 2 s cooldown")
					.isBetween(6, 6 + (int) cooldowns);
				JsonNode router = service.http.get("/status").json().get("router");
				assertThat(router.get("circuit").asString()).as("the router itself answers").isEqualTo("closed");
				assertThat(router.get("candidates_open").asInt()).isOne();
				assertThat(router.at("/candidates/0/provider").asString()).isEqualTo("akash");
				assertThat(router.at("/candidates/0/sku").asString()).isEqualTo("A8");
				assertThat(router.at("/candidates/0/last_error").asString()).contains("503");
				assertThat(router.at("/candidates/0/failures").asInt()).isGreaterThanOrEqualTo(6);
				String metrics = service.http.get("/metrics").body();
				assertThat(metrics).contains("aurora_intelligence_router_candidates_open 1.0")
					.contains("aurora_intelligence_router_circuit_open 0.0");
				assertThat(metrics.lines().filter(line -> line.startsWith("aurora_intelligence_router_candidates_skipped_total ")))
					.singleElement().extracting(CandidateCircuitsEndToEndTests::value).isEqualTo(skippingAkash);

				akashDown.set(false);
				TimeUnit.MILLISECONDS.sleep(2_200);
				boolean akashPlaced = false;
				for (int i = 0; i < 20 && !akashPlaced; i++) {
					akashPlaced = service.http.decide(REQUEST).at("/chosen/provider").asString().equals("akash");
				}
				assertThat(akashPlaced).as("after its cooldown, akash is tried and placed").isTrue();
				assertThat(service.http.get("/status").json().at("/router/candidates_open").asInt()).isZero();
				assertThat(service.http.get("/metrics").body()).contains("aurora_intelligence_router_candidates_open 0.0");
			}
		}
	}

	@Test
	void aRouterTimingOutOnlyTheModelsFavouriteCostsItsTimeoutFiveTimesAndThenNothing() throws Exception {
		AtomicInteger akashCalls = new AtomicInteger();
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> answer(request, akashCalls, new MockResponse.Builder().code(200)
				.body("{\"score\":0.9}").headersDelay(1, TimeUnit.SECONDS).build()));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
					Map.of("ROUTER_TIMEOUT_MS", "300", "ROUTER_COOLDOWN_S", "60", "ROUTER_CANDIDATE_FAILURES", "5"))) {
				int unplaced = 0;
				for (int i = 0; i < 30; i++) {
					JsonNode answer = service.http.decide(REQUEST);
					if (answer.at("/explanations/placed").asBoolean()) {
						assertThat(service.http.post("/feedback", POOR_OUTCOME.formatted(answer.get("trace_id").asString()))
							.status()).isEqualTo(200);
					}
					else {
						unplaced++;
						assertThat(answer.at("/explanations/router_result").asString()).isEqualTo("timeout");
					}
				}
				assertThat(unplaced).as("a timeout spends the decision's bound, so those decisions went unplaced").isEqualTo(5);
				assertThat(akashCalls.get()).isEqualTo(5);
				JsonNode router = service.http.get("/status").json().get("router");
				assertThat(router.get("circuit").asString()).isEqualTo("closed");
				assertThat(router.at("/candidates/0/last_error").asString()).isEqualTo("no answer within the timeout");
			}
		}
	}

	@Test
	void aRouterFailingEveryCandidateStillOpensItsOwnCircuit() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> NeighbourStubs.json(503, "{\"error\":\"down\"}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("ROUTER_COOLDOWN_S", "60"))) {
				for (int i = 0; i < 3; i++) {
					service.http.decide(REQUEST);
				}
				assertThat(service.http.get("/status").json().at("/router/circuit").asString())
					.as("two candidates failing with no answer between are the router's failing").isEqualTo("open");
				int calls = neighbours.router.getRequestCount();
				JsonNode answer = service.http.decide(REQUEST);
				assertThat(answer.at("/explanations/router_result").asString()).isEqualTo("open");
				assertThat(neighbours.router.getRequestCount()).isEqualTo(calls);
			}
		}
	}

	private static MockResponse answer(RecordedRequest request, AtomicInteger akashCalls, MockResponse akash) {
		if (request.getBody().utf8().contains("\"akash\"")) {
			akashCalls.incrementAndGet();
			return akash;
		}
		return placed(0.6);
	}

	private static MockResponse placed(double score) {
		return NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":" + score + "}");
	}

	private static int value(String line) {
		return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
	}

}
