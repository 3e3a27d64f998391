package io.aurora.intelligence.executor;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.aurora.intelligence.config.CallDeadline;
import io.aurora.intelligence.config.HttpServiceClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import mockwebserver3.MockResponse;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The router client's circuit breaker: which failures open it and which do not (refusals, calls cut short
 * by the decision's budget or by waiting for a connection), an open circuit's answer, and its half-open trial.
 */
@ExtendWith(OutputCaptureExtension.class)
class RouterBreakerTests extends AbstractRouterClientTests {

	@Test
	void routeAfterRepeatedFailuresStopsCallingTheRouter() {
		for (int i = 0; i < 5; i++) {
			router.enqueue(json(500, "{}"));
		}
		for (int i = 0; i < 5; i++) {
			assertThat(client.route(Map.of()).status()).isEqualTo("error");
		}
		RouteResult result = client.route(Map.of());
		assertThat(result.status()).isEqualTo("open");
		assertThat(router.getRequestCount()).isEqualTo(5);
	}

	@Test
	void aRouterThatAnswersAfterFailuresIsCalledOnInsteadOfOpeningTheCircuit() {
		for (int i = 0; i < 4; i++) {
			router.enqueue(json(500, "{}"));
		}
		for (int i = 0; i < 4; i++) {
			assertThat(client.route(Map.of()).status()).isEqualTo("error");
		}
		router.enqueue(json(200, "{\"score\":0.8,\"status\":\"placed\"}"));
		assertThat(client.route(Map.of()).status()).isEqualTo("ok");
		assertThat(client.circuit()).as("a success never opens the circuit").isEqualTo("closed");
		router.enqueue(json(200, "{\"score\":0.8,\"status\":\"placed\"}"));
		assertThat(client.route(Map.of()).status()).isEqualTo("ok");
		for (int i = 0; i < 5; i++) {
			router.enqueue(json(500, "{}"));
		}
		for (int i = 0; i < 5; i++) {
			client.route(Map.of());
		}
		assertThat(client.circuit()).as("failures after it still open it").isEqualTo("open");
		assertThat(router.getRequestCount()).as("open at three failures of the five calls since the recovery").isEqualTo(9);
	}

