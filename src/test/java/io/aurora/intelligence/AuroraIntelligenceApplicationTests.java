package io.aurora.intelligence;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.aurora.intelligence.auditor.ModelCopies;
import io.aurora.intelligence.evaluation.Evaluations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The whole service on a random port, with loopback stand-ins for the Ψ-field and the router. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuroraIntelligenceApplicationTests {

	static final String SEED_DECISION = """
			{"task_id": "task-123",
			 "context": {"cpu": 8, "memory_gb": 32, "latency_ms": 50, "region": "us-west"},
			 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 1.1}},
			                {"provider": "vast", "sku": "V4"}]}
			""";

	static final NeighbourStubs neighbours = new NeighbourStubs();

	@LocalServerPort
	int port;

	@Autowired
	HealthEndpointGroups healthGroups;

	@Autowired
	HealthContributorRegistry healthContributors;

	@Autowired
	DataSource dataSource;

	TestHttp http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("aurora-e2e");
		registry.add("STORE_FILE", () -> dir.resolve("decisions.db").toString());
		registry.add("PSI_URL", neighbours::psiUrl);
		registry.add("AURORA_ROUTER_URL", neighbours::routerUrl);
	}

	@AfterAll
	static void stopNeighbours() {
		neighbours.close();
	}

	@BeforeEach
	void client() throws InterruptedException {
		http = new TestHttp(port);
		http.awaitPsiReading();
	}

	@Test
	void traceIdsSortByDecisionTimeAndAreNeverReused() throws Exception {
		String first = http.decide(SEED_DECISION).get("trace_id").asString();
		Thread.sleep(3);
		String second = http.decide(SEED_DECISION).get("trace_id").asString();
		assertThat(second).isGreaterThan(first);
		assertThat(second.substring(3, 15)).isGreaterThan(first.substring(3, 15));
		assertThat(second.substring(15)).isNotEqualTo(first.substring(15));
	}

	@Test
	void importsExportsCheckpointsAndEvaluationsShareOneModelCopySlot(ApplicationContext context) {
		ModelCopies slot = context.getBean(ModelCopies.class);
		assertThat(ReflectionTestUtils.getField(context.getBean("logFollower"), "copies")).isSameAs(slot);
		assertThat(ReflectionTestUtils.getField(context.getBean(Evaluations.class), "copies")).isSameAs(slot);
	}

	@Test
	void decisionsCommitWhileRequestsHoldEveryPooledConnection() throws Exception {
		List<Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				held.add(dataSource.getConnection());
			}
			TestHttp.Response answer = http.post("/decisions", SEED_DECISION);
			assertThat(answer.status()).as("the store writer has a connection of its own: " + answer.body()).isEqualTo(200);
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
	}

	@Test
	void decisionsAnswersInTheSeedsShape() {
		JsonNode answer = http.decide(SEED_DECISION);
		assertThat(answer.get("task_id").asString()).isEqualTo("task-123");
		assertThat(answer.get("trace_id").asString()).matches("tr_[0-9a-f]{36}");
		assertThat(answer.get("score").asDouble()).isEqualTo(0.87);
		assertThat(answer.at("/chosen/provider").asString()).isIn("akash", "vast");
		if ("akash".equals(answer.at("/chosen/provider").asString())) {
			assertThat(answer.at("/chosen/metadata/price_usd_per_hour").asDouble()).isEqualTo(1.1);
		}
		JsonNode only = http.decide(SEED_DECISION.replaceAll(",\\s*\\{\"provider\": \"vast\", \"sku\": \"V4\"}", ""));
		assertThat(only.at("/chosen/provider").asString()).as("the only candidate").isEqualTo("akash");
		assertThat(only.at("/chosen/metadata/price_usd_per_hour").asDouble()).as("its metadata echoed").isEqualTo(1.1);
		JsonNode explanations = answer.get("explanations");
		assertThat(explanations.get("psi_coherence").asDouble()).isEqualTo(0.68);
		assertThat(explanations.get("psi_density").asDouble()).isEqualTo(0.82);
		assertThat(explanations.get("exploration").asString()).isIn("explore", "exploit");
		assertThat(explanations.get("propensity").asDouble()).isBetween(0.05, 1.0);
		assertThat(explanations.get("state").asString()).isEqualTo("us-west|cpu=8|mem=32|lat=50-100|psi=high");
		assertThat(explanations.get("score_source").asString()).isEqualTo("router");
		assertThat(explanations.has("q_value")).isTrue();
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
	void aWholeNumberWrittenAsAFloatIsACount() {
		TestHttp.Response asFloat = http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"failures": 2.0}}
				""".formatted(http.decide(SEED_DECISION).get("trace_id").asString()));
		assertThat(asFloat.status()).as("2.0 is a count, as JSON Schema and Python's json see it").isEqualTo(200);
		assertThat(asFloat.json().at("/explanation/components/failures").asInt()).isEqualTo(2);
	}

	@Test
	void feedbackIsAppliedOnceAndASecondOneConflicts() {
		String traceId = http.decide(SEED_DECISION).get("trace_id").asString();
		long before = http.get("/status").json().at("/model/updates").asLong();
		TestHttp.Response first = http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 42, "cost": 0.12, "failures": 0, "slo_hit": true}}
				""".formatted(traceId));
		assertThat(first.status()).isEqualTo(200);
		JsonNode body = first.json();
		assertThat(body.get("updated").asBoolean()).isTrue();
		assertThat(body.get("reward").asDouble()).isEqualTo(0.88);
		assertThat(body.at("/explanation/total_reward").asDouble()).isEqualTo(0.88);
		assertThat(body.at("/explanation/components/latency_score").asDouble()).isEqualTo(0.79);
		assertThat(body.at("/explanation/components/cost_score").asDouble()).isEqualTo(0.88);
		assertThat(body.at("/explanation/explanation").asString()).isEqualTo("Excellent outcome: low latency, low cost, SLO met");
		assertThat(body.get("q_updates").asLong()).isEqualTo(before + 1);

		TestHttp.Response second = http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 900, "slo_hit": false}}
				""".formatted(traceId));
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.contentType()).startsWith("application/problem+json");
		assertThat(http.get("/status").json().at("/model/updates").asLong()).isEqualTo(before + 1);
	}

	@Test
	void feedbackForAnUnknownTraceReturns404() {
		TestHttp.Response response = http.post("/feedback", """
				{"trace_id": "tr_000000000000000000000000", "outcome": {"slo_hit": true}}
				""");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(404);
	}

	static Stream<Arguments> badRequests() {
		String ok = "{\"provider\":\"akash\",\"sku\":\"A8\"}";
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 257; i++) {
			many.add("{\"provider\":\"p" + i + "\",\"sku\":\"s\"}");
		}
		return Stream.of(
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [", 400, null),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": \"akash\"}", 400, null),
				arguments("/decisions", "{\"candidates\": [" + ok + "]}", 400, "task_id"),
				arguments("/decisions", "{\"task_id\": \"\", \"candidates\": [" + ok + "]}", 400, "task_id"),
				arguments("/decisions", "{\"task_id\": \"t\"}", 400, "candidates"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": []}", 400, "candidates"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [" + String.join(",", many) + "]}", 400, "candidates"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"akash\"}]}", 400, "candidates[0].sku"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"\", \"sku\": \"A8\"}]}", 400, "candidates[0].provider"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [null]}", 400, "candidates[0]"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [" + ok + "," + ok + "]}", 400, "candidates[1]"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"cpu\": \"lots\"}, \"candidates\": [" + ok + "]}", 400, "context.cpu"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": [1], \"candidates\": [" + ok + "]}", 400, null),
				arguments("/decisions", "null", 400, null),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"a\": {\"b\": {\"c\": {\"d\": {}}}}}, \"candidates\": [" + ok + "]}", 400, "context.a.b.c.d"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"note\": \"" + "n".repeat(1025) + "\"}, \"candidates\": [" + ok + "]}", 400, "context.note"),
				arguments("/decisions", "{\"task_id\": \"" + "t".repeat(257) + "\", \"candidates\": [" + ok + "]}", 400, "task_id"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", \"sku\": \"b\", \"metadata\": {\"tags\": [" + "1,".repeat(64) + "1]}}]}", 400, "candidates[0].metadata.tags"),
				arguments("/decisions", "[]", 400, null),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"" + "k".repeat(129) + "\": 1}, \"candidates\": [" + ok + "]}", 400, "context"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": " + keys(65) + ", \"candidates\": [" + ok + "]}", 400, "context"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"" + "p".repeat(257) + "\", \"sku\": \"A8\"}]}", 400, "candidates[0].provider"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", \"sku\": \"" + "s".repeat(257) + "\"}]}", 400, "candidates[0].sku"),
				arguments("/feedback", "{\"trace_id\": \"" + "t".repeat(129) + "\", \"outcome\": {\"slo_hit\": true}}", 400, "trace_id"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {}}", 400, "outcome"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 1e10}}", 400, "outcome.failures"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\"}", 400, "outcome"),
				arguments("/feedback", "{\"outcome\": {\"slo_hit\": true}}", 400, "trace_id"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"latency_ms\": -1}}", 400, "outcome.latency_ms"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"cost\": -0.5}}", 400, "outcome.cost"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": -1}}", 400, "outcome.failures"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"slo_hit\": \"maybe\"}}", 400, null),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"latency_ms\": \"fast\"}}", 400, null),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 0.5}}", 400, "outcome.failures"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"slo_hit\": 2}}", 400, "outcome.slo_hit"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": 3000000000}}", 400, "outcome.failures"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"slo_hit\": \"false\"}}", 400, "outcome.slo_hit"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"cost\": \"0.1\"}}", 400, "outcome.cost"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"latency_ms\": \"\", \"cost\": 0.1}}", 400, "outcome.latency_ms"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"slo_hit\": \"\", \"cost\": 0.1}}", 400, "outcome.slo_hit"),
				arguments("/feedback", "{\"trace_id\": 5, \"outcome\": {\"slo_hit\": true}}", 400, "trace_id"),
				arguments("/feedback", "{\"trace_id\": \"tr_x\", \"trace_id\": \"tr_y\", \"outcome\": {\"slo_hit\": true}}", 400, null),
				arguments("/decisions", "{\"task_id\": 5, \"candidates\": [" + ok + "]}", 400, "task_id"),
				arguments("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": 5, \"sku\": true}]}", 400, "candidates[0].provider"),
				arguments("/decisions", "{\"task_id\": \"t\", \"context\": {\"cpu\": 1, \"cpu\": 2}, \"candidates\": [" + ok + "]}", 400, null),
				arguments("/decisions", "{\"task_id\": \"x\\ud800y\", \"candidates\": [" + ok + "]}", 400, "task_id"));
	}

	/** A JSON object of {@code n} keys. */
	private static String keys(int n) {
		List<String> entries = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			entries.add("\"k" + i + "\": " + i);
		}
		return "{" + String.join(", ", entries) + "}";
	}

	@Test
	void everyLimitIsInclusive() {
		List<String> candidates = new ArrayList<>();
		for (int i = 0; i < 256; i++) {
			candidates.add("{\"provider\": \"" + (i == 0 ? "p".repeat(256) : "p" + i) + "\", \"sku\": \"" + "s".repeat(256)
					+ "\", \"metadata\": {\"note\": \"" + "m".repeat(1024) + "\"}}");
		}
		String body = "{\"task_id\": \"" + "t".repeat(256) + "\", \"context\": " + keys(63).replace("}", ", \"" + "k".repeat(128)
				+ "\": 1}") + ", \"candidates\": [" + String.join(",", candidates) + "]}";
		assertThat(body.length()).as("under the 1 MiB body limit").isLessThan(1 << 20);
		TestHttp.Response answer = http.post("/decisions", body);
		assertThat(answer.status()).as(answer.body().substring(0, Math.min(400, answer.body().length()))).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"0.1\"" })
	void aQuotedNumberIsTheWrongTypeEvenNaN(String quoted) {
		TestHttp.Response feedback = http.post("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"cost\": " + quoted + "}}");
		assertThat(feedback.status()).isEqualTo(400);
		assertThat(feedback.json().get("errors").get(0).get("field").asString()).isEqualTo("outcome.cost");
		assertThat(feedback.json().get("errors").get(0).get("message").asString())
			.isEqualTo("has the wrong type or an unusable value");
		TestHttp.Response decision = http.post("/decisions", "{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", "
				+ "\"sku\": \"b\"}], \"objectives\": {\"latency\": " + quoted + "}}");
		assertThat(decision.status()).isEqualTo(400);
		assertThat(decision.json().get("errors").get(0).get("message").asString())
			.isEqualTo("has the wrong type or an unusable value");
	}

	@ParameterizedTest
	@MethodSource("badRequests")
	void badInputGetsAProblemNeverA5xx(String path, String body, int status, String field) {
		TestHttp.Response response = http.post(path, body);
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertProblem(response, status);
		if (field != null) {
			assertThat(response.json().get("errors").findValuesAsString("field")).contains(field);
		}
	}

	@Test
	void aBodyThatStallsIsAnswered408WithinTheReadTimeout() throws Exception {
		URI base = URI.create(http.base());
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(25_000);
			long start = System.nanoTime();
			socket.getOutputStream().write(("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 500\r\n\r\n{\"task_id\":").getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
			assertThat(answer).isEqualTo("HTTP/1.1 408");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("Tomcat's default would be 60 s")
				.isLessThan(Duration.ofSeconds(20));
		}
	}

	@Test
	void aCompressedBodyIsRefused415() {
		TestHttp.Response response = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
			.header("Content-Type", "application/json").header("Content-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION)));
		assertProblem(response, 415);
		assertThat(response.json().get("detail").asString()).contains("Content-Encoding");
		for (List<String> codings : List.of(List.of("identity", "gzip"), List.of("identity, br"))) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + "/feedback"))
				.header("Content-Type", "application/json");
			codings.forEach(coding -> request.header("Content-Encoding", coding));
			assertProblem(http.send(request.POST(HttpRequest.BodyPublishers.ofString("{}"))), 415);
		}
		TestHttp.Response identity = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
			.header("Content-Type", "application/json").header("Content-Encoding", "identity")
			.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION)));
		assertThat(identity.status()).isEqualTo(200);
	}

	@Test
	void wrongContentTypeReturns415() {
		TestHttp.Response response = http.post("/decisions", "text/plain", SEED_DECISION);
		assertProblem(response, 415);
		assertProblem(http.post("/decisions", "application/x-www-form-urlencoded", SEED_DECISION), 415);
	}

	@Test
	void aBodyWithoutContentTypeIsTakenAsJsonAsTheOriginalTookIt() {
		TestHttp.Response decision = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
			.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION)));
		assertThat(decision.status()).isEqualTo(200);
		String trace = decision.json().get("trace_id").asString();
		TestHttp.Response feedback = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/feedback"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"trace_id\": \"" + trace + "\", \"outcome\": {\"latency_ms\": 120}}")));
		assertThat(feedback.status()).isEqualTo(200);
		assertProblem(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
			.POST(HttpRequest.BodyPublishers.ofString("task_id=x"))), 400);
	}

	@Test
	void aBrowsersUntypedBodyIsRefused415SoNoWebPageCanPostOneCrossSite() {
		for (String[] header : List.of(new String[] { "Origin", "https://elsewhere.example" },
				new String[] { "Sec-Fetch-Site", "cross-site" })) {
			assertProblem(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions")).header(header[0], header[1])
				.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION))), 415);
		}
	}

	@Test
	void unknownPathReturns404AndWrongMethod405() {
		assertProblem(http.get("/nope"), 404);
		assertProblem(http.get("/error"), 404);
		assertProblem(http.get("/health/nothing"), 404);
		assertThat(http.get("/health/liveness").json().get("status").asString()).isEqualTo("UP");
		assertProblem(http.get("/decisions"), 405);
	}

	@Test
	void bodiesOverOneMebibyteReturn413() {
		String padding = "x".repeat(1024 * 1024 + 10);
		TestHttp.Response response = http.post("/decisions", "{\"task_id\": \"" + padding + "\"}");
		assertProblem(response, 413);
	}

	@Test
	void perRequestObjectivesAreNormalisedAndExplainedWithTheParetoFront() {
		JsonNode answer = http.decide("""
				{"task_id": "inference-1", "context": {"cpu": 8, "latency_ms": 60, "region": "us-west"},
				 "objectives": {"latency": 3, "cost": 1, "reliability": 1},
				 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
				""");
		JsonNode explanations = answer.get("explanations");
		assertThat(explanations.at("/weights/latency").asDouble()).isEqualTo(0.6);
		assertThat(explanations.at("/weights/cost").asDouble()).isEqualTo(0.2);
		assertThat(explanations.get("objectives").propertyNames()).containsExactly("latency", "cost", "reliability");
		assertThat(explanations.get("pareto_front").isArray()).isTrue();
		assertThat(explanations.get("pareto_front").size()).isBetween(1, 2);
	}

	@Test
	void badObjectivesAreRefused() {
		String candidates = "\"candidates\": [{\"provider\": \"akash\", \"sku\": \"A8\"}]";
		for (String objectives : List.of("{\"speed\": 1}", "{\"latency\": -1}", "{\"latency\": 0, \"cost\": 0}",
				"{\"latency\": \"high\"}")) {
			TestHttp.Response response = http.post("/decisions",
					"{\"task_id\": \"t\", \"objectives\": " + objectives + ", " + candidates + "}");
			assertProblem(response, 400);
		}
	}

	@Test
	void constraintsExcludeCandidatesEvenFromExploration() {
		String request = """
				{"task_id": "batch-1", "context": {"region": "eu-west"},
				 "constraints": {"regions": ["eu-west"], "max_price": 1.0, "exclude_providers": ["runpod"]},
				 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"region": "us-west", "price_usd_per_hour": 0.5}},
				                {"provider": "ionet", "sku": "H100", "metadata": {"region": "eu-west", "price_usd_per_hour": 2.5}},
				                {"provider": "runpod", "sku": "P1", "metadata": {"region": "eu-west", "price_usd_per_hour": 0.4}},
				                {"provider": "vast", "sku": "V4", "metadata": {"region": "eu-west", "price_usd_per_hour": 0.6}},
				                {"provider": "render", "sku": "R1"}]}
				""";
		for (int i = 0; i < 30; i++) {
			assertThat(http.decide(request).at("/chosen/provider").asString()).isEqualTo("vast");
		}
		TestHttp.Response none = http.post("/decisions", """
				{"task_id": "batch-2", "constraints": {"max_price": 0.1, "exclude_providers": ["vast"]},
				 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 0.5}},
				                {"provider": "vast", "sku": "V4", "metadata": {"price_usd_per_hour": 0.05}}]}
				""");
		assertProblem(none, 422);
		assertProblem(http.post("/decisions", """
				{"task_id": "t", "constraints": {"min_slo_rate": 1.5}, "candidates": [{"provider": "a", "sku": "b"}]}
				"""), 400);
		assertThat(none.json().at("/constraints/max_price").asInt()).isEqualTo(1);
		assertThat(none.json().at("/constraints/exclude_providers").asInt()).isEqualTo(1);
	}

	@Test
	void evaluationsEstimateOtherPoliciesOnTheLoggedDecisions() {
		for (int i = 0; i < 20; i++) {
			String traceId = http.decide(SEED_DECISION).get("trace_id").asString();
			http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": " + (10 * i) + "}}");
		}
		TestHttp.Response response = http.post("/evaluations", "{\"policy\": \"uniform\", \"limit\": 1000}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode evaluation = response.json();
		assertThat(evaluation.get("samples").asInt()).isGreaterThanOrEqualTo(20);
		assertThat(evaluation.get("effective_sample_size").asDouble()).isPositive();
		assertThat(evaluation.get("estimates").findValuesAsString("estimator")).containsExactly("ips", "snips", "dr");
		assertThat(http.post("/evaluations", "{\"policy\": \"epsilon-greedy\", \"epsilon\": 0.2}").status()).isEqualTo(200);
		TestHttp.Response weighted = http.post("/evaluations",
				"{\"policy\": \"epsilon-greedy\", \"model\": \"q-table\", \"objectives\": {\"latency\": 1}}");
		assertThat(weighted.status()).as(weighted.body()).isEqualTo(200);
		assertThat(weighted.json().at("/objectives/latency").asDouble()).isEqualTo(1.0);
		assertThat(weighted.json().get("model").asString()).isEqualTo("q-table");
		assertProblem(http.post("/evaluations", "{\"policy\": \"uniform\", \"objectives\": {\"speed\": 1}}"), 400);
		assertProblem(http.post("/evaluations", "{\"policy\": \"epsilon-greedy\", \"model\": \"oracle\"}"), 400);
		assertProblem(http.post("/evaluations", "{\"policy\": \"clairvoyant\"}"), 400);
		assertProblem(http.post("/evaluations", "{\"policy\": \"uniform\", \"limit\": 1}"), 400);
	}

	@Test
	void learnedRiskExcludesACandidateOnceItIsConfidentlyOverTheLimit() {
		String context = "\"context\": {\"region\": \"ap-risk\", \"cpu\": 4}";
		String both = "\"candidates\": [{\"provider\": \"slowco\", \"sku\": \"S1\"}, {\"provider\": \"fastco\", \"sku\": \"F1\"}]";
		for (int i = 0; i < 25; i++) {
			for (String only : List.of("fastco", "slowco")) {
				JsonNode d = http.decide("{\"task_id\": \"risk\", " + context + ", \"constraints\": {\"exclude_providers\": [\""
						+ only + "\"]}, " + both + "}");
				int latency = "slowco".equals(d.at("/chosen/provider").asString()) ? 500 : 40;
				http.post("/feedback", "{\"trace_id\": \"" + d.get("trace_id").asString() + "\", \"outcome\": {\"latency_ms\": "
						+ latency + ", \"slo_hit\": " + (latency < 100) + "}}");
			}
		}
		for (int i = 0; i < 10; i++) {
			JsonNode d = http.decide("{\"task_id\": \"risk\", " + context + ", \"constraints\": {\"max_latency_ms\": 200}, " + both + "}");
			assertThat(d.at("/chosen/provider").asString()).isEqualTo("fastco");
		}
		TestHttp.Response none = http.post("/decisions", "{\"task_id\": \"risk\", " + context
				+ ", \"constraints\": {\"min_slo_rate\": 0.9}, \"candidates\": [{\"provider\": \"slowco\", \"sku\": \"S1\"}]}");
		assertProblem(none, 422);
		assertThat(none.json().at("/constraints/min_slo_rate").asInt()).isEqualTo(1);
		JsonNode unknown = http.decide("{\"task_id\": \"risk\", " + context
				+ ", \"constraints\": {\"max_latency_ms\": 1}, \"candidates\": [{\"provider\": \"newco\", \"sku\": \"N1\"}]}");
		assertThat(unknown.at("/chosen/provider").asString()).isEqualTo("newco");
	}

	@Test
	void unknownFieldsAreIgnoredAndNamedInAWarning() {
		TestHttp.Response response = http.post("/decisions", """
				{"task_id": "t", "priority": 3, "candidates": [{"provider": "akash", "sku": "A8", "zone": "b"}]}
				""");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().allValues("Warning")).singleElement().asString()
			.startsWith("299 aurora-intelligence \"unknown fields ignored: ").contains("priority", "candidates[].zone");
		String traceId = response.json().get("trace_id").asString();
		TestHttp.Response feedback = http.post("/feedback", """
				{"trace_id": "%s", "source": "x", "outcome": {"latency_ms": 40, "latency": 1, "slo_hit": true}}
				""".formatted(traceId));
		assertThat(feedback.status()).isEqualTo(200);
		assertThat(feedback.headers().allValues("Warning")).singleElement().asString()
			.startsWith("299 aurora-intelligence \"unknown fields ignored: ").contains("source", "outcome.latency");
		StringBuilder many = new StringBuilder("{\"task_id\": \"t\"");
		for (int i = 0; i < 12; i++) {
			many.append(", \"x").append(i).append("\": 1");
		}
		TestHttp.Response capped = http.post("/decisions", many + ", \"candidates\": [{\"provider\": \"akash\", \"sku\": \"A8\"}]}");
		assertThat(capped.headers().firstValue("Warning").orElseThrow()).contains("x0, ").contains("x9\"").doesNotContain("x10");
	}

	@Test
	void theRouterIsSentTheTaskTheCandidateWithItsMetadataAndTheContext() throws InterruptedException {
		String task = "router-body-" + System.nanoTime();
		http.decide("""
				{"task_id": "%s", "context": {"cpu": 8, "region": "us-west", "gpu": "a100"},
				 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 1.1}}]}
				""".formatted(task));
		JsonNode sent = null;
		for (mockwebserver3.RecordedRequest request; (request = neighbours.router.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS)) != null;) {
			JsonNode body = TestHttp.JSON.readTree(request.getBody().utf8());
			if (task.equals(body.path("task_id").asString())) {
				sent = body;
				break;
			}
		}
		assertThat(sent).as("the router got this decision's request").isNotNull();
		assertThat(sent).isEqualTo(TestHttp.JSON.readTree("""
				{"task_id": "%s", "provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 1.1},
				 "context": {"cpu": 8, "region": "us-west", "gpu": "a100"}}
				""".formatted(task)));
	}

	private static void assertProblem(TestHttp.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace\"");
	}

	@Test
	void statusHasTheSeedsShapeAndTheStoreCounts() {
		http.decide(SEED_DECISION);
		JsonNode status = http.get("/status").json();
		assertThat(status.propertyNames()).containsExactlyInAnyOrder("uptime_seconds", "model", "cache", "healthy", "store",
				"router", "psi");
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
				"aurora_intelligence_router_calls_total{result=\"ok\"}");
		assertThat(metrics.body().lines().filter((line) -> line.startsWith("aurora_intelligence_decision_latency_seconds_bucket{")
				&& line.contains("phase=\"total\"")))
			.as("18 fixed buckets and +Inf per phase, from 100 µs to 60 s")
			.hasSize(19)
			.anySatisfy((line) -> assertThat(line).contains("le=\"1.0E-4\""))
			.anySatisfy((line) -> assertThat(line).contains("le=\"60.0\""));
	}

	@Test
	void traceIsRefusedWithAProblemAndNeverEchoed() {
		TestHttp.Response trace = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
			.header("X-Secret", "s3cr3t-cookie").method("TRACE", HttpRequest.BodyPublishers.noBody()));
		assertThat(trace.status()).isEqualTo(405);
		assertThat(trace.body()).as("a TRACE echo would hand a script the caller's credentials").doesNotContain("s3cr3t-cookie");
		assertProblem(trace, 405);
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
		JsonNode paths = docs.json().get("paths");
		assertThat(paths.propertyNames()).contains("/decisions", "/feedback", "/status", "/healthz");
		assertThat(docs.body()).contains("task-123", "tr_a1b2c3d4e5f6", "Excellent outcome");
		assertThat(docs.body()).as("no pattern that ECMA-262 or Python cannot compile").doesNotContain("\\p{");
		assertThat(docs.json().at("/paths/~1decisions/post/responses/200/content/application~1json/schema/$ref").asString())
			.endsWith("/DecisionResponse");
		assertThat(docs.json().at("/paths/~1feedback/post/responses/409/content/application~1problem+json/schema/$ref").asString())
			.endsWith("/Problem");
		assertThat(docs.json().at("/components/schemas/Problem/properties/errors/items/properties/field").isObject()).isTrue();
		assertThat(docs.json().at("/paths/~1model/put/responses/204/content").isMissingNode()).as("a 204 has no body").isTrue();
		assertThat(docs.json().at("/paths/~1model/put/responses/406").isMissingNode()).as("nor does it check Accept").isTrue();
		assertThat(docs.json().at("/paths/~1decisions/post/responses/406").isObject()).isTrue();
		assertThat(docs.json().at("/components/securitySchemes").isMissingNode()).as("no key, no scheme").isTrue();
		JsonNode outcome = docs.json().at("/components/schemas/OutcomeBody");
		assertThat(outcome.at("/properties/latency_ms/minimum").isNumber()).as("what validation enforces").isTrue();
		assertThat(outcome.at("/properties/latency_ms/minimum").doubleValue()).isZero();
		assertThat(outcome.at("/properties/failures/type").asString()).isEqualTo("integer");
		assertThat(outcome.get("minProperties").asInt()).isEqualTo(1);
		assertThat(docs.json().at("/components/schemas/DecisionRequest/properties/task_id/minLength").asInt()).isEqualTo(1);
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

}
