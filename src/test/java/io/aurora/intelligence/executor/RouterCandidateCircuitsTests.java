package io.aurora.intelligence.executor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.HttpServiceClients;
import io.aurora.intelligence.config.SilentPort;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The router client with circuits per candidate: a 5xx on one candidate while the router answers others is that
 * candidate's, the router's breaker hears of it only once another provider fails too, and a candidate's trial is
 * given back exactly once by a call that was never made.
 */
class RouterCandidateCircuitsTests extends AbstractRouterClientTests {

	static final Map<String, Object> AKASH = Map.of("provider", "akash", "sku", "A8");

	static final Map<String, Object> VAST = Map.of("provider", "vast", "sku", "V4");

	static final Map<String, Object> RENDER = Map.of("provider", "render", "sku", "R1");

	@Test
	void aRouterFailingOneProviderWhileAnsweringAnotherKeepsItsOwnCircuitClosed() {
		router.enqueue(json(200, "{\"score\":0.5}"));
		assertThat(route(client, VAST).status()).isEqualTo("ok");
		for (int i = 0; i < 8; i++) {
			router.enqueue(json(503, "{}"));
			RouteResult failed = route(client, AKASH);
			assertThat(failed.status()).as("call %d", i).isIn("error", "open");
		}
		assertThat(client.circuit()).isEqualTo("closed");
		assertThat(client.lastCounted().result().status()).as("the router's answer about vast, not akash's failures").isEqualTo("ok");
		assertThat(client.admit(AKASH).skipped()).as("akash's own circuit opened").isNotNull();
		assertThat(router.getRequestCount()).as("decisions skip akash, but a client asked directly still calls").isEqualTo(9);
		for (int i = 0; i < 3; i++) {
			router.enqueue(json(503, "{}"));
			route(client, RENDER);
		}
		assertThat(client.circuit()).as("a second provider failing with no answer between is the router failing").isEqualTo("open");
	}

	@Test
	void anAnswerPastTheCapIsTheRoutersNotTheCandidates() {
		router.enqueue(json(200, "{\"score\":0.5}"));
		route(client, VAST);
		for (int i = 0; i < 4; i++) {
			router.enqueue(json(i % 2 == 0 ? 200 : 401, "{\"pad\": \"" + "x".repeat(RouterAnswers.MAX_ANSWER_BYTES) + "\"}"));
			assertThat(route(client, AKASH).status()).as("call %d", i).isIn("timeout", "error");
		}
		assertThat(client.admit(AKASH).skipped()).as("no slow candidate: the router's answers were too long").isNull();
		assertThat(client.lastCounted().result().error()).contains("exceeds");
	}

