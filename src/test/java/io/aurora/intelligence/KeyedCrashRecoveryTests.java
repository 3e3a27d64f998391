package io.aurora.intelligence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the service with SIGKILL in the middle of concurrent decisions that each send an
 * {@code Idempotency-Key}, restarts it on the same store and repeats every request: each acknowledged
 * one gets its first answer again, byte for byte, a decision killed while with the router is a 409 (it
 * may have been placed), and no task is placed with the router twice, whether its request was answered,
 * claimed and cut off, or never claimed.
 */
class KeyedCrashRecoveryTests {

	private static final Pattern TASK = Pattern.compile("\"task_id\":\"([^\"]+)\"");

	@TempDir
	Path dir;

	@Test
	void everyAcknowledgedKeyedDecisionIsReplayedAfterKillDashNineAndNoTaskIsPlacedTwice() throws Exception {
		Path store = dir.resolve("decisions.db");
		ServiceProcesses processes = new ServiceProcesses(dir);
		Map<String, String> acknowledged = new ConcurrentHashMap<>();
		Set<String> unanswered = ConcurrentHashMap.newKeySet();
		Map<String, Integer> routed = new ConcurrentHashMap<>();
		List<String> refused = Collections.synchronizedList(new ArrayList<>());
		// Once holding, the router keeps its answers until after the kill: those decisions are claimed and
		// with the router, not answered, when the process dies.
		AtomicBoolean holding = new AtomicBoolean();
		CountDownLatch release = new CountDownLatch(1);
		Set<String> held = ConcurrentHashMap.newKeySet();
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> {
				if ("POST".equals(request.getMethod()) && request.getBody() != null) {
					Matcher task = TASK.matcher(request.getBody().utf8());
					String id = task.find() ? task.group(1) : "?";
					routed.merge(id, 1, Integer::sum);
					if (holding.get()) {
						held.add(id);
						try {
							release.await(30, TimeUnit.SECONDS);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					}
				}
				// Slow enough that decisions overlap: the kill also lands on some claimed and not yet routed.
				return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
					.body("{\"score\":0.8,\"status\":\"placed\"}").headersDelay(30, TimeUnit.MILLISECONDS).build();
			});
			// A router timeout far above the hold, so that no held decision is answered as timed out.
			Process service = processes.launch(store, neighbours, Map.of("ROUTER_TIMEOUT_MS", "20000"));
			try {
				TestHttp http = processes.awaitUp(service);
				AtomicBoolean running = new AtomicBoolean(true);
				AtomicBoolean killed = new AtomicBoolean();
				ExecutorService load = Executors.newFixedThreadPool(4);
				List<Future<?>> workers = new ArrayList<>();
				for (int w = 0; w < 4; w++) {
					String worker = "w" + w + "-";
					workers.add(load.submit(() -> {
						for (int n = 0; running.get() && !killed.get(); n++) {
							String key = worker + n;
							unanswered.add(key);
							try {
								TestHttp.Response answer = keyed(http, key);
								if (answer.status() == 200) {
									acknowledged.put(key, answer.body());
									unanswered.remove(key);
								}
								else if (!killed.get()) {
									refused.add(key + ": " + answer.status() + " " + answer.body());
								}
							}
							catch (RuntimeException connectionLost) {
								if (!killed.get()) {
									refused.add(key + ": " + connectionLost);
								}
							}
						}
					}));
				}
				try {
					await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
						.until(() -> acknowledged.size() > 20);
					holding.set(true);
					await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).dontCatchUncaughtExceptions()
						.until(() -> held.size() >= 2);
					killed.set(true);
					service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
					release.countDown();
					running.set(false);
					for (Future<?> worker : workers) {
						worker.get(30, TimeUnit.SECONDS);
					}
				}
				finally {
					running.set(false);
					release.countDown();
					load.shutdownNow();
				}
			}
			finally {
				service.destroyForcibly();
			}
			assertThat(refused).as("before the kill every keyed decision is answered 200").isEmpty();
			assertThat(acknowledged).hasSizeGreaterThan(20);
			assertThat(held).as("decisions with the router when the process died").hasSizeGreaterThanOrEqualTo(2);
			assertThat(unanswered).containsAll(held);
			Map<String, Integer> routedBeforeTheKill = Map.copyOf(routed);

			Process restarted = processes.launch(store, neighbours, Map.of());
			try {
				TestHttp http = processes.awaitUp(restarted);
				acknowledged.forEach((key, first) -> {
					TestHttp.Response repeat = keyed(http, key);
					assertThat(repeat.status()).as(key + " " + repeat.body()).isEqualTo(200);
					assertThat(repeat.headers().firstValue("Idempotent-Replayed")).as(key).hasValue("true");
					assertThat(repeat.body()).as("%s: the first answer, byte for byte", key).isEqualTo(first);
				});
				for (String key : held) {
					TestHttp.Response repeat = keyed(http, key);
					assertThat(repeat.status()).as("%s was claimed and routed, never answered: %s", key, repeat.body()).isEqualTo(409);
					assertThat(repeat.json().get("title").asString())
						.as("%s: said at once, not 'in progress' until the decision's bound has passed since the claim", key)
						.isEqualTo("Request never answered");
				}
				for (String key : unanswered) {
					TestHttp.Response repeat = keyed(http, key);
					boolean replayed = repeat.headers().firstValue("Idempotent-Replayed").isPresent();
					if (repeat.status() == 200 && !replayed) {
						assertThat(routedBeforeTheKill).as("%s was never claimed, so never routed", key).doesNotContainKey(key);
					}
					else {
						assertThat(repeat.status()).as(key + ": answered before the kill, or claimed and cut off: "
								+ repeat.body()).isIn(200, 409);
					}
				}
			}
			finally {
				restarted.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			assertThat(routed).as("every task placed once at most, across the kill and every repeat")
				.allSatisfy((task, calls) -> assertThat(calls).as(task).isEqualTo(1));
			assertThat(routed.keySet()).containsAll(acknowledged.keySet());
		}
	}

	private static TestHttp.Response keyed(TestHttp http, String key) {
		return http.decideKeyed(key, SEED_DECISION.replace("task-123", key));
	}

}
