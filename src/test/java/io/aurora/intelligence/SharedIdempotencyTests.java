package io.aurora.intelligence;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idempotency-Keys on the shared PostgreSQL store: a retry that reaches another replica finds the first's answer. */
class SharedIdempotencyTests extends AbstractSharedModeTests {

	@Test
	void aRetryOnAnotherReplicaGetsTheFirstReplicasAnswer() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings, MinuteAhead.class)) {
			long routed = neighbours.router.getRequestCount();
			TestHttp.Response first = a.http.decideKeyed("shared-key-1", SEED_DECISION);
			assertThat(first.status()).isEqualTo(200);
			TestHttp.Response retry = b.http.decideKeyed("shared-key-1", SEED_DECISION);
			assertThat(retry.status()).isEqualTo(200);
			assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(retry.json().get("trace_id")).isEqualTo(first.json().get("trace_id"));
			assertThat(neighbours.router.getRequestCount() - routed).as("placed once").isEqualTo(1);
			assertThat(b.http.decideKeyed("shared-key-1", SEED_DECISION.replace("task-123", "task-9")).status()).isEqualTo(422);
		}
	}

	@Test
	void aRepeatOnAnotherReplicaWaitsForTheFirstWhateverTheReplicasClocksSay() throws Exception {
		Map<String, String> settings = new HashMap<>(freshDatabase(postgres));
		settings.put("ROUTER_TIMEOUT_MS", "10000");
		neighbours.routeWith(request -> new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.body("{\"score\":0.5}").headersDelay(5000, TimeUnit.MILLISECONDS).build());
		try (RunningService behind = RunningService.start(dir.resolve("a.db"), neighbours, settings, MinuteBehind.class);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings, MinuteAhead.class)) {
			long routed = neighbours.router.getRequestCount();
			CompletableFuture<TestHttp.Response> first = CompletableFuture.supplyAsync(() -> behind.http.decideKeyed("skewed-1", SEED_DECISION));
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(neighbours.router.getRequestCount() - routed).as("with the router").isEqualTo(1));
			TestHttp.Response meanwhile = b.http.decideKeyed("skewed-1", SEED_DECISION);
			assertThat(meanwhile.status()).isEqualTo(409);
			assertThat(meanwhile.json().get("title").asString())
				.as("the claim is two minutes old by these replicas' clocks, past the 41 s bound: not 'never answered'")
				.isEqualTo("Request in progress");
			assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
			TestHttp.Response after = b.http.decideKeyed("skewed-1", SEED_DECISION);
			assertThat(after.json().get("trace_id")).isEqualTo(first.get().json().get("trace_id"));
			assertThat(neighbours.router.getRequestCount() - routed).as("placed once").isEqualTo(1);
		}
		finally {
			neighbours.routeWith(request -> "/route".equals(request.getTarget())
					? NeighbourStubs.json(200, "{\"score\":0.87,\"status\":\"placed\",\"estimated_latency_ms\":40}")
					: NeighbourStubs.json(404, "{}"));
		}
	}

	/** A replica whose wall clock runs a minute behind PostgreSQL's. */
	@TestConfiguration(proxyBeanMethods = false)
	static class MinuteBehind {

		@Bean
		@Primary
		Clock minuteBehind() {
			return Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1));
		}

	}

	/** A replica whose wall clock runs a minute ahead of PostgreSQL's. */
	@TestConfiguration(proxyBeanMethods = false)
	static class MinuteAhead {

		@Bean
		@Primary
		Clock minuteAhead() {
			return Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
		}

	}

}
