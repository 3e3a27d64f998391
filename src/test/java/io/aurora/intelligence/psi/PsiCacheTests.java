package io.aurora.intelligence.psi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.config.HttpServiceClients;
import io.aurora.intelligence.config.TricklingServer;
import io.aurora.intelligence.telemetry.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class PsiCacheTests {

	private final MockWebServer psi = new MockWebServer();

	private final Telemetry telemetry = new Telemetry(new SimpleMeterRegistry(),
			new DefaultListableBeanFactory().getBeanProvider(PrometheusRegistry.class));

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private PsiCache cache;

	private final List<AutoCloseable> clients = new ArrayList<>();

	@BeforeEach
	void start() throws IOException {
		psi.start();
		cache = cache(URI.create(psi.url("/").toString()));
	}

	@AfterEach
	void stop() throws Exception {
		cache.stop();
		for (AutoCloseable client : clients) {
			client.close();
		}
		psi.close();
	}

	private PsiCache cache(URI url) {
		return cache(url, 5);
	}

	private PsiCache cache(URI url, int ttlSeconds) {
		return cache(url, ttlSeconds, Duration.ofMillis(300));
	}

	private PsiCache cache(URI url, int ttlSeconds, Duration timeout) {
		HttpServiceClients.Declarative<PsiClient.PsiApi> api = HttpServiceClients.create(PsiClient.PsiApi.class,
				RestClient.builder(), url, timeout);
		clients.add(api);
		return new PsiCache(new PsiClient(api.api()), telemetry, ttlSeconds, now::get, Clock.systemUTC());
	}

	@Test
	void currentBeforeAnyReadingIsNeutral() {
		PsiReading reading = cache.current();
		assertThat(reading.density()).isEqualTo(0.5);
		assertThat(reading.coherence()).isEqualTo(0.5);
		assertThat(reading.source()).isEqualTo("neutral");
		assertThat(telemetry.cacheCounts().misses()).isEqualTo(1);
	}

	@Test
	void refreshReadsPsiAndCoherence() throws Exception {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68,\"U\":0.1,\"k\":7,\"timestamp\":\"2026-11-29T00:00:00Z\"}"));
		cache.refresh();
		PsiReading reading = cache.current();
		assertThat(reading.density()).isEqualTo(0.82);
		assertThat(reading.coherence()).isEqualTo(0.68);
		assertThat(reading.source()).isEqualTo("live");
		assertThat(reading.raw()).containsEntry("U", 0.1).containsEntry("k", 7.0);
		assertThat(psi.takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/state");
		assertThat(telemetry.cacheCounts().hits()).isEqualTo(1);
		assertThat(cache.peek().density()).as("the same reading").isEqualTo(0.82);
		assertThat(telemetry.cacheCounts().hits()).as("a peek is not a decision's lookup").isEqualTo(1);
		assertThat(telemetry.cacheCounts().misses()).isZero();
		cache.countDecision(cache.peek());
		cache.countDecision(PsiReading.NEUTRAL);
		assertThat(telemetry.cacheCounts().hits()).as("a peeked live reading counted for a decision").isEqualTo(2);
		assertThat(telemetry.cacheCounts().misses()).as("a neutral one").isEqualTo(1);
		assertThat(cache.state().valid()).isTrue();
		assertThat(cache.lastFetch().result()).isEqualTo("ok");
		assertThat(cache.lastFetch().error()).isNull();
	}

	@Test
	void theServicesStrictRequestJsonDoesNotReachTheNeighboursAnswers() {
		JsonMapper strict = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
		HttpServiceClients.Declarative<PsiClient.PsiApi> api = HttpServiceClients.create(PsiClient.PsiApi.class,
				RestClient.builder().configureMessageConverters(converters -> converters.withJsonConverter(
						new JacksonJsonHttpMessageConverter(strict))),
				URI.create(psi.url("/").toString()), Duration.ofMillis(300));
		clients.add(api);
		PsiCache lenient = new PsiCache(new PsiClient(api.api()), telemetry, 5, now::get, Clock.systemUTC());
		psi.enqueue(json(200, "{\"Psi\":0.4,\"C\":0.6,\"Psi\":0.7}"));
		lenient.refresh();
		assertThat(lenient.lastFetch().error()).isNull();
		assertThat(lenient.current().density()).as("the last value, as Jackson's default reads it").isEqualTo(0.7);
	}

	@Test
	void refreshAcceptsTheOlderSpelling() {
		psi.enqueue(json(200, "{\"density\":0.3,\"coherence\":0.9}"));
		cache.refresh();
		assertThat(cache.current().density()).isEqualTo(0.3);
		assertThat(cache.current().coherence()).isEqualTo(0.9);
	}

	@Test
	void aReadingWithThousandsOfFieldsKeepsOnlyAFewSoEveryTraceStaysSmall() {
		StringBuilder answer = new StringBuilder("{\"Psi\":0.7,\"C\":0.6,\"" + "k".repeat(65) + "\":1");
		for (int i = 0; i < 3000; i++) {
			answer.append(",\"a").append(i).append("\":").append(i);
		}
		psi.enqueue(json(200, answer.append('}').toString()));
		cache.refresh();
		assertThat(cache.lastFetch().result()).isEqualTo("ok");
		assertThat(cache.current().density()).isEqualTo(0.7);
		assertThat(cache.current().raw()).hasSize(PsiClient.MAX_RAW_FIELDS).containsEntry("Psi", 0.7)
			.doesNotContainKey("k".repeat(65));
	}

	@Test
	void readingsOutsideTheUnitIntervalAreRefusedAndTheLastGoodOneKept() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		cache.refresh();
		psi.enqueue(json(200, "{\"Psi\":82,\"C\":68}"));
		cache.refresh();
		assertThat(cache.lastFetch().result()).isEqualTo("error");
		assertThat(cache.lastFetch().error()).isEqualTo("Ψ-field reading's 'Psi' is outside [0, 1]");
		assertThat(cache.current().density()).isEqualTo(0.82);
		psi.enqueue(json(200, "{\"density\":0.5,\"coherence\":-3}"));
		cache.refresh();
		assertThat(cache.lastFetch().error()).isEqualTo("Ψ-field reading's 'coherence' is outside [0, 1]");
		assertThat(cache.current().coherence()).isEqualTo(0.68);
	}

	@Test
	void roundingNoiseJustBeyondTheUnitIntervalIsClamped() {
		psi.enqueue(json(200, "{\"Psi\":1.0000000000000002,\"C\":-1e-12}"));
		cache.refresh();
		assertThat(cache.lastFetch().result()).isEqualTo("ok");
		assertThat(cache.current().density()).isEqualTo(1.0);
		assertThat(cache.current().coherence()).isEqualTo(0.0);
	}

	@Test
	void readingPastItsTtlIsServedStaleAndCountsAsMiss() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		cache.refresh();
		now.addAndGet(TimeUnit.SECONDS.toNanos(6));
		PsiReading reading = cache.current();
		assertThat(reading.source()).isEqualTo("stale");
		assertThat(reading.density()).isEqualTo(0.82);
		assertThat(reading.ageSeconds()).isEqualTo(6.0);
		assertThat(cache.state().valid()).isFalse();
		assertThat(telemetry.cacheCounts().misses()).isEqualTo(1);
	}

	@Test
	void failuresKeepTheLastGoodReading() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		psi.enqueue(json(500, "{}"));
		psi.enqueue(json(200, "{\"Psi\":\"high\"}"));
		psi.enqueue(json(200, "garbage"));
		psi.enqueue(new MockResponse.Builder().code(200).body("{\"Psi\":0.1,\"C\":0.1}").headersDelay(2, TimeUnit.SECONDS).build());
		List<String> reasons = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			cache.refresh();
			reasons.add(cache.lastFetch().error());
		}
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(4);
		assertThat(cache.current().density()).isEqualTo(0.82);
		assertThat(cache.lastFetch().result()).isEqualTo("error");
		assertThat(reasons).as("short reasons for the open /status: no exception class, no echo of the answer")
			.containsExactly(null, "Ψ-field answered 500", "Ψ-field reading has no numeric 'Psi' or 'density'",
					"Ψ-field answered malformed JSON", "no answer within PSI_TIMEOUT_MS, or the connection broke");
	}

	@Test
	void aRedirectIsAnErrorNotAReading() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		psi.enqueue(new MockResponse.Builder().code(302).addHeader("Location", psi.url("/elsewhere").toString())
			.addHeader("Content-Type", "application/json").body("{\"Psi\":0.1,\"C\":0.1}").build());
		cache.refresh();
		cache.refresh();
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
		assertThat(cache.current().density()).isEqualTo(0.82);
		assertThat(psi.getRequestCount()).isEqualTo(2);
	}

	@Test
	void anAnswerLargerThanTheCapIsAnErrorNotAReading() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		psi.enqueue(json(200, "{\"Psi\":0.1,\"C\":0.1,\"pad\":\"" + "x".repeat(64 * 1024) + "\"}"));
		cache.refresh();
		cache.refresh();
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
		assertThat(cache.current().density()).isEqualTo(0.82);
	}

	@Test
	void anEndlessAnswerIsCutOffAtTheCapNotReadToItsEnd() {
		psi.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.body("{\"pad\":\"" + "x".repeat(8 * 1024 * 1024) + "\"}").throttleBody(64 * 1024, 100, TimeUnit.MILLISECONDS).build());
		PsiCache patient = cache(URI.create(psi.url("/").toString()), 5, Duration.ofSeconds(30));
		long start = System.nanoTime();
		patient.refresh();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("reading all 8 MiB takes 12 s").isLessThan(5000);
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
	}

	@Test
	void anAnswerTrickledSlowerThanTheTimeoutIsCutOffAtTheTimeout() {
		psi.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.body("{\"Psi\":0.1,\"C\":0.1,\"pad\":\"" + "x".repeat(10_000) + "\"}").throttleBody(100, 100, TimeUnit.MILLISECONDS)
			.build());
		long start = System.nanoTime();
		cache.refresh();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("reading it all takes 10 s").isLessThan(5000);
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
	}

	@Test
	void anAnswerWhoseHeadIsTrickledIsCutOffAtTheTimeout() throws IOException {
		try (TricklingServer trickling = new TricklingServer(50)) {
			PsiCache slow = cache(trickling.url());
			long start = System.nanoTime();
			slow.refresh();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("the whole head takes 8 s").isLessThan(4000);
			assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
			assertThat(slow.current().source()).isEqualTo("neutral");
		}
	}

	@Test
	void slowFetchIsBoundedByTheTimeout() {
		psi.enqueue(new MockResponse.Builder().code(200).body("{\"Psi\":0.1,\"C\":0.1}").headersDelay(3, TimeUnit.SECONDS).build());
		long start = System.nanoTime();
		cache.refresh();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
	}

	@Test
	void refusedConnectionCountsAsError() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		PsiCache dead = cache(URI.create("http://127.0.0.1:" + port));
		dead.refresh();
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
		assertThat(dead.lastFetch().error()).isEqualTo("Ψ-field refused the connection");
		assertThat(dead.current().source()).isEqualTo("neutral");
	}

	@Test
	void missTriggersABackgroundRefreshBeforeTheScheduledOne() throws Exception {
		psi.enqueue(json(200, "{\"Psi\":0.9,\"C\":0.2}"));
		psi.enqueue(json(200, "{\"Psi\":0.7,\"C\":0.2}"));
		PsiCache slowSchedule = cache(URI.create(psi.url("/").toString()), 60);
		slowSchedule.start();
		try {
			awaitRequests(1);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (slowSchedule.state().ageSeconds() == null && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			now.addAndGet(TimeUnit.SECONDS.toNanos(61));
			assertThat(slowSchedule.current().source()).as("past its TTL").isEqualTo("stale");
			awaitRequests(2);
			assertThat(psi.getRequestCount()).as("the miss fetched again; the schedule would wait 30 s").isEqualTo(2);
		}
		finally {
			slowSchedule.stop();
		}
	}

	private void awaitRequests(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (psi.getRequestCount() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

	@Test
	void missesDoNotHammerADeadPsiField() throws Exception {
		for (int i = 0; i < 10; i++) {
			psi.enqueue(json(500, "{}"));
		}
		for (int i = 0; i < 100; i++) {
			psi.enqueue(json(500, "{}"));
		}
		cache.start();
		for (int i = 0; i < 200; i++) {
			now.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
			cache.current();
			Thread.sleep(1);
		}
		awaitRequests(2);
		Thread.sleep(200);
		assertThat(psi.getRequestCount()).as("2 s of misses: the first fetch, then at most one early refresh a second")
			.isBetween(2, 4);
		assertThat(telemetry.cacheCounts().misses()).isEqualTo(200);
	}

	private static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

}
