package io.aurora.intelligence.executor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.SilentPort;
import io.aurora.intelligence.config.TricklingServer;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RouterClientTests extends AbstractRouterClientTests {

	@ParameterizedTest
	@ValueSource(strings = { "/v1", "/v1/", "/a%20b", "/x%3Fy" })
	void routeGoesToRouteUnderTheConfiguredPathKeepingItsEscapes(String path) throws Exception {
		RouterClient prefixed = client(URI.create(router.url("/").toString().replaceAll("/$", "") + path), 300);
		router.enqueue(json(200, "{\"score\":0.5,\"status\":\"placed\"}"));
		assertThat(prefixed.route(Map.of("task_id", "t1")).status()).isEqualTo("ok");
		assertThat(router.takeRequest().getTarget()).isEqualTo(path.replaceAll("/$", "") + "/route");
	}

	@Test
	void routeWhenRouterAnswersReturnsItsScoreAndKeepsTheAnswer() throws Exception {
		router.enqueue(json(200, "{\"score\":0.87,\"status\":\"placed\",\"price_usd_per_hour\":1.2}"));
		RouteResult result = client.route(Map.of("task_id", "t1", "provider", "akash", "sku", "A8"));
		assertThat(result.status()).isEqualTo("ok");
		assertThat(result.score()).isEqualTo(0.87);
		assertThat(result.toTrace()).containsEntry("status", "ok").containsEntry("http_status", 200);
		assertThat(json.valueToTree(result.answer()).get("status").asString()).isEqualTo("placed");
		assertThat(json.valueToTree(result.answer()).get("price_usd_per_hour").asDouble()).isEqualTo(1.2);
		RecordedRequest request = router.takeRequest(1, TimeUnit.SECONDS);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getTarget()).isEqualTo("/route");
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(json.readTree(request.getBody().utf8()).get("provider").asString()).isEqualTo("akash");
	}

	@Test
	void routeWhenAnswerHasNoScoreIsOkWithoutScore() {
		router.enqueue(json(200, "{\"status\":\"placed\",\"score\":\"high\"}"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("ok");
		assertThat(result.score()).isNull();
		assertThat(result.error()).contains("no numeric score");
	}

	@Test
	void routeWhenScoreIsAbsurdIsOkWithoutScore() {
		router.enqueue(json(200, "{\"status\":\"placed\",\"score\":1e308}"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("ok");
		assertThat(result.score()).isNull();
		assertThat(result.error()).contains("no numeric score within");
	}

	@Test
	void routeWhenRouterHasNoCapacityIsARefusalNotASuccess() {
		router.enqueue(json(200, "{\"status\":\"no_capacity\",\"score\":0.9}"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).as("counted as rejected in router_calls_total and /status").isEqualTo("rejected");
		assertThat(result.httpStatus()).isEqualTo(200);
		assertThat(result.score()).isNull();
	}

	@Test
	void routeWhenRouterFailsWith5xxReportsError() {
		router.enqueue(json(503, "{\"error\":\"overloaded\"}"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("error");
		assertThat(result.httpStatus()).isEqualTo(503);
		assertThat(json.valueToTree(result.answer()).get("error").asString()).isEqualTo("overloaded");
	}

	@Test
	void aRedirectIsAnErrorNotAPlacementAndIsNotFollowed() {
		router.enqueue(new MockResponse.Builder().code(302).addHeader("Location", router.url("/elsewhere").toString())
			.addHeader("Content-Type", "application/json").body("{\"score\":0.99,\"status\":\"placed\"}").build());
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("error");
		assertThat(result.httpStatus()).isEqualTo(302);
		assertThat(result.score()).isNull();
		assertThat(router.getRequestCount()).isEqualTo(1);
	}

	@Test
	void routeWhenRouterRefusesWith4xxReportsRejected() {
		router.enqueue(json(409, "{\"status\":\"no_capacity\"}"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("rejected");
		assertThat(result.httpStatus()).isEqualTo(409);
	}

	@Test
	void routeWhenRouterIsSlowGivesUpWithinTheTimeout() {
		router.enqueue(new MockResponse.Builder().code(200).body("{\"score\":1}").headersDelay(3, TimeUnit.SECONDS).build());
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("timeout");
		assertThat(result.elapsedMs()).isLessThan(2000);
	}

	@Test
	void routeWhenRouterDripsItsAnswerIsCutOffAtTheDeadline() {
		router.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.body("{\"score\": 1, \"padding\": \"" + "x".repeat(2000) + "\"}").throttleBody(10, 100, TimeUnit.MILLISECONDS)
			.build());
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("timeout");
		assertThat(result.elapsedMs()).as("the whole answer takes 20 s").isLessThan(5000);
		assertThat(result.error()).as("a slow router, not a broken connection")
			.isEqualTo("the router answered 200 but its answer did not end within the timeout: it may have placed the task");
	}

	@Test
	void routeWhenRouterTricklesItsHeadIsCutOffAtTheDeadline() throws IOException {
		try (TricklingServer trickling = new TricklingServer(50)) {
			RouteResult result = client(trickling.url(), 300).route(Map.of());
			assertThat(result.status()).isEqualTo("timeout");
			assertThat(result.elapsedMs()).as("the whole head takes 8 s").isLessThan(4000);
		}
	}

	@Test
	void routeToAHostThatDoesNotResolveSaysWhich() {
		RouteResult result = client(URI.create("http://no-such-router.invalid:8080/"), 300).route(Map.of());
		assertThat(result.status()).isEqualTo("error");
		assertThat(result.error()).as("the open /status shows it: the log names the URL").isEqualTo("unknown host");
	}

	@Test
	void anAcceptedCallWhoseAnswerIsTooLargeMayHavePlacedTheTask() {
		router.enqueue(json(200, "{\"score\": 1, \"padding\": \"" + "x".repeat(RouterAnswers.MAX_ANSWER_BYTES) + "\"}"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).as("a 2xx took the call: the caller must ask the router before placing again")
			.isEqualTo("timeout");
		assertThat(result.httpStatus()).isEqualTo(200);
		assertThat(result.error()).contains("exceeds").endsWith("it may have placed the task");
		router.enqueue(json(503, "{\"padding\": \"" + "x".repeat(RouterAnswers.MAX_ANSWER_BYTES) + "\"}"));
		assertThat(client.route(Map.of()).status()).as("a 5xx placed nothing, however long").isEqualTo("error");
	}

	@Test
	void anAcceptedCallWithNoBodyIsPlacedWithoutAScore() {
		router.enqueue(new MockResponse.Builder().code(202).build());
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("ok");
		assertThat(result.httpStatus()).isEqualTo(202);
		assertThat(result.score()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"score\":",
			"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"sco", "" })
	void aConnectionClosedAfterTheRequestWasSentMayHavePlacedTheTask(String answered) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread closer = new Thread(() -> answerAndClose(server, answered), "closer");
			closer.setDaemon(true);
			closer.start();
			RouterClient patient = client(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), 5_000);
			RouteResult result = patient.route(Map.of());
			assertThat(result.status()).as("no usable answer to a request the router read").isEqualTo("timeout");
			assertThat(result.httpStatus()).isEqualTo(answered.isEmpty() ? null : 200);
			assertThat(result.error()).endsWith("it may have placed the task");
			assertThat(result.elapsedMs()).as("told at once, not at the timeout").isLessThan(4_000);
			patient.close();
		}
	}

	@ParameterizedTest
	@CsvSource({ "409, rejected", "503, error" })
	void aStatusWhoseBodyBreaksOffStillSaysWhatTheRouterDid(int status, String expected) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread closer = new Thread(() -> answerAndClose(server, "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 100\r\n\r\n{\"status\":"), "closer");
			closer.setDaemon(true);
			closer.start();
			RouterClient patient = client(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), 5_000);
			RouteResult result = patient.route(Map.of());
			assertThat(result.status()).isEqualTo(expected);
			assertThat(result.httpStatus()).isEqualTo(status);
			assertThat(result.error()).startsWith("router answered " + status + " (its answer broke off");
			patient.close();
		}
	}

	private static void answerAndClose(ServerSocket server, String answered) {
		try (Socket client = server.accept()) {
			client.getInputStream().read(new byte[8192]);
			client.getOutputStream().write(answered.getBytes(StandardCharsets.US_ASCII));
			client.getOutputStream().flush();
		}
		catch (IOException ex) {
			// the client gave up first
		}
	}

	@Test
	void anEndlessAnswerIsCutOffAtTheCapWithoutWaitingForTheTimeout() {
		RouterClient patient = client(URI.create(router.url("/").toString()), 30_000);
		router.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.body("{\"pad\":\"" + "x".repeat(8 * 1024 * 1024) + "\"}").throttleBody(256 * 1024, 100, TimeUnit.MILLISECONDS)
			.build());
		RouteResult result = patient.route(Map.of());
		assertThat(result.status()).as("its 200 took the call").isEqualTo("timeout");
		assertThat(result.error()).contains("exceeds");
		assertThat(result.elapsedMs()).as("reading all 8 MiB takes 3.2 s").isLessThan(2000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "line", "headers" })
	void anEndlessResponseHeadIsCutOffAtItsCapWithoutWaitingForTheTimeout(String flood) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread flooder = new Thread(() -> flood(server, flood), "flooder");
			flooder.setDaemon(true);
			flooder.start();
			RouterClient patient = client(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), 30_000);
			RouteResult result = patient.route(Map.of());
			assertThat(result.status()).as("a head that never ends is no answer to a request the router read")
				.isEqualTo("timeout");
			assertThat(result.error()).startsWith("the router's answer head has a line over 8192 bytes or more than 100 header fields");
			assertThat(result.elapsedMs()).as("cut off at the cap, not read for the 30 s timeout").isLessThan(10_000);
			patient.close();
		}
	}

	private static void flood(ServerSocket server, String flood) {
		try (Socket client = server.accept()) {
			client.getInputStream().read(new byte[8192]);
			OutputStream out = client.getOutputStream();
			out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = flood.equals("line") ? ("X-Flood: " + "a".repeat(8192)).getBytes(StandardCharsets.US_ASCII)
					: "X-Flood: a\r\n".repeat(700).getBytes(StandardCharsets.US_ASCII);
			while (true) {
				out.write(chunk);
				if (flood.equals("line")) {
					chunk = "a".repeat(8192).getBytes(StandardCharsets.US_ASCII);
				}
			}
		}
		catch (IOException ex) {
			// the client gave up: the flood is over
		}
	}

	@Test
	void anAnswerNestedTooDeeplyToTraceIsKeptAsText() {
		router.enqueue(json(200, "{\"score\":0.5,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("timeout");
		assertThat(result.answer()).as("text, which any trace can hold").isInstanceOf(String.class);
		assertThat(result.error()).contains("nested deeper than 64 levels");
	}

	@Test
	void anAnswerOfMoreTokensThanATraceKeepsIsNotTakenThoughItFitsItsBytes() {
		router.enqueue(json(200, "{\"score\":0.5,\"x\":[" + String.join(",", Collections.nCopies(2000, "{}")) + "]}"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("timeout");
		assertThat(result.answer()).isInstanceOf(String.class);
		assertThat(result.error()).contains("longer than 1024 tokens");
	}

	@Test
	void anAnswerWithinTheTokenLimitIsKept() {
		router.enqueue(json(200, "{\"score\":0.5,\"x\":[" + String.join(",", Collections.nCopies(400, "{}")) + "]}"));
		assertThat(client.route(Map.of()).status()).isEqualTo("ok");
	}

	@Test
	void anAcceptedCallWhoseAnswerIsGarbageMayHavePlacedTheTask() {
		router.enqueue(json(200, "<html>not json"));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("timeout");
		assertThat(result.score()).isNull();
		assertThat(result.answer()).isEqualTo("<html>not json");
		assertThat(result.error()).startsWith("the router answered 200 but no JSON object").endsWith("it may have placed the task");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			{"score":NaN,"status":"placed"} | none
			{"score":-Infinity}             | none
			{"score":0.9} trailing          | 0.9
			""")
	void anAcceptedPlacementWhoseAnswerIsNotStrictJsonIsStillPlaced(String answer, Double score) {
		router.enqueue(json(200, answer));
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).as("Python writes NaN; a 2xx placed the task").isEqualTo("ok");
		assertThat(result.score()).isEqualTo(score);
	}

	@Test
	void tlsToAPlainPortFailsBeforeAnythingIsSent() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread plain = new Thread(() -> answerAndClose(server, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"),
					"plain");
			plain.setDaemon(true);
			plain.start();
			RouterClient tls = client(URI.create("https://127.0.0.1:" + server.getLocalPort() + "/"), 5_000);
			RouteResult result = tls.route(Map.of());
			assertThat(result.status()).as("no request can have reached the router").isEqualTo("error");
			assertThat(result.error()).isEqualTo("the TLS handshake failed");
			tls.close();
		}
	}

	@Test
	void aRouterThatNeverTakesTheConnectionIsAnErrorSinceNothingWasSent() throws IOException {
		try (SilentPort silent = new SilentPort();
				RouterClient unreachable = client(URI.create("http://127.0.0.1:" + silent.port() + "/"), 300)) {
			RouteResult result = unreachable.route(Map.of());
			assertThat(result.status()).as("no request can have reached the router: a scheduler may place the task")
				.isEqualTo("error");
			assertThat(result.httpStatus()).isNull();
			assertThat(result.error()).isEqualTo("no connection within the timeout");
			assertThat(result.elapsedMs()).as("bounded by the 300 ms timeout").isLessThan(2_000);
		}
	}

	@Test
	void aClosedClientFailsItsCallsAsErrorsSinceNothingIsSent() throws IOException {
		RouterClient closed = newClient();
		closed.close();
		RouteResult result = closed.route(Map.of());
		assertThat(result.status()).isEqualTo("error");
		assertThat(result.error()).startsWith("the exchange failed (");
		assertThat(router.getRequestCount()).isZero();
	}

	@Test
	void routeWhenConnectionIsRefusedReportsError() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		RouteResult result = client(URI.create("http://127.0.0.1:" + port), 300).route(Map.of());
		assertThat(result.status()).isEqualTo("error");
		assertThat(result.error()).isEqualTo("connection refused");
	}

}
