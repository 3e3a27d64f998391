package io.aurora.intelligence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.aurora.intelligence.HostileInputTests.assertSane;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hand-made hostile requests against the running service: bodies built to parse into the most objects,
 * malformed chunking, escapes and query strings, and what Tomcat refuses itself. Each is answered with a 4xx
 * problem+json ({@link RequestBodyBudgetTests} has bodies that exceed the memory budget or arrive slowly).
 */
class HostileRequestsTests {

	private static NeighbourStubs neighbours;

	private static RunningService service;

	@BeforeAll
	static void start() throws Exception {
		neighbours = new NeighbourStubs();
		service = RunningService.start(Files.createTempDirectory("aurora-hostile").resolve("d.db"), neighbours, Map.of());
	}

	@AfterAll
	static void stop() {
		service.close();
		neighbours.close();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aCallersMethodAndPathAreNotWrittenToTheLog(CapturedOutput output) throws IOException {
		assertThat(service.http.raw("A".repeat(5000) + " /status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 405");
		assertThat(service.http.raw("A".repeat(5000) + " /v3/api-docs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
			.as("springdoc's endpoint, whose errors Spring MVC's default resolver answers").startsWith("HTTP/1.1 405");
		assertThat(service.http.raw("GET /" + "a/".repeat(2000) + "../x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 4");
		assertThat(service.http.raw("GET /status?a=" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 414");
		assertThat(output.getAll()).as("a caller would choose what, and how much, the service logs").doesNotContain("AAAAAAAA")
			.doesNotContain("a/a/a/a/a/")
			.doesNotContain("Error parsing HTTP request header");
		assertThat(org.slf4j.LoggerFactory.getLogger("org.apache.coyote.http11.Http11Processor").isInfoEnabled())
			.as("Tomcat logs a process's first unparseable request at INFO, with its stack trace").isFalse();
	}

	@Test
	void theErrorPathIsNoResourceToAnyMethod() throws IOException {
		assertThat(service.http.raw("OPTIONS /error HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 404")
			.contains("Content-Type: application/problem+json").doesNotContain("Allow:");
	}

	@Test
	void redirectsAndTheOpenApiDocumentDoNotEchoTheHostHeader() throws IOException {
		assertThat(service.http.raw("GET /docs/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 302")
			.contains("Location: /docs\r\n").doesNotContain("evil.example");
		assertThat(service.http.raw("GET /openapi.json HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 200").contains("\"servers\":[{\"url\":\"/\"").doesNotContain("evil.example");
	}

	@Test
	void nullNamesInConstraintListsAreRefusedWith400() {
		for (String list : new String[] { "exclude_providers", "regions" }) {
			String body = AuroraIntelligenceApplicationTests.SEED_DECISION.replaceFirst("\\{",
					"{\"constraints\": {\"" + list + "\": [\"akash\", null]}, ");
			TestHttp.Response response = service.http.post("/decisions", body);
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertSane(response);
		}
	}

	@Test
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

	@Test
	void aContentTypeGivenTwiceIsA400WhicheverComesFirst() throws IOException {
		String body = AuroraIntelligenceApplicationTests.SEED_DECISION;
		for (String types : List.of("application/json\r\nContent-Type: text/plain", "text/plain\r\nContent-Type: application/json")) {
			assertThat(service.http.raw("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + types + "\r\nContent-Length: "
					+ body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body))
				.startsWith("HTTP/1.1 400").contains("Content-Type is given more than once");
		}
	}

	@Test
	void aContentTypeThatNamesNoMediaTypeIsA415SayingWhatToSend() throws IOException {
		String body = AuroraIntelligenceApplicationTests.SEED_DECISION;
		for (String type : List.of("", "application/json, text/plain", "application/", "charset=utf-8")) {
			String bodiless = service.http.raw("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
					+ "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
			assertThat(bodiless).as(type + ", no body").startsWith("HTTP/1.1 415")
				.contains(type.isEmpty() ? "Content-Type is empty" : "Content-Type '" + type + "' is not one media type");
			String answer = service.http.raw("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
					+ "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
			assertThat(answer).as(type).startsWith("HTTP/1.1 415").contains("application/problem+json")
				.containsIgnoringCase("Accept: application/json")
				.contains(type.isEmpty() ? "Content-Type is empty" : "Content-Type '" + type + "' is not one media type")
				.contains("send Content-Type: application/json");
		}
	}

	@Test
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

	@Test
	void requestsTomcatRejectsBeforeTheApplicationAreProblemJsonToo() throws Exception {
		Map<String, String> why = Map.of("/../decisions", "climbs above the root", "/decisions%2Fx", "encoded slash (%2F)",
				"/status%5Cx", "encoded backslash (%5C)", "/status%00", "encoded NUL (%00)", "/%C0%AE%C0%AE/status",
				"escapes are not UTF-8", "/stat%zzus", "a '%' that starts no escape");
		for (String target : why.keySet()) {
			String answer = service.http.raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("application/problem+json");
			String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
			JsonNode problem = TestHttp.JSON.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1));
			assertThat(problem.get("status").asInt()).isEqualTo(400);
			assertThat(problem.get("instance").asString()).as("the path as it came, a '%' that starts no escape encoded")
				.isEqualTo(target.replace("%zz", "%25zz"));
			assertThat(problem.get("detail").asString()).as(target).contains(why.get(target));
		}
	}

	@Test
	void framingHeadersTomcatRefusesAreNamedInTheProblem() throws Exception {
		String post = "POST /decisions HTTP/1.1\r\nContent-Type: application/json\r\nConnection: close\r\n";
		Map<String, String> why = new LinkedHashMap<>();
		why.put("GET /status HTTP/1.1\r\nConnection: close\r\n\r\n", "An HTTP/1.1 request needs a Host header");
		why.put("GET /status HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
				"The Host header is given more than once");
		why.put(post + "Host: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}", "Content-Length is given more than once");
		why.put(post + "Host: a\r\nContent-Length: +2\r\n\r\n{}", "Content-Length '+2' is not a whole number of bytes");
		why.put(post + "Host: a\r\nContent-Length: 0x2\r\n\r\n{}", "Content-Length '0x2' is not a whole number of bytes");
		why.put(post + "Host: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
				"Transfer-Encoding must name chunked once, as its last coding");
		for (String target : List.of("/status?a=[", "/status?a=|", "/metrics?name[]=x", "/sta{tus")) {
			why.put("GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
					"The request target has a character that must be percent-encoded (RFC 3986)");
		}
		why.put("G(T /status HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "The request's method is not an HTTP token");
		why.put("GET /status HTTP/1,1\r\nHost: a\r\nConnection: close\r\n\r\n", "The request line's protocol is malformed");
		why.put("G".repeat(9000) + " /status HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
				"The request's method is longer than the request line and headers together may be");
		double before = refused400();
		for (Map.Entry<String, String> request : why.entrySet()) {
			String answer = service.http.raw(request.getKey());
			assertThat(answer).as(request.getKey()).startsWith("HTTP/1.1 400").contains("application/problem+json")
				.contains(request.getValue());
		}
		assertThat(service.http.post("/decisions", "{").status()).as("an endpoint's 400 is not the container's").isEqualTo(400);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(refused400())
			.as("every refusal counted, though no endpoint saw it").isEqualTo(before + why.size()));
	}

	private static double refused400() {
		Matcher sample = Pattern.compile("(?m)^aurora_intelligence_http_refused_total\\{status=\"400\"} (\\S+)$")
			.matcher(service.http.get("/metrics").body());
		return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
	}

	@Test
	void whatHttpSaysIsNotImplementedIsProblemJsonThatBlamesTheRequest() throws Exception {
		String connect = service.http.raw("CONNECT /decisions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		String coding = service.http.raw("POST /decisions HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n"
				+ "Content-Type: application/json\r\nConnection: close\r\n\r\n0\r\n\r\n");
		for (String answer : List.of(connect, coding)) {
			assertThat(answer).startsWith("HTTP/1.1 501").contains("application/problem+json")
				.contains("The request uses something this service does not implement");
		}
		assertThat(connect).as("names what it is").contains("does not implement: the method CONNECT");
		assertThat(service.http.raw("CONNECT /status HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"))
			.as("chunked alone is no reason").contains("does not implement: the method CONNECT");
		assertThat(coding).contains("does not implement: the Transfer-Encoding 'gzip, chunked' (send the body with "
				+ "Content-Length, or chunked alone)").contains("\"instance\":\"/decisions\"");
		assertThat(connect).contains("\"instance\":\"/decisions\"");
		assertThat(service.http.raw("GET /status HTTP/2.5\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 505")
			.contains("application/problem+json").contains("does not implement: the protocol HTTP/2.5 (send HTTP/1.1)");
	}

	@Test
	void optionsNamesTheMethodsAnEndpointTakesWithoutAnEmptyAcceptPatch() throws Exception {
		for (String path : List.of("/decisions", "/model")) {
			String answer = service.http.raw("OPTIONS " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(answer).startsWith("HTTP/1.1 200").containsPattern("(?i)\r\nAllow: [A-Z,]*OPTIONS")
				.doesNotContainIgnoringCase("Accept-Patch");
		}
	}

	@Test
	void aMalformedEscapeInAPathParameterIsA400NotA500() throws Exception {
		for (String target : List.of("/status;a=%zz", "/healthz;x=%", "/decisions;a=%zz", "//;~=%", "/model;%G0")) {
			String answer = service.http.raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("application/problem+json")
				.contains("not followed by two hexadecimal digits").doesNotContain("Exception");
		}
		assertThat(service.http.raw("GET /status;a=%41 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
	}

	@Test
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
			String answer = service.http.raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(answer.substring(9, 12)).as(target + " (only endpoints that read parameters refuse)").isEqualTo(status);
			if (status.equals("400")) {
				assertThat(answer).as(target).contains("application/problem+json").doesNotContain("Exception");
			}
		}
		assertThat(service.http.raw("GET /metrics?name=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 400").contains("query string");
	}

	@Test
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

	@Test
	void anAcceptThatGivesJsonAQualityOfZeroIsAnsweredNotAcceptable() {
		for (String accept : List.of("application/json;q=0", "*/*, application/json;q=0", "application/*;q=0, text/html")) {
			TestHttp.Response refused = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
				.header("Content-Type", "application/json").header("Accept", accept)
				.POST(HttpRequest.BodyPublishers.ofString(AuroraIntelligenceApplicationTests.SEED_DECISION)));
			assertThat(refused.status()).as(accept).isEqualTo(406);
			assertSane(refused);
			assertThat(service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/status")).header("Accept", accept)
				.GET()).status()).as(accept).isEqualTo(406);
		}
		for (String accept : List.of("application/json;q=0.1", "application/*;q=0, application/json", "*/*;q=0.5, text/html;q=0")) {
			assertThat(service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/status")).header("Accept", accept)
				.GET()).status()).as(accept).isEqualTo(200);
		}
		assertThat(service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/healthz"))
			.header("Accept", "application/json;q=0").GET()).status()).as("the health check answers JSON whatever it asks").isEqualTo(200);
	}

	@Test
	void aCharsetInAcceptIsIgnoredAndEveryAnswerIsUtf8() {
		for (String accept : List.of("application/json;charset=utf-32", "application/json; charset=\"UTF-16\"",
				"application/json;charset=us-ascii, */*;q=0.1", "application/problem+json;charset=iso-8859-1, application/json;charset=utf-16le")) {
			TestHttp.Response decided = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
				.header("Content-Type", "application/json").header("Accept", accept)
				.POST(HttpRequest.BodyPublishers.ofString(AuroraIntelligenceApplicationTests.SEED_DECISION)));
			assertThat(decided.status()).as(accept).isEqualTo(200);
			assertThat(decided.contentType()).as(accept).startsWith("application/json").doesNotContainIgnoringCase("utf-16")
				.doesNotContainIgnoringCase("utf-32").doesNotContainIgnoringCase("ascii").doesNotContainIgnoringCase("8859");
			assertThat(decided.json().get("task_id").asString()).isEqualTo("task-123");
			TestHttp.Response status = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/status"))
				.header("Accept", accept).GET());
			assertThat(status.status()).as(accept).isEqualTo(200);
			assertThat(status.json().has("model")).isTrue();
			TestHttp.Response refused = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
				.header("Content-Type", "application/json").header("Accept", accept)
				.POST(HttpRequest.BodyPublishers.ofString("{\"task_id\": \"Ψ\"}")));
			assertThat(refused.status()).as(accept).isEqualTo(400);
			assertSane(refused);
		}
	}

	@Test
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

}
