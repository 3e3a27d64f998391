package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Shadow mode: a scheduler that keeps placing tasks by its own rules asks for shadow decisions, which the service
 * answers without asking the router, and reports where each task ran. The model learns those outcomes as the
 * candidates' that ran, also after a restart, and evaluations keep them apart as the rules' own decisions, while the
 * same service places the decisions that are not shadow ones.
 */
class ShadowModeEndToEndTests {

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	private static final String SHADOW_DECISION = AuroraIntelligenceApplicationTests.SEED_DECISION.replaceFirst("\\{",
			"{\"shadow\": true, ");

	private static final String GOOD = "{\"latency_ms\": 30, \"cost\": 0.1, \"failures\": 0, \"slo_hit\": true}";

	private static final String BAD = "{\"latency_ms\": 900, \"cost\": 2, \"failures\": 3, \"slo_hit\": false}";

	private static final String RAN_V4 = ", \"ran\": {\"provider\": \"vast\", \"sku\": \"V4\"}}";

	private static final String RAN_A8 = ", \"ran\": {\"provider\": \"akash\", \"sku\": \"A8\"}}";

	@Test
	void shadowDecisionsAreNotRoutedTheModelLearnsWhatRanAndEvaluationsKeepThemApart() {
		AtomicInteger routed = new AtomicInteger();
		neighbours.routeWith(request -> {
			routed.incrementAndGet();
			return NeighbourStubs.json(200, "{\"score\":0.87,\"status\":\"placed\",\"estimated_latency_ms\":40}");
		});
		Map<String, String> settings = Map.of();
		String last = null;
		String lastBody = null;
		String lastRan = null;
		double rewards = 0;
		int agreed = 0;
		int explored = 0;
		int agreedExploiting = 0;
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
			// The rules alternate whatever the service answered: vast/V4 does well, akash/A8 fails; every fourth job
			// ran where the service answered, and its feedback leaves ran out.
			for (int i = 0; i < 40; i++) {
				JsonNode answer = service.http.decide(SHADOW_DECISION);
				assertThat(answer.at("/explanations/router_result").asString()).isEqualTo("none");
				assertThat(answer.at("/explanations/placed").asBoolean()).isFalse();
				assertThat(answer.get("explanations").get("attempts").isIntegralNumber()).isTrue();
				assertThat(answer.at("/explanations/attempts").asInt()).isZero();
				last = answer.get("trace_id").asString();
				String answered = answer.at("/chosen/sku").asString();
				String feedback = i % 4 == 3 ? ("V4".equals(answered) ? GOOD : BAD) + "}"
						: i % 2 == 0 ? GOOD + RAN_V4 : BAD + RAN_A8;
				lastBody = "{\"trace_id\": \"" + last + "\", \"outcome\": " + feedback;
				TestHttp.Response fed = service.http.post("/feedback", lastBody);
				assertThat(fed.status()).as(fed.body()).isEqualTo(200);
				String ran = i % 4 == 3 ? answered : i % 2 == 0 ? "V4" : "A8";
				assertThat(fed.json().at("/ran/sku").asString()).as("the answer says what was learned").isEqualTo(ran);
				agreed += ran.equals(answered) ? 1 : 0;
				boolean exploring = "explore".equals(answer.at("/explanations/exploration").asString());
				explored += exploring ? 1 : 0;
				agreedExploiting += !exploring && ran.equals(answered) ? 1 : 0;
				lastRan = ran;
				rewards += fed.json().get("reward").asDouble();
			}
			assertThat(routed).as("no shadow decision asks the router").hasValue(0);
			assertLearnedV4(service);
			String metrics = service.http.get("/metrics").body();
			assertThat(counter(metrics, "true", "exploit")).isEqualTo(agreedExploiting);
			assertThat(counter(metrics, "true", "explore")).isEqualTo(agreed - agreedExploiting);
			assertThat(counter(metrics, "false", "exploit") + counter(metrics, "false", "explore"))
				.isEqualTo(40 - agreed);
			assertThat(counter(metrics, "true", "exploit") + counter(metrics, "false", "exploit"))
				.as("the answers the policy labelled exploit").isEqualTo(40 - explored);
			assertThat(counter(metrics, "true", "failover") + counter(metrics, "false", "failover"))
				.as("a shadow decision asks no router, so none failed over").isZero();
			assertThat(metrics.lines()).as("every shadow decision, the 40 fed back and assertLearnedV4's 30, counted apart")
				.contains("aurora_intelligence_shadow_decisions_total 70.0");
			// The last job's feedback left ran out: its shadow decision's answer is what ran, and a repeat says so.
			TestHttp.Response repeat = service.http.post("/feedback", lastBody);
			assertThat(repeat.status()).isEqualTo(409);
			assertThat(repeat.json().at("/recorded/ran/sku").asString()).isEqualTo(lastRan);
			assertThat(repeat.json().get("same_outcome").asBoolean()).isTrue();
			assertThat(service.http.post("/feedback", lastBody.substring(0, lastBody.length() - 1)
					+ ", \"ran\": {\"provider\": \"io.net\", \"sku\": \"H100\"}}").status())
				.as("a repeat is a repeat, whatever it names").isEqualTo(409);
			String elsewhere = "V4".equals(lastRan) ? RAN_A8 : RAN_V4;
			assertThat(service.http.post("/feedback", lastBody.substring(0, lastBody.length() - 1) + elsewhere)
				.json().get("same_outcome").asBoolean()).as("another candidate ran, by this one").isFalse();
			TestHttp.Response rulesOnly = service.http.post("/evaluations", "{\"policy\": \"uniform\"}");
			assertThat(rulesOnly.status()).isEqualTo(400);
			assertThat(rulesOnly.json().get("detail").asString()).contains("40 ran where your own scheduler chose",
					"a mean of " + Math.round(rewards / 40 * 1000) / 1000.0 + " ", "on " + agreed + " of them");
		}
		try (RunningService restarted = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
			assertLearnedV4(restarted);
			double placedRewards = 0;
			for (int i = 0; i < 3; i++) {
				JsonNode placed = restarted.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
				assertThat(placed.at("/explanations/placed").asBoolean()).as("not a shadow decision").isTrue();
				// The first names where it ran: the service's own answer, so it is still the service's sample.
				String named = i == 0 ? ", \"ran\": {\"provider\": \"" + placed.at("/chosen/provider").asString()
						+ "\", \"sku\": \"" + placed.at("/chosen/sku").asString() + "\"}" : "";
				TestHttp.Response feedback = restarted.http.post("/feedback", "{\"trace_id\": \""
						+ placed.get("trace_id").asString() + "\", \"outcome\": " + GOOD + named + "}");
				assertThat(feedback.status()).isEqualTo(200);
				assertThat(feedback.json().has("ran")).isFalse();
				placedRewards += feedback.json().get("reward").asDouble();
			}
			assertThat(restarted.http.get("/metrics").body().lines()).as("assertLearnedV4's, not the placed ones")
				.contains("aurora_intelligence_shadow_decisions_total 30.0");
			JsonNode evaluation = restarted.http.post("/evaluations", "{\"policy\": \"uniform\"}").json();
			assertThat(evaluation.get("samples").asInt()).as("the decisions the service placed").isEqualTo(3);
			assertThat(evaluation.at("/logged/value").asDouble()).as("what they earned, none of the shadow decisions")
				.isCloseTo(placedRewards / 3, within(1e-9));
			assertThat(evaluation.at("/logged/low").asDouble()).as("fewer than 30: the whole range").isEqualTo(-1);
			assertThat(evaluation.at("/shadow/decisions").asInt()).isEqualTo(40);
			assertThat(evaluation.at("/shadow/agreed").asInt()).isEqualTo(agreed);
			JsonNode shadow = evaluation.get("shadow");
			assertThat(shadow.get("explored").isIntegralNumber()).as(shadow.toString()).isTrue();
			assertThat(shadow.get("explored").asInt()).as("the answers' own exploration").isEqualTo(explored);
			assertThat(shadow.get("exploited").asInt()).isEqualTo(40 - explored);
			assertThat(shadow.get("agreed_exploiting").asInt()).isEqualTo(agreedExploiting);
			assertThat(evaluation.at("/shadow/value/value").asDouble()).isCloseTo(rewards / 40, within(1e-9));
			String unreported = decide(restarted, SHADOW_DECISION);
			TestHttp.Response unknown = restarted.http.post("/feedback", "{\"trace_id\": \"" + unreported
					+ "\", \"outcome\": " + GOOD + ", \"ran\": {\"provider\": \"io.net\", \"sku\": \"H100\"}}");
			assertThat(unknown.status()).isEqualTo(422);
			assertThat(unknown.contentType()).startsWith("application/problem+json");
			assertThat(restarted.http.post("/feedback", "{\"trace_id\": \"" + unreported + "\", \"outcome\": " + GOOD
					+ RAN_V4).status()).as("the refused feedback recorded nothing").isEqualTo(200);
			double before = counted(restarted.http.get("/metrics").body());
			String alone = decide(restarted, SHADOW_DECISION.replaceFirst("\\{",
					"{\"constraints\": {\"exclude_providers\": [\"vast\"]}, "));
			assertThat(restarted.http.post("/feedback", "{\"trace_id\": \"" + alone + "\", \"outcome\": " + GOOD + "}")
				.status()).isEqualTo(200);
			assertThat(counted(restarted.http.get("/metrics").body()))
				.as("one candidate left: no choice to agree on, as the evaluation leaves it out").isEqualTo(before);
		}
		assertThat(routed).hasValue(3);
	}

	@Test
	void shadowDecisionsAreCheckedAndKeyedLikeAnyOther() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			TestHttp.Response first = service.http.decideKeyed("job-1", SHADOW_DECISION);
			assertThat(first.status()).isEqualTo(200);
			TestHttp.Response repeat = service.http.decideKeyed("job-1", SHADOW_DECISION);
			assertThat(repeat.json().get("trace_id").asString()).as("a retry is answered the first decision")
				.isEqualTo(first.json().get("trace_id").asString());
			assertThat(service.http.decideKeyed("job-1", AuroraIntelligenceApplicationTests.SEED_DECISION).status())
				.as("the same key for a decision the service would place is another request").isEqualTo(422);
			String shadowFalse = AuroraIntelligenceApplicationTests.SEED_DECISION.replaceFirst("\\{", "{\"shadow\": false, ");
			TestHttp.Response placed = service.http.decideKeyed("job-2", AuroraIntelligenceApplicationTests.SEED_DECISION);
			assertThat(service.http.decideKeyed("job-2", shadowFalse).json().get("trace_id").asString())
				.as("false is the same as no shadow").isEqualTo(placed.json().get("trace_id").asString());
			TestHttp.Response notBoolean = service.http.post("/decisions",
					AuroraIntelligenceApplicationTests.SEED_DECISION.replaceFirst("\\{", "{\"shadow\": \"yes\", "));
			assertThat(notBoolean.status()).isEqualTo(400);
			assertThat(notBoolean.contentType()).startsWith("application/problem+json");
			String constrained = SHADOW_DECISION.replaceFirst("\\{", "{\"constraints\": {\"exclude_providers\": [\"vast\"]}, ");
			String trace = decide(service, constrained);
			TestHttp.Response dropped = service.http.post("/feedback", "{\"trace_id\": \"" + trace + "\", \"outcome\": "
					+ GOOD + RAN_V4);
			assertThat(dropped.status()).as("vast/V4 was not among the candidates the constraints kept").isEqualTo(422);
		}
	}

	@Test
	void shadowDecisionsOfRulesThatChooseAtRandomAreEvaluatedWithThePropensityTheirFeedbackGives() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			double badReward = Double.NaN;
			// The rules run one job in five on akash/A8 (propensity 0.2), which fails, and the rest on vast/V4 (0.8); every
			// other job is in eu-west, with its cpu as a quantity.
			int answeredV4 = 0;
			int exploitedV4 = 0;
			for (int i = 0; i < 40; i++) {
				JsonNode answer = service.http.decide(i % 2 == 0 ? SHADOW_DECISION
						: SHADOW_DECISION.replace("\"us-west\"", "\"eu-west\"").replace("\"cpu\": 8", "\"cpu\": \"8000m\""));
				String trace = answer.get("trace_id").asString();
				boolean v4 = "V4".equals(answer.at("/chosen/sku").asString());
				answeredV4 += v4 ? 1 : 0;
				exploitedV4 += v4 && "exploit".equals(answer.at("/explanations/exploration").asString()) ? 1 : 0;
				boolean a8 = i % 5 == 0;
				String ran = a8 ? "\"provider\": \"akash\", \"sku\": \"A8\", \"propensity\": 0.2"
						: "\"provider\": \"vast\", \"sku\": \"V4\", \"propensity\": 0.8";
				TestHttp.Response fed = service.http.post("/feedback", "{\"trace_id\": \"" + trace + "\", \"outcome\": "
						+ (a8 ? BAD : GOOD) + ", \"ran\": {" + ran + "}}");
				assertThat(fed.status()).as(fed.body()).isEqualTo(200);
				assertThat(fed.json().at("/ran/propensity").asDouble()).isEqualTo(a8 ? 0.2 : 0.8);
				if (a8) {
					badReward = fed.json().get("reward").asDouble();
				}
			}
			TestHttp.Response evaluated = service.http.post("/evaluations", "{\"policy\": \"first\"}");
			assertThat(evaluated.status()).as("not a 400: the rules' random picks are samples").isEqualTo(200);
			assertThat(evaluated.json().get("samples").asInt()).isEqualTo(40);
			assertThat(evaluated.json().at("/shadow/sampled").asInt()).isEqualTo(40);
			JsonNode mostRun = evaluated.json().at("/shadow/candidates/0");
			assertThat(mostRun.get("sku").asString()).as(evaluated.body()).isEqualTo("V4");
			assertThat(mostRun.get("ran").asInt()).isEqualTo(32);
			JsonNode failing = evaluated.json().at("/shadow/candidates/1");
			assertThat(failing.get("sku").asString()).isEqualTo("A8");
			assertThat(failing.get("ran").asInt()).isEqualTo(8);
			assertThat(mostRun.get("answered").asInt()).as("as the decisions answered").isEqualTo(answeredV4);
			assertThat(failing.get("answered").asInt()).isEqualTo(40 - answeredV4);
			assertThat(mostRun.get("exploited").asInt()).as("the answers labelled exploit").isEqualTo(exploitedV4);
			assertThat(failing.at("/value/value").asDouble()).as("every job the rules ran on akash/A8 failed")
				.isEqualTo(badReward);
			JsonNode ips = evaluated.json().at("/estimates/0");
			assertThat(ips.get("estimator").asString()).isEqualTo("ips");
			assertThat(ips.get("value").asDouble())
				.as("always akash/A8, listed first: 8 of 40 samples weighted by 1/0.2 is its failing reward exactly")
				.isCloseTo(badReward, within(1e-9));
			assertThat(badReward).isLessThan(0);
			TestHttp.Response versus = service.http.post("/evaluations", "{\"policy\": \"first\", \"baseline\": \"rules\"}");
			assertThat(versus.status()).as(versus.body()).isEqualTo(200);
			assertThat(versus.json().at("/versus/baseline").asString()).isEqualTo("rules");
			assertThat(versus.json().at("/versus/samples").asInt()).isEqualTo(40);
			assertThat(versus.json().at("/versus/difference/value").asDouble())
				.as("always akash/A8 earns less than rules that ran four jobs in five on vast/V4").isLessThan(0);
			TestHttp.Response segment = service.http.post("/evaluations", "{\"policy\": \"first\", \"context\": "
					+ "{\"region\": \"us-west\", \"cpu\": 8.0}}");
			assertThat(segment.status()).as(segment.body()).isEqualTo(200);
			assertThat(segment.json().get("samples").asInt()).isEqualTo(20);
			assertThat(segment.json().get("read").asInt()).isEqualTo(40);
			assertThat(segment.json().at("/shadow/decisions").asInt()).isEqualTo(20);
			assertThat(segment.json().at("/context/region").asString()).isEqualTo("us-west");
			TestHttp.Response byRegion = service.http.post("/evaluations", "{\"policy\": \"first\", \"by\": \"region\"}");
			assertThat(byRegion.status()).as(byRegion.body()).isEqualTo(200);
			assertThat(byRegion.json().at("/by/name").asString()).isEqualTo("region");
			assertThat(byRegion.json().at("/by/parts").valueStream().map(part -> part.get("value").asString() + " "
					+ part.get("samples").asInt())).containsExactlyInAnyOrder("us-west 20", "eu-west 20");
			assertThat(byRegion.json().at("/samples").asInt()).isEqualTo(40);
			TestHttp.Response rulesByRegion = service.http.post("/evaluations",
					"{\"policy\": \"first\", \"baseline\": \"rules\", \"by\": \"region\"}");
			assertThat(rulesByRegion.json().at("/by/parts").valueStream().map(part -> part.at("/versus/samples").asInt()))
				.as(rulesByRegion.body()).containsExactly(20, 20);
			TestHttp.Response quantity = service.http.post("/evaluations", "{\"policy\": \"first\", \"context\": "
					+ "{\"cpu\": \"8\", \"region\": \"eu-west\"}}");
			assertThat(quantity.json().get("samples").asInt()).as("8 cores are 8000m, as the model read them").isEqualTo(20);
			TestHttp.Response elsewhere = service.http.post("/evaluations", "{\"policy\": \"first\", \"context\": "
					+ "{\"region\": \"ap-south\"}}");
			assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(400);
			assertThat(elsewhere.json().get("detail").asString())
				.contains("in the segment {\"region\": \"ap-south\"}", "among the 40 read", "found 0");
			JsonNode placed = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
			String label = placed.at("/explanations/exploration").asString();
			double before = counter(service.http.get("/metrics").body(), "false", label);
			String other = "A8".equals(placed.at("/chosen/sku").asString())
					? "\"provider\": \"vast\", \"sku\": \"V4\"" : "\"provider\": \"akash\", \"sku\": \"A8\"";
			TestHttp.Response overridden = service.http.post("/feedback", "{\"trace_id\": \""
					+ placed.get("trace_id").asString() + "\", \"outcome\": " + GOOD + ", \"ran\": {" + other
					+ ", \"propensity\": 0.5}}");
			assertThat(overridden.status()).as(overridden.body()).isEqualTo(200);
			assertThat(overridden.json().get("ran").has("propensity"))
				.as("not a shadow decision: the service's answer came first, so the rules' propensity is dropped").isFalse();
			assertThat(counter(service.http.get("/metrics").body(), "false", label))
				.as("an override of a placed answer counts under its policy's label").isEqualTo(before + 1);
		}
	}

	private static double counter(String metrics, String agreed, String answer) {
		String series = "aurora_intelligence_shadow_feedback_total{agreed=\"" + agreed + "\",answer=\"" + answer + "\"} ";
		return metrics.lines().filter(line -> line.startsWith(series)).mapToDouble(line -> Double.parseDouble(
				line.substring(series.length()))).findFirst().orElseThrow();
	}

	/** The shadow feedback counted, under every label. */
	private static double counted(String metrics) {
		double sum = 0;
		for (String agreed : List.of("true", "false")) {
			for (String answer : List.of("exploit", "explore", "failover")) {
				sum += counter(metrics, agreed, answer);
			}
		}
		return sum;
	}

	private static String decide(RunningService service, String body) {
		return service.http.decide(body).get("trace_id").asString();
	}

	/**
	 * Decisions value vast/V4, which did well where it ran, above akash/A8, which failed, whichever the service had chosen:
	 * learned from the service's own choices instead, both would be valued alike.
	 */
	private static void assertLearnedV4(RunningService service) {
		boolean sawV4 = false;
		for (int i = 0; i < 30; i++) {
			JsonNode answer = service.http.decide(SHADOW_DECISION);
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
