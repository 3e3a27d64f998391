package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /decisions} with an {@code Idempotency-Key}: a retry is answered the first decision's
 * answer without the router being asked again, on a restarted service too; the key with another body is
 * refused, and a repeat while the first is being decided is told to wait.
 */
class IdempotentDecisionsEndToEndTests {

	@TempDir
	Path dir;

	@Test
	void aRetryWithTheSameKeyGetsTheFirstAnswerAndPlacesNothingAgainEvenAfterARestart() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			AtomicInteger routed = new AtomicInteger();
			neighbours.routeWith(request -> {
				routed.incrementAndGet();
				return NeighbourStubs.json(200, "{\"score\":0.87,\"status\":\"placed\"}");
			});
			String first;
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				TestHttp.Response answer = service.http.decideKeyed("job-7-attempt", SEED_DECISION);
				assertThat(answer.status()).isEqualTo(200);
				assertThat(answer.headers().firstValue("Idempotent-Replayed")).isEmpty();
				first = answer.json().get("trace_id").asString();
				TestHttp.Response retry = service.http.decideKeyed("job-7-attempt", SEED_DECISION);
				assertThat(retry.status()).isEqualTo(200);
				assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
				assertThat(retry.json().get("trace_id").asString()).isEqualTo(first);
				assertThat(retry.json().get("chosen")).isEqualTo(answer.json().get("chosen"));
				assertThat(routed.get()).as("the router was asked once").isEqualTo(1);
				assertThat(service.http.decideKeyed("another-key", SEED_DECISION).json().get("trace_id").asString()).isNotEqualTo(first);
				assertThat(routed.get()).isEqualTo(2);
			}
			try (RunningService restarted = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				TestHttp.Response retry = restarted.http.decideKeyed("job-7-attempt", SEED_DECISION);
				assertThat(retry.json().get("trace_id").asString()).as("the key is stored, not remembered").isEqualTo(first);
				assertThat(routed.get()).isEqualTo(2);
			}
		}
	}

	@Test
	void theSameKeyWithAnotherBodyIs422AndABadKeyIs400() {
		try (NeighbourStubs neighbours = new NeighbourStubs();
				RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			assertThat(service.http.decideKeyed("k-1", SEED_DECISION).status()).isEqualTo(200);
			TestHttp.Response other = service.http.decideKeyed("k-1", SEED_DECISION.replace("task-123", "task-124"));
			assertThat(other.status()).isEqualTo(422);
			assertThat(other.json().get("title").asString()).isEqualTo("Idempotency-Key reused");
			for (String bad : new String[] { "k".repeat(256), "" }) {
				TestHttp.Response refused = service.http.decideKeyed(bad, SEED_DECISION);
				assertThat(refused.status()).isEqualTo(400);
				assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("Idempotency-Key");
			}
			assertThat(service.http.post("/decisions", SEED_DECISION).status()).as("no key, no claim").isEqualTo(200);
			TestHttp.Response twice = service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
				.header("Content-Type", "application/json").header("Idempotency-Key", "k-1").header("Idempotency-Key", "k-2")
				.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION)));
			assertThat(twice.status()).as("two keys").isEqualTo(400);
			assertThat(twice.json().at("/errors/0/message").asString()).contains("one key per request");
			assertThat(service.http.decideKeyed("k-1,k-2", SEED_DECISION).status()).as("two keys joined").isEqualTo(400);
			assertThat(service.http.decideKeyed("\"k-1", SEED_DECISION).status()).as("unclosed").isEqualTo(400);
			TestHttp.Response huge = service.http.decideKeyed("k-3", SEED_DECISION.replace("\"latency_ms\": 50", "\"latency_ms\": 1e400"));
			assertThat(huge.status()).as("beyond a double: %s", huge.body()).isEqualTo(400);
			assertThat(service.http.decideKeyed("k-3", SEED_DECISION).status()).as("and the key stays free").isEqualTo(200);
		}
	}

	@Test
	void theSameRequestSpelledAnotherWayOrWithAQuotedKeyIsARepeat() {
		try (NeighbourStubs neighbours = new NeighbourStubs();
				RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			TestHttp.Response first = service.http.decideKeyed("job-9", SEED_DECISION);
			assertThat(first.status()).isEqualTo(200);
			String respelled = """
					{"candidates": [{"sku": "A8", "provider": "akash", "metadata": {"price_usd_per_hour": 1.10}},
					                {"provider": "vast", "sku": "V4", "metadata": null}],
					 "context": {"region": "us-west", "latency_ms": 5e1, "memory_gb": 32.0, "cpu": 8},
					 "task_id": "task-123", "priority": "ignored", "constraints": null}
					""";
			for (String key : new String[] { "job-9", "\"job-9\"" }) {
				TestHttp.Response repeat = service.http.decideKeyed(key, respelled);
				assertThat(repeat.status()).as(key).isEqualTo(200);
				assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
				assertThat(repeat.body()).as("the first answer, byte for byte").isEqualTo(first.body());
			}
			String excluding = SEED_DECISION.replace("\"task_id\": \"task-123\",",
					"\"task_id\": \"task-123\", \"constraints\": {\"exclude_providers\": [\"runpod\", \"io.net\"]},");
			TestHttp.Response constrained = service.http.decideKeyed("job-10", excluding);
			assertThat(constrained.status()).as(constrained.body()).isEqualTo(200);
			TestHttp.Response reordered = service.http.decideKeyed("job-10",
					excluding.replace("[\"runpod\", \"io.net\"]", "[\"io.net\", \"runpod\", \"io.net\"]"));
			assertThat(reordered.headers().firstValue("Idempotent-Replayed")).as("a set in another order").hasValue("true");
			assertThat(reordered.body()).isEqualTo(constrained.body());
			assertThat(service.http.decideKeyed("job-10", excluding.replace("\"io.net\"", "\"vast\"")).status())
				.as("another member is another request").isEqualTo(422);
			assertThat(service.http.decideKeyed("job-9", SEED_DECISION.replace("\"cpu\": 8", "\"cpu\": 16")).status())
				.as("another value is another request").isEqualTo(422);
			assertThat(service.http.decideKeyed("job-9", SEED_DECISION.replace("\"cpu\": 8", "\"cpu\": 8, \"gpu\": null")).status())
				.as("a null inside the context is a value").isEqualTo(422);
			String metrics = service.http.get("/metrics").body();
			assertThat(metrics).contains("aurora_intelligence_idempotency_keys_total{result=\"claimed\"} 2.0",
					"aurora_intelligence_idempotency_keys_total{result=\"replayed\"} 3.0",
					"aurora_intelligence_idempotency_keys_total{result=\"reused\"} 3.0",
					"aurora_intelligence_idempotency_keys_total{result=\"in_progress\"} 0.0");
		}
	}

	@Test
	void aRepeatWhileTheFirstIsStillDecidedIsToldToRetryAndThenGetsItsAnswer() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> new MockResponse.Builder().code(200).body("{\"score\":0.5}")
				.headersDelay(5000, TimeUnit.MILLISECONDS).build());
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("ROUTER_TIMEOUT_MS", "10000"))) {
				CompletableFuture<TestHttp.Response> first = CompletableFuture.supplyAsync(() -> service.http.decideKeyed("slow", SEED_DECISION));
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).dontCatchUncaughtExceptions()
					.untilAsserted(() -> assertThat(neighbours.router.getRequestCount()).as("the first is with the router").isEqualTo(1));
				TestHttp.Response meanwhile = service.http.decideKeyed("slow", SEED_DECISION);
				assertThat(meanwhile.status()).isEqualTo(409);
				assertThat(meanwhile.json().get("title").asString()).isEqualTo("Request in progress");
				assertThat(meanwhile.headers().firstValue("Retry-After")).hasValue("1");
				TestHttp.Response answered = first.get(20, TimeUnit.SECONDS);
				assertThat(answered.status()).isEqualTo(200);
				TestHttp.Response after = service.http.decideKeyed("slow", SEED_DECISION);
				assertThat(after.json().get("trace_id")).isEqualTo(answered.json().get("trace_id"));
				assertThat(neighbours.router.getRequestCount()).isEqualTo(1);
			}
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aKeyedDecisionWhoseTraceFailsOnceTheRouterWasAskedIsToldNeverAnsweredAtOnce(CapturedOutput output) throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs();
				RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			try (Connection store = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("d.db"));
					Statement sql = store.createStatement()) {
				sql.execute("CREATE TRIGGER no_traces BEFORE INSERT ON traces BEGIN SELECT RAISE(ABORT, 'disk full'); END");
			}
			TestHttp.Response first = service.http.decideKeyed("job-11", SEED_DECISION);
			assertThat(first.status()).as(first.body()).isEqualTo(503);
			assertThat(neighbours.router.getRequestCount()).as("the router placed the task").isEqualTo(1);
			TestHttp.Response repeat = service.http.decideKeyed("job-11", SEED_DECISION);
			assertThat(repeat.status()).isEqualTo(409);
			assertThat(repeat.json().get("title").asString()).as("not 'still being decided' for the decision's bound")
				.isEqualTo("Request never answered");
			assertThat(repeat.headers().firstValue("Retry-After")).isEmpty();
			assertThat(repeat.json().get("detail").asString()).as("this replica knows what the router answered")
				.contains("the router was asked to place the task, and its last answer was 'ok' for ").contains(" (placed). Check the task there");
			assertThat(repeat.json().at("/router/result").asString()).isEqualTo("ok");
			assertThat(repeat.json().at("/router/placed").asBoolean()).isTrue();
			assertThat(repeat.json().at("/router/provider").asString()).isIn("akash", "vast");
			assertThat(output.getAll()).as("the operator can tell what became of the task")
				.contains("Decision for task 'task-123' not answered: its trace could not be stored after the router was asked, "
						+ "whose last answer was 'ok' for ")
				.contains("(placed: true); a repeat of its Idempotency-Key answers 409, never answered");
			assertThat(neighbours.router.getRequestCount()).isEqualTo(1);
		}
	}

	@Test
	void aKeyedDecisionWhoseTraceFailsWhileTheRouterIsSkippedFreesItsKey() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> NeighbourStubs.json(503, "{\"error\":\"overloaded\"}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("ROUTER_MAX_ATTEMPTS", "1"))) {
				for (int i = 0; i < 5; i++) {
					assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
				}
				try (Connection store = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("d.db"));
						Statement sql = store.createStatement()) {
					sql.execute("CREATE TRIGGER no_traces BEFORE INSERT ON traces BEGIN SELECT RAISE(ABORT, 'disk full'); END");
					TestHttp.Response first = service.http.decideKeyed("job-12", SEED_DECISION);
					assertThat(first.status()).as(first.body()).isEqualTo(503);
					assertThat(first.json().get("title").asString()).isEqualTo("Store refusing writes");
					assertThat(neighbours.router.getRequestCount()).as("the circuit is open: the router was not called").isEqualTo(5);
					sql.execute("DROP TRIGGER no_traces");
				}
				TestHttp.Response retry = service.http.decideKeyed("job-12", SEED_DECISION);
				assertThat(retry.status()).as("nothing was placed, so the key was freed: %s", retry.body()).isEqualTo(200);
				assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
				assertThat(service.http.decideKeyed("job-12", SEED_DECISION).json().get("trace_id")).isEqualTo(retry.json().get("trace_id"));
			}
		}
	}

	@Test
	void callersWithoutTheApiKeyCannotTakeOrReadTheKeysOfCallersWithIt() throws Exception {
		String apiKey = "0123456789abcdef-keys";
		try (NeighbourStubs neighbours = new NeighbourStubs();
				RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", apiKey))) {
			TestHttp.Response squatted = service.http.decideKeyed("task-42", SEED_DECISION.replace("\"cpu\": 8", "\"cpu\": 2"));
			assertThat(squatted.status()).isEqualTo(200);
			TestHttp.Response scheduler = service.http.decideKeyed("task-42", SEED_DECISION, apiKey);
			assertThat(scheduler.status()).as("not 422: the first claim was another namespace's").isEqualTo(200);
			TestHttp.Response anonymous = service.http.decideKeyed("task-42", SEED_DECISION);
			assertThat(anonymous.status()).isEqualTo(422);
			TestHttp.Response again = service.http.decideKeyed("task-42", SEED_DECISION, apiKey);
			assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(again.json().get("trace_id")).isEqualTo(scheduler.json().get("trace_id"));
			TestHttp.Response lookalike = service.http.decideKeyed("without-api-key\ttask-42", SEED_DECISION, apiKey);
			assertThat(lookalike.status()).as("no key a scheduler sends names an anonymous one").isEqualTo(400);
		}
	}

}
