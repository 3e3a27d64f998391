package io.aurora.intelligence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Example;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of both POST endpoints against the running service: whatever JSON arrives,
 * the answer is a 2xx or a 4xx problem+json, never a 5xx and never a stack trace.
 */
class HostileInputTests {

	private static NeighbourStubs neighbours;

	private static RunningService service;

	@BeforeContainer
	static void start() throws Exception {
		neighbours = new NeighbourStubs();
		service = RunningService.start(Files.createTempDirectory("aurora-fuzz").resolve("d.db"), neighbours, Map.of());
	}

	@AfterContainer
	static void stop() {
		service.close();
		neighbours.close();
	}

	@Property(tries = 300)
	void anyJsonToDecisionsIsAnsweredWithoutA5xx(@ForAll("json") Object body) {
		assertSane(service.http.post("/decisions", TestHttp.JSON.writeValueAsString(body)));
	}

	@Property(tries = 300)
	void anyJsonToFeedbackIsAnsweredWithoutA5xx(@ForAll("json") Object body) {
		assertSane(service.http.post("/feedback", TestHttp.JSON.writeValueAsString(body)));
	}

	@Property(tries = 400)
	void nearlyValidDecisionsAreAnsweredWithoutA5xx(@ForAll("decisions") Map<String, Object> body) {
		assertSane(service.http.post("/decisions", TestHttp.JSON.writeValueAsString(body)));
	}

	@Property(tries = 150)
	void validDecisionsAndOnesWithASingleFaultAreAnsweredWithoutA5xx(@ForAll("validOrOneFault") Map<String, Object> body) {
		TestHttp.Response response = service.http.post("/decisions", TestHttp.JSON.writeValueAsString(body));
		assertSane(response);
		Statistics.label("status").collect(response.status());
		Statistics.label("status").coverage(coverage -> {
			coverage.check(200).percentage(p -> p >= 30);
			coverage.check(400).percentage(p -> p >= 10);
		});
	}

	@Property(tries = 300)
	void nearlyValidFeedbackIsAnsweredWithoutA5xx(@ForAll("outcomes") Object outcome) {
		String traceId = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("trace_id", traceId);
		body.put("outcome", outcome);
		assertSane(service.http.post("/feedback", TestHttp.JSON.writeValueAsString(body)));
	}

	@Example
	void nullNamesInConstraintListsAreRefusedWith400() {
		for (String list : new String[] { "exclude_providers", "regions" }) {
			String body = AuroraIntelligenceApplicationTests.SEED_DECISION.replaceFirst("\\{",
					"{\"constraints\": {\"" + list + "\": [\"akash\", null]}, ");
			TestHttp.Response response = service.http.post("/decisions", body);
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertSane(response);
		}
	}

