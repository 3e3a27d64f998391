package io.aurora.intelligence;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The API key on mutating endpoints, as an attacker meets it ({@link FeedbackWindowTests}: the window, as a late caller does). */
class AbuseResistanceTests {

	static final String KEY = "a-long-enough-test-key-123";

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@Test
	void feedbackNeedsTheApiKeyWhileReadsStayOpen() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
			TestHttp http = service.http;
			String traceId = http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
			String body = "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}";
			TestHttp.Response anonymous = http.post("/feedback", body);
			assertThat(anonymous.status()).isEqualTo(401);
			assertThat(anonymous.contentType()).startsWith("application/problem+json");
			TestHttp.Response wrong = withKey(http, body, "Bearer wrong-key-of-some-length");
			assertThat(wrong.status()).isEqualTo(401);
			assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"aurora-intelligence\", error=\"invalid_token\"");
			assertThat(wrong.json().get("detail").asString()).startsWith("The Authorization header does not carry AURORA_API_KEY");
			assertThat(anonymous.json().get("detail").asString()).isEqualTo("This endpoint needs Authorization: Bearer <AURORA_API_KEY>");
			assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as("no credentials, no error (RFC 6750)")
				.hasValue("Bearer realm=\"aurora-intelligence\"");
			assertThat(withKey(http, body, KEY).status()).isEqualTo(401);
			for (String[] two : new String[][] { { "Bearer " + KEY, "Bearer wrong-key-of-some-length" },
					{ "Bearer wrong-key-of-some-length", "Bearer " + KEY }, { "", "Bearer " + KEY } }) {
				TestHttp.Response twice = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/feedback"))
					.header("Content-Type", "application/json").header("Authorization", two[0]).header("Authorization", two[1])
					.POST(HttpRequest.BodyPublishers.ofString(body)));
				assertThat(twice.status()).as("two keys, whatever their order, or the key beside an empty header").isEqualTo(401);
				assertThat(twice.json().get("detail").asString()).startsWith("The request sends the Authorization header more than once");
				assertThat(twice.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"aurora-intelligence\", error=\"invalid_request\"");
			}
			assertThat(withKey(http, body, "bearer " + KEY).status()).as("the scheme is case-insensitive").isEqualTo(200);
			String decision = AuroraIntelligenceApplicationTests.SEED_DECISION;
			assertThat(http.post("/decisions", decision).status()).as("decisions are open").isEqualTo(200);
			assertThat(withKey(http, "/decisions", decision, "Bearer " + KEY).status()).isEqualTo(200);
			TestHttp.Response stale = withKey(http, "/decisions", decision, "Bearer wrong-key-of-some-length");
			assertThat(stale.status()).as("a key sent is checked, even where none is needed").isEqualTo(401);
			assertThat(stale.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"aurora-intelligence\", error=\"invalid_token\"");
			assertThat(stale.json().get("detail").asString()).contains("does not carry AURORA_API_KEY");
			assertThat(withKey(http, "/decisions", decision, "").status()).as("an empty header carries no credentials")
				.isEqualTo(200);
			TestHttp.Response twoEmpty = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
				.header("Content-Type", "application/json").header("Authorization", "").header("Authorization", "")
				.POST(HttpRequest.BodyPublishers.ofString(decision)));
			assertThat(twoEmpty.status()).as("empty headers, however many, carry no credentials").isEqualTo(200);
			TestHttp.Response empty = withKey(http, body, "");
			assertThat(empty.status()).isEqualTo(401);
			assertThat(empty.headers().firstValue("WWW-Authenticate")).as("no credentials, no error (RFC 6750)")
				.hasValue("Bearer realm=\"aurora-intelligence\"");
			assertThat(http.get("/status").status()).isEqualTo(200);
			assertThat(http.get("/metrics").status()).isEqualTo(200);
			assertThat(http.get("/healthz").status()).isEqualTo(200);
			assertThat(http.get("/openapi.json").status()).isEqualTo(200);
		}
	}

	@Test
	void feedbackCountsUnderItsDecisionsProviderOnlyWhereTheDecisionCountedThereEvenAfterARestart() {
		String shadow = "{\"task_id\": \"t\", \"shadow\": true, \"candidates\": [{\"provider\": \"keyed-cloud\", \"sku\": \"K1\"}]}";
		String keyed;
		String anonymous;
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
			keyed = withKey(service.http, "/decisions", shadow, "Bearer " + KEY).json().get("trace_id").asString();
			anonymous = service.http.post("/decisions", shadow.replace("keyed-cloud", "anonymous-cloud")).json()
				.get("trace_id").asString();
			assertThat(providers(service.http, "aurora_intelligence_decisions_total")).as("shadow decisions are never placed")
				.containsExactlyInAnyOrder("keyed-cloud", "other");
		}
		try (RunningService restarted = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
			for (String traceId : List.of(keyed, anonymous)) {
				assertThat(withKey(restarted.http, "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}",
						"Bearer " + KEY).status()).isEqualTo(200);
			}
			assertThat(providers(restarted.http, "aurora_intelligence_feedback_total"))
				.as("by the trace: a keyed decision's provider is named though no decision of this process named it, an "
						+ "anonymous unplaced one's is not")
				.containsExactlyInAnyOrder("keyed-cloud", "other");
		}
	}

	/** The {@code provider} label of each series of {@code metric} in a scrape. */
	private static List<String> providers(TestHttp http, String metric) {
		return http.get("/metrics").body().lines().filter(line -> line.startsWith(metric + "{"))
			.map(line -> line.replaceAll(".*provider=\"([^\"]*)\".*", "$1")).toList();
	}

	@Test
	void aKeyReadFromAFileWithAFinalNewlineStillMatchesTheKeyCallersSend() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("AURORA_API_KEY", KEY + "\n", "AURORA_AUTH_DECISIONS", "true"))) {
			TestHttp http = service.http;
			assertThat(withKey(http, "/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION, "Bearer " + KEY).status())
				.isEqualTo(200);
			assertThat(http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION).status()).isEqualTo(401);
		}
	}

	@Test
	void theModelsExportNeedsTheKeyHoweverItsPathIsSpelt() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
			TestHttp http = service.http;
			for (String path : new String[] { "/model", "/%6Dodel", "/model;x=1" }) {
				TestHttp.Response anonymous = http.get(path);
				assertThat(anonymous.status()).as(path).isEqualTo(401);
				assertThat(anonymous.contentType()).startsWith("application/problem+json");
			}
			TestHttp.Response model = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/%6Dodel"))
				.header("Authorization", "Bearer " + KEY).GET());
			assertThat(model.status()).isEqualTo(200);
			assertThat(model.json().get("policy").asString()).isEqualTo("squarecb");
		}
	}

	@Test
	void theOpenApiDocumentSaysWhichOperationsNeedTheKey() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
			JsonNode docs = service.http.get("/openapi.json").json();
			assertThat(docs.at("/components/securitySchemes/apiKey/type").asString()).isEqualTo("http");
			assertThat(docs.at("/components/securitySchemes/apiKey/scheme").asString()).isEqualTo("bearer");
			assertThat(docs.at("/paths/~1feedback/post/security/0").propertyNames()).containsExactly("apiKey");
			assertThat(docs.at("/paths/~1model/put/security/0").propertyNames()).containsExactly("apiKey");
			assertThat(docs.at("/paths/~1model/get/security/0").propertyNames()).containsExactly("apiKey");
			for (String open : List.of("/paths/~1decisions/post", "/paths/~1status/get", "/paths/~1healthz/get", "/paths/~1metrics/get")) {
				assertThat(docs.at(open + "/security/0").isObject()).as(open + " says anyone may call it").isTrue();
				assertThat(docs.at(open + "/security/0").isEmpty()).as(open).isTrue();
			}
			assertThat(docs.at("/paths/~1status/get/security").size()).isEqualTo(1);
			assertThat(docs.at("/paths/~1decisions/post/security/1").propertyNames()).as("the key optional, since it still matters")
				.containsExactly("apiKey");
			assertThat(docs.at("/paths/~1feedback/post/responses/401/headers/WWW-Authenticate").isObject()).isTrue();
			assertThat(docs.at("/paths/~1feedback/post/responses/401/content/application~1problem+json/schema/$ref").asString())
				.endsWith("/Problem");
		}
	}

	@Test
	void refusalsProvokedByACallerWithoutTheKeyTeachTheModelNothing() {
		try (NeighbourStubs refusing = new NeighbourStubs()) {
			refusing.routeWith(request -> request.getBody().utf8().contains("\"akash\"")
					? NeighbourStubs.json(409, "{\"status\":\"no_capacity\"}")
					: NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":0.6}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), refusing, Map.of("AURORA_API_KEY", KEY))) {
				int refused = 0;
				for (int i = 0; i < 100 && (i < 20 || refused == 0); i++) {
					JsonNode answer = service.http.decide(FailoverTests.REQUEST);
					refused += answer.at("/explanations/attempts").asInt() - 1;
				}
				assertThat(refused).as("akash was tried and refused").isPositive();
				assertThat(service.http.get("/status").json().at("/model/updates").asLong()).isZero();
				int taught = 0;
				for (int i = 0; i < 100 && (i < 20 || taught == 0); i++) {
					TestHttp.Response answer = withKey(service.http, "/decisions", FailoverTests.REQUEST, "Bearer " + KEY);
					assertThat(answer.status()).isEqualTo(200);
					taught += answer.json().at("/explanations/attempts").asInt() - 1;
				}
				assertThat(taught).isPositive();
				assertThat(service.http.get("/status").json().at("/model/updates").asLong()).isEqualTo(taught);
			}
		}
	}

	@Test
	void callersWithoutTheKeyCannotOpenTheRoutersCircuitsForCallersWithIt() {
		try (NeighbourStubs picky = new NeighbourStubs()) {
			picky.routeWith(request -> request.getBody().utf8().contains("\"ghost\"")
					? NeighbourStubs.json(404, "{\"detail\":\"no such provider\"}")
					: NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":0.6}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), picky, Map.of("AURORA_API_KEY", KEY))) {
				String ghost = "{\"task_id\":\"t\",\"candidates\":[{\"provider\":\"ghost\",\"sku\":\"g1\"}]}";
				for (int i = 0; i < 6; i++) {
					service.http.decide(ghost);
				}
				assertThat(service.http.decide(ghost).at("/explanations/router_result").asString()).isEqualTo("open");
				JsonNode status = service.http.get("/status").json().get("router");
				assertThat(status.at("/callers/anonymous").asString()).isEqualTo("open");
				assertThat(status.at("/callers/authorised").asString()).isEqualTo("closed");
				assertThat(status.get("circuit").asString()).as("theirs, while no caller with the key has called").isEqualTo("open");
				TestHttp.Response keyed = withKey(service.http, "/decisions",
						"{\"task_id\":\"k\",\"candidates\":[{\"provider\":\"azure\",\"sku\":\"d4\"}]}", "Bearer " + KEY);
				assertThat(keyed.json().at("/explanations/router_result").asString()).as("a caller with the key is still placed")
					.isEqualTo("ok");
				assertThat(keyed.json().at("/explanations/placed").asBoolean()).isTrue();
				assertThat(service.http.get("/metrics").body()).as("the circuit of callers with the key, who have called now")
					.contains("aurora_intelligence_router_circuit_open 0.0")
					.contains("aurora_intelligence_router_anonymous_circuit_open 1.0");
				assertThat(service.http.get("/status").json().at("/router/circuit").asString()).isEqualTo("closed");
			}
		}
	}

	@Test
	void scrapesWithinMetricsCacheMsAreAnsweredFromTheFirst() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("METRICS_CACHE_MS", "60000"))) {
			String first = service.http.get("/metrics").body();
			assertThat(service.http.get("/metrics?includedNames=none").body()).as("filtered for its caller").isEmpty();
			service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
			assertThat(service.http.get("/metrics").body()).as("an open, costly endpoint a flood must not turn into CPU")
				.isEqualTo(first).contains("aurora_intelligence_router_calls_total{result=\"ok\"} 0.0",
					"aurora_intelligence_router_calls_total{result=\"rejected\"} 0.0",
					"aurora_intelligence_router_calls_total{result=\"error\"} 0.0",
					"aurora_intelligence_router_calls_total{result=\"timeout\"} 0.0",
					"aurora_intelligence_router_calls_total{result=\"open\"} 0.0",
					"aurora_intelligence_router_calls_total{result=\"busy\"} 0.0",
					"aurora_intelligence_decision_latency_seconds_count{phase=\"executor\"} 0");
		}
	}

	@Test
	void decisionsCanBeProtectedToo() {
		Map<String, String> settings = Map.of("AURORA_API_KEY", KEY, "AURORA_AUTH_DECISIONS", "true");
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
			assertThat(service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION).status()).isEqualTo(401);
		}
	}

	@Test
	void modelImportAndEvaluationsNeedTheKeyWhichIsCheckedBeforeAnyBodyArrives() throws Exception {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
			TestHttp http = service.http;
			TestHttp.Response model = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/model"))
				.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")));
			assertThat(model.status()).isEqualTo(401);
			assertThat(model.contentType()).startsWith("application/problem+json");
			assertThat(http.post("/evaluations", "{}").status()).isEqualTo(401);
			assertThat(headersOnly(http, "PUT /model", 64 * 1024 * 1024)).startsWith("HTTP/1.1 401");
		}
	}

	@Test
	void aModelImportMayBeLargerThanOtherBodiesUpTo64MiB() throws Exception {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
			TestHttp http = service.http;
			TestHttp.Response exported = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/model"))
				.header("Authorization", "Bearer " + KEY).GET());
			String padded = exported.body().substring(0, exported.body().length() - 1) + ", \"note\": \"" + "x".repeat(3 << 20)
					+ "\"}";
			TestHttp.Response imported = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/model"))
				.header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(padded)));
			assertThat(imported.status()).as("3 MiB is over the 1 MiB of other bodies: " + imported.body()).isEqualTo(204);
			assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/feedback"))
				.header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"note\": \"" + "x".repeat(3 << 20) + "\"}"))).status())
				.as("other bodies stop at 1 MiB").isEqualTo(413);
			String over = headersOnlyWithKey(http, "PUT /model", 64 * 1024 * 1024 + 1);
			assertThat(over).startsWith("HTTP/1.1 413").contains("application/problem+json");
		}
	}

	@Test
	void aModelImportThatIsNoExportIs400AndOneLearningCandidatesNoDecisionCouldOfferIs422() throws Exception {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
			TestHttp http = service.http;
			String traceId = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
				.header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(AuroraIntelligenceApplicationTests.SEED_DECISION))).json()
				.get("trace_id").asString();
			assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/feedback"))
				.header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}")))
				.status()).isEqualTo(200);
			String exported = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/model"))
				.header("Authorization", "Bearer " + KEY).GET()).body();
			assertThat(exported).contains("\"provider\":\"");

			TestHttp.Response empty = putModel(http, "{}");
			assertThat(empty.status()).isEqualTo(400);
			assertThat(empty.json().at("/errors/0/field").asString()).isEqualTo("policy");
			TestHttp.Response stateless = putModel(http, "{\"policy\": \"squarecb\", \"state\": []}");
			assertThat(stateless.status()).isEqualTo(400);
			assertThat(stateless.json().at("/errors/0/field").asString()).isEqualTo("state");
			assertThat(stateless.json().at("/errors/0/message").asString()).startsWith("must be an object");
			assertThat(putModel(http, "{\"policy\": 123, \"state\": {}}").json().at("/errors/0/message").asString())
				.startsWith("must be a string");
			for (String name : new String[] { "   ", "a\\u0000b", "x".repeat(257) }) {
				TestHttp.Response unofferable = putModel(http, exported.replaceFirst("\"provider\":\"[^\"]*\"",
						Matcher.quoteReplacement("\"provider\":\"" + name + "\"")));
				assertThat(unofferable.status()).as(name).isEqualTo(422);
				assertThat(unofferable.json().get("detail").asString()).contains("'provider'");
			}
			assertThat(putModel(http, exported).status()).as("the export itself imports").isEqualTo(204);
			assertThat(http.send(HttpRequest.newBuilder(URI.create(http.base() + "/model"))
				.header("Authorization", "Bearer " + KEY).GET()).body()).isEqualTo(exported);
		}
	}

	private static TestHttp.Response putModel(TestHttp http, String body) {
		return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/model")).header("Authorization", "Bearer " + KEY)
			.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	@Test
	void withoutAKeyModelImportIsRefusedBeforeItsBodyArrives() throws Exception {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			String answer = headersOnly(service.http, "PUT /model", 64 * 1024 * 1024);
			assertThat(answer).startsWith("HTTP/1.1 403").contains("application/problem+json").contains("AURORA_API_KEY");
		}
	}

	/** Sends only the head of a request that announces a large body, and returns what the service answers. */
	private static String headersOnly(TestHttp http, String requestLine, int contentLength) throws Exception {
		return headersOnly(http, requestLine, contentLength, "");
	}

	private static String headersOnlyWithKey(TestHttp http, String requestLine, int contentLength) throws Exception {
		return headersOnly(http, requestLine, contentLength, "Authorization: Bearer " + KEY + "\r\n");
	}

	private static String headersOnly(TestHttp http, String requestLine, int contentLength, String extra) throws Exception {
		URI base = URI.create(http.base());
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ extra + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			StringBuilder answer = new StringBuilder();
			byte[] buffer = new byte[4096];
			int n;
			while (!answer.toString().contains("\"detail\"") && (n = socket.getInputStream().read(buffer)) != -1) {
				answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
			}
			return answer.toString();
		}
	}

	private static TestHttp.Response withKey(TestHttp http, String body, String authorization) {
		return withKey(http, "/feedback", body, authorization);
	}

	private static TestHttp.Response withKey(TestHttp http, String path, String body, String authorization) {
		return http.send(HttpRequest.newBuilder(URI.create(http.base() + path)).header("Content-Type", "application/json")
			.header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

}
