package io.aurora.intelligence.executor;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A half-open circuit that no decision comes to try is decided by the router's {@code GET /health}. */
class RouterProbeTests extends AbstractRouterClientTests {

	@Override
	RouterClient newClient() {
		return RouterConfiguration.client(new RouterProperties(URI.create(router.url("/v1").toString()), 2_000, 1, 3, 3), json);
	}

	@Test
	void aHealthyRouterClosesAHalfOpenCircuitThatNoDecisionTried() throws Exception {
		halfOpen();
		router.enqueue(json(200, "{\"status\":\"ok\"}"));
		client.probeWhenIdle(0);
		RecordedRequest probe = router.takeRequest(1, TimeUnit.SECONDS);
		assertThat(probe.getMethod()).isEqualTo("GET");
		assertThat(probe.getTarget()).isEqualTo("/v1/health");
		assertThat(client.circuit()).isEqualTo("closed");
		assertThat(client.circuitOpen()).as("the gauge follows").isFalse();
		assertThat(client.lastCounted().result().status()).as("the trial that closed it, for /status").isEqualTo("ok");
		assertThat(client.lastCounted().result().error()).isNull();
		assertThat(client.trials("ok")).as("counted in aurora_intelligence_router_trials_total").isOne();
	}

	@Test
	void aFailingHealthCheckOpensTheCircuitAgain() throws Exception {
		halfOpen();
		router.enqueue(json(503, "{}"));
		client.probeWhenIdle(0);
		assertThat(client.circuit()).isEqualTo("open");
		assertThat(client.lastCounted().result().error()).isEqualTo("router /health answered 503");
		assertThat(client.trials("error")).isOne();
		assertThat(client.trials("ok")).isZero();
	}

	@Test
	void aRefusedHealthCheckSaysSoWithoutTheRoutersAddress() throws Exception {
		halfOpen();
		String address = router.url("/").host() + ":" + router.getPort();
		router.close();
		client.probeWhenIdle(0);
		assertThat(client.circuit()).isEqualTo("open");
		assertThat(client.lastCounted().result().error()).as("shown on the open /status")
			.isEqualTo("router /health failed: connection refused")
			.doesNotContain(address);
	}

	@Test
	void aHealthCheckWithoutAnAnswerInTimeOpensTheCircuitAgainAtTheTimeout() throws Exception {
		halfOpen();
		router.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(10, TimeUnit.SECONDS).build());
		long start = System.nanoTime();
		client.probeWhenIdle(0);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("bounded by ROUTER_TIMEOUT_MS").isLessThan(7_000);
		assertThat(client.circuit()).isEqualTo("open");
		assertThat(client.lastCounted().result().status()).isEqualTo("timeout");
		assertThat(client.trials("timeout")).isOne();
	}

	@Test
	void aRouterWithoutTheHealthEndpointLeavesTheTrialToTheNextDecision() throws Exception {
		halfOpen();
		router.enqueue(json(404, "{}"));
		client.probeWhenIdle(0);
		assertThat(client.circuit()).isEqualTo("half_open");
		assertThat(router.takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/v1/health");
		assertThat(RouterClient.TRIAL_RESULTS).as("a 404 decides nothing, and is not counted as a trial")
			.allSatisfy((result) -> assertThat(client.trials(result)).isZero());
		client.probeWhenIdle(0);
		assertThat(router.takeRequest(200, TimeUnit.MILLISECONDS)).as("checked again only after a while").isNull();
		router.enqueue(json(200, "{\"score\":0.5}"));
		assertThat(client.route(Map.of()).status()).as("the trial is still there for a decision").isEqualTo("ok");
		assertThat(client.circuit()).isEqualTo("closed");
	}

	@Test
	void noHealthCheckIsMadeBeforeTheCircuitHasBeenHalfOpenForTheIdleTimeNorWhenItIsClosed() throws Exception {
		client.probeWhenIdle(0);
		halfOpen();
		client.probeWhenIdle(TimeUnit.SECONDS.toNanos(30));
		assertThat(router.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
		assertThat(client.circuit()).isEqualTo("half_open");
	}

	@Test
	void aDecisionsTrialInFlightIsNotRacedByAHealthCheck() throws Exception {
		halfOpen();
		router.enqueue(new MockResponse.Builder().code(200).body("{\"score\":0.5}").headersDelay(500, TimeUnit.MILLISECONDS)
			.build());
		Thread trial = new Thread(() -> client.route(Map.of()));
		trial.start();
		assertThat(router.takeRequest(10, TimeUnit.SECONDS).getTarget()).isEqualTo("/v1/route");
		client.probeWhenIdle(0);
		trial.join();
		assertThat(router.takeRequest(200, TimeUnit.MILLISECONDS)).as("no /health while the trial ran").isNull();
		assertThat(client.circuit()).isEqualTo("closed");
	}

	/** Opens the circuit with five failed placements and waits out its one-second cooldown. */
	private void halfOpen() throws Exception {
		for (int i = 0; i < 5; i++) {
			router.enqueue(json(500, "{}"));
			assertThat(client.route(Map.of()).status()).isEqualTo("error");
		}
		for (int i = 0; i < 5; i++) {
			router.takeRequest();
		}
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> assertThat(client.circuit()).isEqualTo("half_open"));
	}

}