	@Test
	void aRouterFailingThreeCallsInFourStillOpensTheCircuit() {
		for (int i = 0; i < 4; i++) {
			router.enqueue(json(502, "{}"));
		}
		router.enqueue(json(200, "{\"score\":0.8}"));
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < 3; i++) {
				router.enqueue(json(502, "{}"));
			}
			router.enqueue(json(200, "{\"score\":0.8}"));
		}
		for (int i = 0; i < 17 && "closed".equals(client.circuit()); i++) {
			client.route(Map.of());
		}
		assertThat(client.circuit()).as("one answer among failures does not keep it closed for ever").isEqualTo("open");
	}

	@Test
	void theWarningThatTheCircuitOpenedSaysWhereAndWhy(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			router.enqueue(json(404, "{}"));
		}
		for (int i = 0; i < 5; i++) {
			client.route(Map.of());
		}
		assertThat(client.circuit()).isEqualTo("open");
		assertThat(output).contains("Aurora Router circuit opened: calls to " + router.url("/").toString().replaceAll("/$", ""))
			.contains("the last with: router answered 404");
	}

	@Test
	void theWarningThatTheCircuitOpenedGivesTheReasonStatusGivesForACallWithoutAnAnswer(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			router.enqueue(new MockResponse.Builder().code(200).body("{\"score\":1}").headersDelay(2, TimeUnit.SECONDS).build());
		}
		for (int i = 0; i < 5; i++) {
			assertThat(client.route(Map.of()).status()).isEqualTo("timeout");
		}
		assertThat(client.circuit()).isEqualTo("open");
		assertThat(client.lastCounted().result().error()).isEqualTo("no answer within the timeout");
		assertThat(output).as("not the closed socket's own message").contains("the last with: no answer within the timeout;");
	}

	@Test
	void callsCutShortByTheDecisionsRemainingBudgetDoNotOpenTheBreaker() {
		for (int i = 0; i < 6; i++) {
			router.enqueue(new MockResponse.Builder().code(200).body("{\"score\":1}").headersDelay(200, TimeUnit.MILLISECONDS)
				.build());
		}
		for (int i = 0; i < 6; i++) {
			assertThat(client.route(Map.of(), TimeUnit.MILLISECONDS.toNanos(50)).status()).isEqualTo("timeout");
		}
		assertThat(client.circuit()).isEqualTo("closed");
		assertThat(client.lastCounted()).isNull();
		assertThat(router.getRequestCount()).isEqualTo(6);
	}

	@Test
	void callsFindingNoFreeConnectionTimeOutWithinTheirBudgetWithoutOpeningTheBreaker() throws Exception {
		RouterClient narrow = RouterConfiguration.client(new RouterProperties(URI.create(router.url("/").toString()), 5000, 30, 3, 3),
				json, 1);
		router.enqueue(new MockResponse.Builder().code(200).body("{\"score\":1}").headersDelay(2, TimeUnit.SECONDS)
			.build());
		CompletableFuture<RouteResult> holder = CompletableFuture.supplyAsync(() -> narrow.route(Map.of()));
		assertThat(router.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
		for (int i = 0; i < 6; i++) {
			RouteResult waited = narrow.route(Map.of(), TimeUnit.MILLISECONDS.toNanos(20));
			assertThat(waited.status()).as("told apart from the router's own timeouts").isEqualTo("busy");
			assertThat(waited.error()).contains("no free router connection");
			assertThat(waited.elapsedMs()).as("its own 20 ms budget, not the router's 5 s timeout").isLessThan(1000);
			assertThat(narrow.lastCounted()).as("a local wait says nothing about the router").isNull();
		}
		assertThat(holder.get(5, TimeUnit.SECONDS).status()).isEqualTo("ok");
		assertThat(narrow.circuit()).isEqualTo("closed");
		assertThat(router.getRequestCount()).isEqualTo(1);
		narrow.close();
	}

	@Test
	void anOpenCircuitAnswersAtOnceInsteadOfWaitingForAFreeConnection() throws Exception {
		RouterProperties properties = new RouterProperties(URI.create(router.url("/").toString()), 5000, 30, 3, 3);
		CircuitBreaker breaker = RouterConfiguration.breaker(properties);
		RouterClient narrow = new RouterClient(properties.url(),
				HttpServiceClients.pooledClient(Duration.ofMillis(5000), null), breaker, HttpServiceClients.deadlines(), 5000,
				json, 1, Clock.systemUTC());
		router.enqueue(new MockResponse.Builder().code(200).body("{\"score\":1}").headersDelay(2, TimeUnit.SECONDS)
			.build());
		CompletableFuture<RouteResult> holder = CompletableFuture.supplyAsync(() -> narrow.route(Map.of()));
		assertThat(router.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
		breaker.transitionToOpenState();
		RouteResult refused = narrow.route(Map.of());
		assertThat(refused.status()).isEqualTo("open");
		assertThat(refused.elapsedMs()).as("not the 2 s until the connection is free").isLessThan(1000);
		assertThat(holder.get(5, TimeUnit.SECONDS).status()).isEqualTo("ok");
		narrow.close();
	}

	@Test
	void aQuietHalfOpenCircuitWaitsForItsTrialInsteadOfReopening() throws Exception {
		CircuitBreaker breaker = RouterConfiguration.breaker(
				new RouterProperties(URI.create(router.url("/").toString()), 100, 1, 3, 3));
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		Thread.sleep(1_500);
		assertThat(breaker.getState()).as("no decision came; the next one is the trial").isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(breaker.tryAcquirePermission()).isTrue();
	}

	@Test
	void aHostNameLookupCutOffByTheCallsBudgetIsAnErrorNotHeldAgainstTheRouter() throws Exception {
		DnsResolver hanging = new DnsResolver() {

			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				long until = System.nanoTime() + CallDeadline.remainingNanos(TimeUnit.SECONDS.toNanos(30));
				while (System.nanoTime() - until < 0) {
					LockSupport.parkNanos(until - System.nanoTime());
				}
				throw new UnknownHostException(host + ": no DNS answer within what was left of the call");
			}

			@Override
			public String resolveCanonicalHostname(String host) {
				return host;
			}

		};
		RouterProperties properties = new RouterProperties(URI.create("http://router.local:8080/"), 5000, 30, 3, 3);
		RouterClient lookingUp = new RouterClient(properties.url(), HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setDnsResolver(hanging).build())
			.build(), RouterConfiguration.breaker(properties), HttpServiceClients.deadlines(), 5000, json, 4, Clock.systemUTC());
		for (int i = 0; i < 6; i++) {
			RouteResult cut = lookingUp.route(Map.of(), TimeUnit.MILLISECONDS.toNanos(100));
			assertThat(cut.status()).as("nothing was sent").isEqualTo("error");
			assertThat(cut.error()).isEqualTo("no connection within the timeout");
			assertThat(cut.elapsedMs()).isLessThan(1000);
		}
		assertThat(lookingUp.lastCounted()).as("cut short by our budget, so nothing said about the router").isNull();
		assertThat(lookingUp.circuit()).isEqualTo("closed");
		lookingUp.close();
	}

	@Test
	void callsThatTakeTheWholeTimeoutOpenTheBreaker() {
		for (int i = 0; i < 6; i++) {
			router.enqueue(new MockResponse.Builder().code(200).body("{\"score\":1}").headersDelay(600, TimeUnit.MILLISECONDS)
				.build());
		}
		for (int i = 0; i < 5; i++) {
			assertThat(client.route(Map.of()).status()).isEqualTo("timeout");
		}
		assertThat(client.circuit()).isEqualTo("open");
		assertThat(client.route(Map.of()).status()).isEqualTo("open");
		assertThat(client.lastCounted().result().status()).as("what opened the circuit").isEqualTo("timeout");
	}

	@Test
	void anOpenCircuitTurnsHalfOpenAfterItsCooldownWithoutACallAndOneGoodTrialClosesIt() throws Exception {
		RouterClient quick = RouterConfiguration.client(new RouterProperties(URI.create(router.url("/").toString()), 300, 1, 3, 3),
				json);
		for (int i = 0; i < 5; i++) {
			router.enqueue(json(500, "{}"));
			assertThat(quick.route(Map.of()).status()).isEqualTo("error");
		}
		assertThat(quick.circuit()).isEqualTo("open");
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> assertThat(quick.circuit()).as("/status and the gauge see the cooldown end, even with no traffic")
				.isEqualTo("half_open"));
		router.enqueue(json(200, "{\"score\":0.5}"));
		assertThat(quick.route(Map.of()).status()).isEqualTo("ok");
		assertThat(quick.circuit()).isEqualTo("closed");
		quick.close();
	}

	@Test
	void routeRefusalsDoNotOpenTheBreaker() {
		for (int i = 0; i < 6; i++) {
			router.enqueue(json(422, "{}"));
		}
		for (int i = 0; i < 6; i++) {
			assertThat(client.route(Map.of()).status()).isEqualTo("rejected");
		}
		assertThat(router.getRequestCount()).isEqualTo(6);
	}

	@Test
	void answersThatSayTheRouterIsUnusableAreErrorsAndOpenTheBreaker() {
		for (int code : new int[] { 401, 403, 404, 429, 401, 403 }) {
			router.enqueue(json(code, "{}"));
		}
		List<String> results = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			results.add(client.route(Map.of()).status());
		}
		assertThat(results).startsWith("error", "error", "error", "error").endsWith("open");
		assertThat(results).containsOnly("error", "open");
	}

}