	@Test
	void aRouterStatusThatCameInTimeDecidesWhoseFailureItIsThoughItsBodyWasLate() {
		router.enqueue(json(200, "{\"score\":0.5}"));
		route(client, VAST);
		for (int i = 0; i < 4; i++) {
			router.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
				.body("{\"pad\": \"" + "x".repeat(4000) + "\"}").throttleBody(100, 100, TimeUnit.MILLISECONDS).build());
			RouteResult result = route(client, AKASH);
			assertThat(result.status()).as("call %d", i).isIn("error", "open");
			assertThat(result.httpStatus()).as("call %d", i).isIn(429, null);
		}
		assertThat(client.admit(AKASH).skipped()).as("a 429 is the router's, not a slow candidate's").isNull();
	}

	@Test
	void aConnectionNeverMadeInTimeIsTheRoutersNotTheCandidates() throws Exception {
		try (SilentPort silent = new SilentPort();
				RouterClient unreachable = client(URI.create("http://127.0.0.1:" + silent.port() + "/"), 300)) {
			for (int i = 0; i < 4; i++) {
				assertThat(route(unreachable, AKASH).status()).as("call %d", i).isEqualTo("error");
				assertThat(unreachable.lastCounted().result().error()).as("counted against the router at once")
					.isEqualTo("no connection within the timeout");
			}
			assertThat(unreachable.admit(AKASH).skipped()).as("no slow candidate: the router never took a connection")
				.isNull();
		}
	}

	@Test
	void aCandidatesFailureWhileTheRoutersCircuitIsHalfOpenLeavesItsTrialToTheNextCall() {
		router.enqueue(json(200, "{\"score\":0.5}"));
		route(client, VAST);
		client.breaker().breaker().transitionToOpenState();
		client.breaker().breaker().transitionToHalfOpenState();
		router.enqueue(json(503, "{}"));
		assertThat(route(client, AKASH).status()).isEqualTo("error");
		assertThat(client.circuit()).as("akash's 503 is akash's: the trial is still to be made").isEqualTo("half_open");
		router.enqueue(json(200, "{\"score\":0.5}"));
		assertThat(route(client, VAST).status()).isEqualTo("ok");
		assertThat(client.circuit()).isEqualTo("closed");
	}

	@Test
	void aCallFindingNoFreeConnectionGivesACandidatesTrialBackOnce() throws Exception {
		RouterProperties properties = new RouterProperties(URI.create(router.url("/").toString()), 5000, 1, 3, 3);
		CandidateCircuits circuits = new CandidateCircuits(3, 1, Clock.systemUTC());
		RouterClient narrow = new RouterClient(properties.url(), HttpServiceClients.pooledClient(Duration.ofMillis(5000), null),
				RouterConfiguration.breaker(properties), HttpServiceClients.deadlines(), 5000, json, 1, Clock.systemUTC(),
				RouterTracing.NONE, circuits);
		RouteResult failed = new RouteResult("error", 503, null, null, "router answered 503", 1);
		circuits.answered(CandidateCircuits.Key.of(VAST));
		for (int i = 0; i < 3; i++) {
			circuits.failed(narrow.admit(AKASH), failed, 1_000_000);
		}
		CandidateCircuits.Admission[] trial = new CandidateCircuits.Admission[1];
		await().atMost(10, TimeUnit.SECONDS).until(() -> (trial[0] = narrow.admit(AKASH)).permit() != null);
		router.enqueue(new MockResponse.Builder().code(200).body("{\"score\":1}").headersDelay(2, TimeUnit.SECONDS).build());
		CompletableFuture<RouteResult> holder = CompletableFuture.supplyAsync(() -> narrow.route(VAST));
		assertThat(router.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
		assertThat(narrow.route(AKASH, TimeUnit.MILLISECONDS.toNanos(20), trial[0]).status()).isEqualTo("busy");
		assertThat(narrow.admit(AKASH).permit()).as("the trial given back is the next decision's").isNotNull();
		assertThat(narrow.admit(AKASH).skipped()).as("given back once: still one trial at a time").isNotNull();
		assertThat(holder.get(10, TimeUnit.SECONDS).status()).isEqualTo("ok");
		narrow.close();
	}

	@Test
	void callersWithoutTheKeyCannotOpenTheRoutersCircuitForCallersWithIt() {
		for (int i = 0; i < 5; i++) {
			router.enqueue(json(404, "{\"detail\":\"no such provider\"}"));
			assertThat(client.route(AKASH, client.timeoutNanos(), client.admit(AKASH, false), false).status()).as("call %d", i)
				.isEqualTo("error");
		}
		assertThat(client.breakers().of(false).circuit()).as("their own circuit").isEqualTo("open");
		assertThat(client.breakers().of(true).circuit()).isEqualTo("closed");
		assertThat(client.circuit()).as("theirs is shown while no caller with the key has called").isEqualTo("open");
		router.enqueue(json(200, "{\"score\":0.5}"));
		assertThat(client.route(VAST, client.timeoutNanos(), client.admit(VAST, true), true).status())
			.as("a caller with the key still reaches the router").isEqualTo("ok");
		assertThat(client.route(VAST, client.timeoutNanos(), client.admit(VAST, false), false).status())
			.as("callers without it are skipped").isEqualTo("open");
		assertThat(router.getRequestCount()).isEqualTo(6);
	}

	@Test
	void callersWithoutTheKeyCannotOpenACandidatesCircuitForCallersWithIt() {
		router.enqueue(json(200, "{\"score\":0.5}"));
		assertThat(client.route(VAST, client.timeoutNanos(), client.admit(VAST, false), false).status()).isEqualTo("ok");
		for (int i = 0; i < 3; i++) {
			router.enqueue(json(500, "{}"));
			client.route(AKASH, client.timeoutNanos(), client.admit(AKASH, false), false);
		}
		assertThat(client.admit(AKASH, false).skipped()).as("their own circuit of the candidate opened").isNotNull();
		assertThat(client.admit(AKASH, true).skipped()).isNull();
		assertThat(client.breakers().candidatesOpen()).isEqualTo(1);
		router.enqueue(json(500, "{}"));
		route(client, AKASH);
		assertThat(client.admit(AKASH, true).skipped()).as("one failure of its own is not three").isNull();
	}

	private static RouteResult route(RouterClient client, Map<String, Object> candidate) {
		return client.route(candidate, client.timeoutNanos(), client.admit(candidate));
	}

}