	@Example
	void bodiesAtTheSizeLimitThatParseIntoTheMostObjectsAreRefusedWithout5xx() {
		StringBuilder context = new StringBuilder("{\"task_id\":\"t\",\"candidates\":[{\"provider\":\"a\",\"sku\":\"b\"}],\"context\":{");
		for (int i = 0; context.length() < 1024 * 1024 - 32; i++) {
			context.append(i == 0 ? "" : ",").append('"').append(Integer.toString(i, 36)).append("\":{}");
		}
		String body = context.append("}}").toString();
		for (int i = 0; i < 20; i++) {
			TestHttp.Response answer = service.http.post("/decisions", body);
			assertThat(answer.status()).as("body %d of 20: each reserves 16 MiB of the budget and gives it back", i)
				.isEqualTo(400);
			assertSane(answer);
		}
		assertThat(service.http.post("/decisions", body + " ".repeat(1024 * 1024)).status()).isEqualTo(413);
		byte[] oversized = (body + " ".repeat(1024 * 1024)).getBytes(StandardCharsets.UTF_8);
		TestHttp.Response chunked = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized))));
		assertThat(chunked.status()).as("a chunked body without a declared length").isEqualTo(413);
		assertSane(chunked);
		assertThat(service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id")).isNotNull();
	}

	@Example
	void aMalformedChunkedBodyIsA400WithValidProblemJson() throws Exception {
		URI base = URI.create(service.http.base());
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write(("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nzz\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
			String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
			assertThat(TestHttp.JSON.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1)).get("status").asInt())
				.isEqualTo(400);
		}
		assertThat(service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id")).isNotNull();
	}

	@Example
	void requestsTomcatRejectsBeforeTheApplicationAreProblemJsonToo() throws Exception {
		for (String target : List.of("/../decisions", "/decisions%2Fx")) {
			String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("application/problem+json");
			String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
			assertThat(TestHttp.JSON.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1)).get("status").asInt())
				.isEqualTo(400);
		}
	}

	@Example
	void whatHttpSaysIsNotImplementedIsProblemJsonThatBlamesTheRequest() throws Exception {
		String connect = raw("CONNECT /decisions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		String coding = raw("POST /decisions HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n"
				+ "Content-Type: application/json\r\nConnection: close\r\n\r\n0\r\n\r\n");
		for (String answer : List.of(connect, coding)) {
			assertThat(answer).startsWith("HTTP/1.1 501").contains("application/problem+json")
				.contains("The request uses something this service does not implement");
		}
	}

	@Example
	void aMalformedEscapeInAPathParameterIsA400NotA500() throws Exception {
		for (String target : List.of("/status;a=%zz", "/healthz;x=%", "/decisions;a=%zz", "//;~=%", "/model;%G0")) {
			String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("application/problem+json")
				.contains("not followed by two hexadecimal digits").doesNotContain("Exception");
		}
		assertThat(raw("GET /status;a=%41 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
	}

	@Example
	void aMalformedQueryStringIsA400OnEveryEndpointThatReadsParameters() throws Exception {
		Map<String, String> expected = new LinkedHashMap<>();
		for (String target : List.of("/health?%", "/health/liveness?%", "/metrics?name=%zz", "/metrics?name=%ff", "/docs?%")) {
			expected.put(target, "400");
		}
		expected.put("/status?%", "200");
		expected.put("/openapi.json?%", "200");
		for (Map.Entry<String, String> probe : expected.entrySet()) {
			String target = probe.getKey();
			String status = probe.getValue();
			String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(answer.substring(9, 12)).as(target + " (only endpoints that read parameters refuse)").isEqualTo(status);
			if (status.equals("400")) {
				assertThat(answer).as(target).contains("application/problem+json").doesNotContain("Exception");
			}
		}
		assertThat(raw("GET /metrics?name=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 400").contains("query string");
	}

	@Example
	void multipartAndFormBodiesAreNotParsedAndAnUnreadableAcceptStillGetsAProblem() {
		TestHttp.Response multipart = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/healthz"))
			.header("Content-Type", "multipart/form-data").GET());
		assertThat(multipart.status()).isEqualTo(200);
		TestHttp.Response form = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
			.header("Content-Type", "application/x-www-form-urlencoded").method("DELETE", HttpRequest.BodyPublishers.ofString("a=%zz")));
		assertThat(form.status()).isEqualTo(405);
		assertSane(form);
		TestHttp.Response unreadableAccept = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
			.header("Content-Type", "application/json").header("Accept", "foo")
			.POST(HttpRequest.BodyPublishers.ofString(AuroraIntelligenceApplicationTests.SEED_DECISION)));
		assertThat(unreadableAccept.status()).isEqualTo(406);
		assertThat(unreadableAccept.json().get("status").asInt()).isEqualTo(406);
		assertSane(unreadableAccept);
	}

	@Example
	void aBodyOfNullCandidatesListsTwentyErrorsAndCountsTheRest() {
		String body = "{\"task_id\":\"t\",\"candidates\":[" + String.join(",", java.util.Collections.nCopies(100_000, "null")) + "]}";
		TestHttp.Response answer = service.http.post("/decisions", body);
		assertThat(answer.status()).isEqualTo(400);
		assertSane(answer);
		assertThat(answer.json().get("errors")).hasSize(20);
		assertThat(answer.json().get("error_count").asInt()).as("the size error and the first 257 elements' only")
			.isEqualTo(1 + 257);
		assertThat(answer.body().length()).isLessThan(4096);
	}

	private static String raw(String request) throws IOException {
		URI base = URI.create(service.http.base());
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Example
	void bodiesThatTogetherExceedTheMemoryBudgetAreAnswered503WithRetryAfter() throws Exception {
		URI base = URI.create(service.http.base());
		List<Socket> held = new ArrayList<>();
		byte[] nearlyAll = new byte[(1 << 20) - 16];
		java.util.Arrays.fill(nearlyAll, (byte) ' ');
		try {
			for (int i = 0; i < 100; i++) {
				Socket socket = new Socket(base.getHost(), base.getPort());
				socket.getOutputStream().write(("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 1048576\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().write(nearlyAll);
				socket.getOutputStream().flush();
				held.add(socket);
			}
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
			TestHttp.Response refused;
			do {
				refused = service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION + " ".repeat(200_000));
			}
			while (refused.status() != 503 && System.nanoTime() < until);
			assertThat(refused.status()).as("100 bodies of nearly 1 MiB hold twice that each, over the 192 MiB budget, "
					+ "once the service has read them").isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("status").asInt()).isEqualTo(503);
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		TestHttp.Response after;
		do {
			after = service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION);
		}
		while (after.status() != 200 && System.nanoTime() < deadline);
		assertThat(after.status()).as("the budget comes back once the held bodies go").isEqualTo(200);
	}

	@Example
	void bodiesSentSlowlyHoldOnlyWhatTheyHaveSentSoDecisionsGoOn() throws Exception {
		URI base = URI.create(service.http.base());
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 16; i++) {
				Socket socket = new Socket(base.getHost(), base.getPort());
				socket.getOutputStream().write(("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 1048576\r\n\r\n{\"task_id\":").getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				slow.add(socket);
			}
			long receiving = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (budgetUsed() < 16 * 1024 && System.nanoTime() < receiving) {
				Thread.sleep(20);
			}
			assertThat(budgetUsed()).as("each slow body holds the 1 KiB its first bytes reserved, shown on /metrics")
				.isBetween(16 * 1024.0, 64 * 1024.0);
			long start = System.nanoTime();
			TestHttp.Response answer = service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION);
			assertThat(answer.status()).as("16 bodies announcing 1 MiB each would take the whole budget if reserved up front")
				.isEqualTo(200);
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("a full budget waits 2 s before its 503")
				.isLessThan(2000);
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	/** The request body budget in use, as the {@code aurora_intelligence_request_body_budget_used_bytes} gauge shows it. */
	private double budgetUsed() {
		return service.http.get("/metrics").body().lines()
			.filter(line -> line.startsWith("aurora_intelligence_request_body_budget_used_bytes"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst().orElse(-1);
	}

	@Property(tries = 200)
	void garbageBytesAreAnsweredWithoutA5xx(@ForAll("garbage") String body) {
		assertSane(service.http.post("/decisions", body));
		assertSane(service.http.post("/feedback", body));
	}

	private static void assertSane(TestHttp.Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 499);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
		if (response.status() != 200) {
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().has("title")).as(response.body()).isTrue();
			assertThat(response.json().has("type"))
				.as("about:blank left out alike by Spring MVC, the filters and Tomcat: " + response.body()).isFalse();
		}
	}

	@Provide
	Arbitrary<Object> json() {
		return value(3);
	}

	private static Arbitrary<Object> value(int depth) {
		Arbitrary<Object> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
				Arbitraries.integers().map(i -> (Object) i), Arbitraries.doubles().map(d -> (Object) d),
				Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just(null),
				Arbitraries.of("task_id", "candidates", "provider", "sku", "context", "outcome", "trace_id", "latency_ms",
						"tr_00", "-1", "1e309", "NaN").map(s -> (Object) s));
		if (depth == 0) {
			return scalar;
		}
		Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) l);
		Arbitrary<Object> map = Arbitraries.maps(keys(), value(depth - 1)).ofMaxSize(5).map(m -> (Object) m);
		return Arbitraries.oneOf(scalar, list, map);
	}

	private static Arbitrary<String> keys() {
		return Arbitraries.oneOf(Arbitraries.of("task_id", "context", "candidates", "provider", "sku", "metadata", "cpu",
				"memory_gb", "mem", "latency_ms", "region", "trace_id", "outcome", "cost", "failures", "slo_hit"),
				Arbitraries.strings().ofMaxLength(12));
	}

	@Provide
	Arbitrary<Map<String, Object>> decisions() {
		Arbitrary<Object> anything = value(2);
		Arbitrary<Object> context = Arbitraries.maps(Arbitraries.of("cpu", "memory_gb", "mem", "latency_ms", "region", "gpu"),
				Arbitraries.oneOf(anything, Arbitraries.of("32Gi", "500m", "-4", "1e400", "", "us-west").map(s -> (Object) s)))
			.ofMaxSize(6).map(m -> (Object) m);
		Arbitrary<Object> candidate = Combinators.combine(Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s), anything),
				Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s), anything), anything)
			.as((p, s, m) -> {
				Map<String, Object> c = new LinkedHashMap<>();
				c.put("provider", p);
				c.put("sku", s);
				c.put("metadata", m);
				return (Object) c;
			});
		Arbitrary<Object> namesWithNulls = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(x -> (Object) x),
				Arbitraries.just(null)).list().ofMaxSize(4).map(l -> (Object) l);
		Arbitrary<Object> constraints = Arbitraries.maps(Arbitraries.of("regions", "max_price", "exclude_providers",
				"max_latency_ms", "min_slo_rate", "other"), Arbitraries.oneOf(anything, namesWithNulls)).ofMaxSize(5)
			.map(m -> (Object) m)
			.injectNull(0.3);
		Arbitrary<Object> objectives = Arbitraries.maps(Arbitraries.of("latency", "cost", "reliability", "speed"),
				Arbitraries.oneOf(anything, Arbitraries.doubles().map(d -> (Object) d))).ofMaxSize(4)
			.map(m -> (Object) m)
			.injectNull(0.3);
		return Combinators.combine(Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s), anything),
				context, candidate.list().ofMaxSize(6).map(l -> (Object) l), constraints, objectives)
			.as((task, ctx, candidates, limits, weights) -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("task_id", task);
				body.put("context", ctx);
				body.put("candidates", candidates);
				if (limits != null) {
					body.put("constraints", limits);
				}
				if (weights != null) {
					body.put("objectives", weights);
				}
				return body;
			});
	}

	/** Valid decisions (about half) and decisions with one realistic fault, so the deep paths run too. */
	@Provide
	Arbitrary<Map<String, Object>> validOrOneFault() {
		Arbitrary<Object> context = Combinators.combine(Arbitraries.of(2, 4, 8, "500m", "16"), Arbitraries.of(16, "32Gi", 0.5),
				Arbitraries.of(50, 200, 1000), Arbitraries.of("us-west", "eu-west", "global"))
			.as((cpu, mem, latency, region) -> (Object) new LinkedHashMap<String, Object>(
					Map.of("cpu", cpu, "memory_gb", mem, "latency_ms", latency, "region", region)));
		Arbitrary<Map<String, Object>> candidate = Combinators.combine(Arbitraries.of("akash", "vast", "ionet", "render"),
				Arbitraries.of("A8", "V4", "X1"), Arbitraries.doubles().between(0, 5))
			.as((provider, sku, price) -> new LinkedHashMap<>(
					Map.of("provider", provider, "sku", sku, "metadata", Map.of("price_usd_per_hour", price))));
		Arbitrary<List<Map<String, Object>>> candidates = candidate.list().ofMinSize(1).ofMaxSize(5)
			.uniqueElements(c -> c.get("provider") + "/" + c.get("sku"));
		return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20), context, candidates,
				Arbitraries.integers().between(0, 15))
			.as((task, ctx, offered, fault) -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("task_id", task);
				body.put("context", ctx);
				body.put("candidates", new ArrayList<>(offered));
				applyFault(body, fault);
				return body;
			});
	}

	@SuppressWarnings("unchecked")
	private static void applyFault(Map<String, Object> body, int fault) {
		List<Object> candidates = (List<Object>) body.get("candidates");
		Map<String, Object> context = (Map<String, Object>) body.get("context");
		switch (fault) {
			case 8 -> body.put("task_id", "");
			case 9 -> candidates.add(candidates.get(0));
			case 10 -> context.put("cpu", "lots");
			case 11 -> body.put("objectives", Map.of("cost", -1));
			case 12 -> body.put("constraints", Map.of("regions", List.of("mars")));
			case 13 -> context.put("region", "r".repeat(100));
			case 14 -> body.put("candidates", List.of());
			case 15 -> ((Map<String, Object>) candidates.get(0)).put("sku", "A8\u0000");
			default -> {
			}
		}
	}

	@Provide
	Arbitrary<Object> outcomes() {
		Arbitrary<Object> number = Arbitraries.oneOf(Arbitraries.doubles().map(d -> (Object) d),
				Arbitraries.integers().map(i -> (Object) i), Arbitraries.of("42", "fast", "", "1e999").map(s -> (Object) s),
				Arbitraries.just(null));
		return Arbitraries.maps(Arbitraries.of("latency_ms", "cost", "failures", "slo_hit", "extra"),
				Arbitraries.oneOf(number, Arbitraries.of(true, false).map(b -> (Object) b), value(1)))
			.ofMaxSize(5).map(m -> (Object) m);
	}

	@Provide
	Arbitrary<String> garbage() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
				Arbitraries.strings().withChars("{}[]\":,0123456789eE.-+ntrufalsx\\").ofMaxLength(200),
				Arbitraries.of("{", "[", "\"", "{\"task_id\":", "{\"a\":1}}", "\u0000", "{\"task_id\":\"\\ud800\"}"));
	}

}
