package io.aurora.intelligence;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a caller meets when a request's framing is wrong: a problem answer, never a 5xx, for stalled, compressed,
 * oversized or untyped bodies, media types, unknown paths and methods, and {@code TRACE}.
 */
class RequestFramingEndToEndTests extends AbstractEndToEndTests {

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
		assertThat(response.headers().firstValue("Accept-Encoding")).as("RFC 9110 15.5.16: the codings taken").hasValue("identity");
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
		for (String endpoint : List.of("/decisions", "/feedback")) {
			TestHttp.Response empty = http.send(HttpRequest.newBuilder(URI.create(http.base() + endpoint))
				.POST(HttpRequest.BodyPublishers.noBody()));
			assertProblem(empty, 400);
			assertThat(empty.json().get("detail").asString()).as("no body, whatever its type, as with a Content-Type")
				.isEqualTo(http.post(endpoint, "application/json", "").json().get("detail").asString())
				.doesNotContain("browser");
		}
	}

	@Test
	void aBrowsersUntypedBodyIsRefused415SoNoWebPageCanPostOneCrossSite() {
		for (String[] header : List.of(new String[] { "Origin", "https://elsewhere.example" },
				new String[] { "Sec-Fetch-Site", "cross-site" })) {
			TestHttp.Response refused = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
				.header(header[0], header[1]).POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION)));
			assertProblem(refused, 415);
			assertThat(refused.json().get("detail").asString()).as("says why, not \"Content-Type 'null'\"")
				.contains("send Content-Type: application/json").doesNotContain("null");
		}
		TestHttp.Response unparsable = http.post("/decisions", "json", SEED_DECISION);
		assertProblem(unparsable, 415);
		assertThat(unparsable.json().get("detail").asString()).as("a header was sent")
			.isEqualTo("Content-Type 'json' is not one media type (type/subtype, then parameters); send Content-Type: application/json");
	}

	@Test
	void unknownPathReturns404AndWrongMethod405() {
		assertProblem(http.get("/nope"), 404);
		assertProblem(http.get("/error"), 404);
		assertProblem(http.get("/health/nothing"), 404);
		assertThat(http.get("/health/liveness").json().get("status").asString()).isEqualTo("UP");
		TestHttp.Response wrongMethod = http.get("/decisions");
		assertProblem(wrongMethod, 405);
		assertThat(wrongMethod.headers().firstValue("Allow")).as("as OPTIONS /decisions names them").hasValue("POST,OPTIONS");
		TestHttp.Response model = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/model"))
			.method("DELETE", HttpRequest.BodyPublishers.noBody()));
		assertThat(model.status()).isEqualTo(405);
		assertThat(model.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow.split(","))
			.containsExactlyInAnyOrder("GET", "HEAD", "PUT", "OPTIONS"));
	}

	@Test
	void aCorsPreflightIsAnsweredAsPlainOptionsAndAllowsNoOrigin() {
		for (String path : List.of("/feedback", "/no/such/path")) {
			TestHttp.Response preflight = http.send(HttpRequest.newBuilder(URI.create(http.base() + path))
				.header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "DELETE")
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
			TestHttp.Response plain = http.send(HttpRequest.newBuilder(URI.create(http.base() + path))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
			assertThat(preflight.status()).as(path).isEqualTo(plain.status()).isEqualTo(path.equals("/feedback") ? 200 : 404);
			assertThat(preflight.headers().firstValue("Allow")).as(path).isEqualTo(plain.headers().firstValue("Allow"));
			assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
		}
	}

	@Test
	void bodiesOverOneMebibyteReturn413() {
		String padding = "x".repeat(1024 * 1024 + 10);
		TestHttp.Response response = http.post("/decisions", "{\"task_id\": \"" + padding + "\"}");
		assertProblem(response, 413);
	}

	@Test
	void traceIsRefusedWithAProblemAndNeverEchoed() {
		TestHttp.Response trace = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
			.header("X-Secret", "s3cr3t-cookie").method("TRACE", HttpRequest.BodyPublishers.noBody()));
		assertThat(trace.status()).isEqualTo(405);
		assertThat(trace.body()).as("a TRACE echo would hand a script the caller's credentials").doesNotContain("s3cr3t-cookie");
		assertProblem(trace, 405);
	}

}
