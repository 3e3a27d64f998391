package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Shadow mode: a scheduler that keeps placing tasks by its own rules asks for decisions without a router and reports
 * where each task ran. The model learns those outcomes as the candidates' that ran, also after a restart, and
 * evaluations keep them apart as the rules' own decisions.
 */
class ShadowModeEndToEndTests {

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	private static final String GOOD = "{\"latency_ms\": 30, \"cost\": 0.1, \"failures\": 0, \"slo_hit\": true}";

	private static final String BAD = "{\"latency_ms\": 900, \"cost\": 2, \"failures\": 3, \"slo_hit\": false}";

	private static final String RAN_V4 = ", \"ran\": {\"provider\": \"vast\", \"sku\": \"V4\"}}";

	private static final String RAN_A8 = ", \"ran\": {\"provider\": \"akash\", \"sku\": \"A8\"}}";

	@Test
	void theModelLearnsWhatRanAndEvaluationsKeepTheRulesDecisionsApart() {
		Map<String, String> settings = Map.of("AURORA_ROUTER_URL", "none");
		String last = null;
		double rewards = 0;
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
			// The rules alternate whatever the service answered: vast/V4 does well, akash/A8 fails.
			for (int i = 0; i < 40; i++) {
				last = decide(service);
				TestHttp.Response feedback = service.http.post("/feedback", "{\"trace_id\": \"" + last + "\", \"outcome\": "
						+ (i % 2 == 0 ? GOOD + RAN_V4 : BAD + RAN_A8));
				assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
				rewards += feedback.json().get("reward").asDouble();
			}
			assertLearnedV4(service);
			String metrics = service.http.get("/metrics").body();
			assertThat(counter(metrics, "true") + counter(metrics, "false")).as("each shadow feedback, agreed or not")
				.isEqualTo(40);
			TestHttp.Response repeat = service.http.post("/feedback", "{\"trace_id\": \"" + last + "\", \"outcome\": " + BAD
					+ RAN_V4);
			assertThat(repeat.status()).isEqualTo(409);
			assertThat(repeat.json().at("/recorded/ran/provider").asString()).isEqualTo("akash");
			assertThat(repeat.json().get("same_outcome").asBoolean()).as("another candidate ran, by this one").isFalse();
			assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + last + "\", \"outcome\": " + BAD + RAN_A8)
				.json().get("same_outcome").asBoolean()).isTrue();
			TestHttp.Response unknown = service.http.post("/feedback", "{\"trace_id\": \"" + decide(service)
					+ "\", \"outcome\": " + GOOD + ", \"ran\": {\"provider\": \"io.net\", \"sku\": \"H100\"}}");
			assertThat(unknown.status()).isEqualTo(422);
			assertThat(unknown.contentType()).startsWith("application/problem+json");
			TestHttp.Response rulesOnly = service.http.post("/evaluations", "{\"policy\": \"uniform\"}");
			assertThat(rulesOnly.status()).isEqualTo(400);
			assertThat(rulesOnly.json().get("detail").asString()).contains("40 ran where your own scheduler chose",
					"a mean of " + Math.round(rewards / 40 * 1000) / 1000.0 + " ");
		}
		try (RunningService restarted = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
			assertLearnedV4(restarted);
			for (int i = 0; i < 3; i++) {
				TestHttp.Response feedback = restarted.http.post("/feedback", "{\"trace_id\": \"" + decide(restarted)
						+ "\", \"outcome\": " + GOOD + "}");
				assertThat(feedback.status()).isEqualTo(200);
			}
			JsonNode evaluation = restarted.http.post("/evaluations", "{\"policy\": \"uniform\"}").json();
			assertThat(evaluation.get("samples").asInt()).as("the decisions whose tasks ran where the service said").isEqualTo(3);
			assertThat(evaluation.at("/shadow/decisions").asInt()).isEqualTo(40);
			assertThat(evaluation.at("/shadow/value/value").asDouble()).isCloseTo(rewards / 40, within(1e-9));
		}
		assertThat(neighbours.router.getRequestCount()).isZero();
	}

	private static double counter(String metrics, String agreed) {
		String series = "aurora_intelligence_shadow_feedback_total{agreed=\"" + agreed + "\"} ";
		return metrics.lines().filter(line -> line.startsWith(series)).mapToDouble(line -> Double.parseDouble(
				line.substring(series.length()))).findFirst().orElseThrow();
	}

	private static String decide(RunningService service) {
		return service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
	}

	/**
	 * Decisions value vast/V4, which did well where it ran, above akash/A8, which failed, whichever the service had chosen:
	 * learned from the service's own choices instead, both would be valued alike.
	 */
	private static void assertLearnedV4(RunningService service) {
		boolean sawV4 = false;
		for (int i = 0; i < 30; i++) {
			JsonNode answer = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
			double q = answer.at("/explanations/q_value").asDouble();
			if ("V4".equals(answer.at("/chosen/sku").asString())) {
				sawV4 = true;
				assertThat(q).as("learned from the tasks that ran on it").isGreaterThan(0.5);
			}
			else {
				assertThat(q).as("the tasks that ran on akash/A8 failed").isLessThan(0);
			}
		}
		assertThat(sawV4).isTrue();
	}

}
