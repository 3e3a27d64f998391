package io.aurora.intelligence;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request bodies against the running service's memory budget: bodies that together exceed it are answered
 * 503 with Retry-After until they go, and slow bodies hold only what they have sent.
 */
class RequestBodyBudgetTests {

	private static NeighbourStubs neighbours;

	private static RunningService service;

	@BeforeAll
	static void start() throws Exception {
		neighbours = new NeighbourStubs();
		service = RunningService.start(Files.createTempDirectory("aurora-budget").resolve("d.db"), neighbours, Map.of());
	}

	@AfterAll
	static void stop() {
		service.close();
		neighbours.close();
	}

	@Test
	void bodiesThatTogetherExceedTheMemoryBudgetAreAnswered503WithRetryAfter() throws Exception {
		assertThat(gauge("aurora_intelligence_request_body_budget_limit_bytes")).as("the budget, shown beside its use")
			.isEqualTo(192 * 1024 * 1024.0);
		URI base = URI.create(service.http.base());
		List<Socket> held = new ArrayList<>();
		byte[] nearlyAll = new byte[(1 << 20) - 16];
		Arrays.fill(nearlyAll, (byte) ' ');
		try {
			for (int i = 0; i < 100; i++) {
				Socket socket = new Socket(base.getHost(), base.getPort());
				socket.getOutputStream().write(("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 1048576\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().write(nearlyAll);
				socket.getOutputStream().flush();
				held.add(socket);
			}
			String oneMore = AuroraIntelligenceApplicationTests.SEED_DECISION + " ".repeat(200_000);
			// Each refusal waits up to 2 s for the budget first, and a busy machine reads the held bodies slowly.
			TestHttp.Response refused = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO)
				.dontCatchUncaughtExceptions()
				.until(() -> service.http.post("/decisions", oneMore), (answer) -> answer.status() == 503);
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
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> assertThat(service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION)
				.status()).as("the budget comes back once the held bodies go").isEqualTo(200));
	}

	@Test
	void aLargeDecisionWaitingOnTheRouterHoldsWhatItsRequestKeepsNotWhatParsingTook() throws Exception {
		CountDownLatch routing = new CountDownLatch(1);
		neighbours.routeWith(request -> {
			if (!request.getBody().utf8().contains("slowpoke")) {
				return NeighbourStubs.json(200, "{\"score\":0.87,\"status\":\"placed\"}");
			}
			routing.countDown();
			return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
				.body("{\"score\":0.5}").headersDelay(800, TimeUnit.MILLISECONDS).build();
		});
		try {
			String head = "{\"task_id\":\"big\",\"candidates\":[{\"provider\":\"slowpoke\",\"sku\":\"s1\"}],\"pad\":\"";
			String large = head + "a".repeat((1 << 20) - head.length() - 2) + "\"}";
			CompletableFuture<TestHttp.Response> answer = CompletableFuture.supplyAsync(() -> service.http.post("/decisions", large));
			assertThat(routing.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(budgetUsed()).as("8 times its 1 MiB once parsed, not the 32 times parsing may take")
				.isBetween(1.0, 9.0 * 1024 * 1024);
			assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
		finally {
			neighbours.routeWith(request -> NeighbourStubs.json(200, "{\"score\":0.87,\"status\":\"placed\"}"));
		}
	}

	@Test
	void bodiesSentSlowlyHoldOnlyWhatTheyHaveSentSoDecisionsGoOn() throws Exception {
		assertThat(service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION).status())
			.as("a first decision, so the timed one below is not the first").isEqualTo(200);
		URI base = URI.create(service.http.base());
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 16; i++) {
				Socket socket = new Socket(base.getHost(), base.getPort());
				socket.getOutputStream().write(("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 1048576\r\n\r\n{\"task_id\":\"" + "x".repeat(16 * 1024)).getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				slow.add(socket);
			}
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
				.until(() -> budgetUsed() >= 16 * 32 * 1024);
			assertThat(budgetUsed()).as("each slow body holds twice the 16 KiB it sent, shown on /metrics")
				.isBetween(16 * 32 * 1024.0, 16 * 40 * 1024.0);
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

	@Test
	void bodiesNoEndpointTakesAreNotReadIntoTheBudget() throws Exception {
		URI base = URI.create(service.http.base());
		List<Socket> held = new ArrayList<>();
		try {
			for (String request : List.of("GET /healthz", "OPTIONS /decisions", "POST /status", "GET /nowhere", "PUT /feedback")) {
				Socket socket = new Socket(base.getHost(), base.getPort());
				socket.setSoTimeout(10_000);
				socket.getOutputStream().write((request + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 1048576\r\n\r\n" + "x".repeat(300_000)).getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				held.add(socket);
				byte[] head = new byte[12];
				assertThat(socket.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
				assertThat(new String(head, StandardCharsets.US_ASCII)).as("%s answered as without its body", request)
					.isIn("HTTP/1.1 200", "HTTP/1.1 404", "HTTP/1.1 405");
			}
			assertThat(budgetUsed()).as("nothing of the stalled bodies is held").isZero();
			for (String actuator : List.of("/health/liveness", "/metrics", "/info")) {
				Socket socket = new Socket(base.getHost(), base.getPort());
				socket.setSoTimeout(10_000);
				int size = 1_100_000;
				socket.getOutputStream().write(("GET " + actuator + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(size) + "\r\n{\"a\":\"" + "x".repeat(size - 8)
						+ "\"}\r\n").getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				held.add(socket);
				byte[] head = new byte[12];
				assertThat(socket.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
				assertThat(new String(head, StandardCharsets.US_ASCII))
					.as("Actuator's handler takes a body on every operation but uses it only on a POST: %s answers as without it",
							actuator)
					.isEqualTo("HTTP/1.1 200");
			}
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
	}

	/** The request body budget in use, as the {@code aurora_intelligence_request_body_budget_used_bytes} gauge shows it. */
	private double budgetUsed() {
		return gauge("aurora_intelligence_request_body_budget_used_bytes");
	}

	private double gauge(String name) {
		return service.http.get("/metrics").body().lines()
			.filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst().orElse(-1);
	}

}
