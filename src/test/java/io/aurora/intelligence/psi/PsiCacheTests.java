package io.aurora.intelligence.psi;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.HttpServiceClients;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Ψ-field readings the cache serves: what it reads from an answer, a reading served stale past its TTL, and
 * the early refresh a miss starts without hammering the Ψ-field.
 */
class PsiCacheTests extends AbstractPsiCacheTests {

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
	void aNullNewSpellingLeavesTheOlderOneToAnswer() {
		psi.enqueue(json(200, "{\"Psi\":null,\"density\":0.3,\"C\":null,\"coherence\":0.9}"));
		cache.refresh();
		assertThat(cache.lastFetch().result()).isEqualTo("ok");
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
	void roundingNoiseJustBeyondTheUnitIntervalIsClamped() {
		psi.enqueue(json(200, "{\"Psi\":1.0000000000000002,\"C\":-1e-12}"));
		cache.refresh();
		assertThat(cache.lastFetch().result()).isEqualTo("ok");
		assertThat(cache.current().density()).isEqualTo(1.0);
		assertThat(cache.current().coherence()).isEqualTo(0.0);
	}

	@Test
	void aReadingIsLiveUpToItsTtlAndItsAgeIsWhatPeekAndStatusReport() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		cache.refresh();
		now.addAndGet(TimeUnit.SECONDS.toNanos(5));
		assertThat(cache.peek().source()).as("at its TTL").isEqualTo("live");
		assertThat(cache.peek().ageSeconds()).isEqualTo(5.0);
		assertThat(cache.state().ageSeconds()).isEqualTo(5.0);
		assertThat(cache.state().valid()).isTrue();
		now.addAndGet(1);
		assertThat(cache.state().valid()).as("a nanosecond past it").isFalse();
		assertThat(cache.peek().source()).isEqualTo("stale");
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
	void missTriggersABackgroundRefreshBeforeTheScheduledOne() throws Exception {
		psi.enqueue(json(200, "{\"Psi\":0.9,\"C\":0.2}"));
		psi.enqueue(json(200, "{\"Psi\":0.7,\"C\":0.2}"));
		PsiCache slowSchedule = cache(URI.create(psi.url("/").toString()), 60);
		slowSchedule.start();
		try {
			awaitRequests(1);
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).dontCatchUncaughtExceptions()
				.until(() -> slowSchedule.state().ageSeconds() != null);
			now.addAndGet(TimeUnit.SECONDS.toNanos(61));
			assertThat(slowSchedule.current().source()).as("past its TTL").isEqualTo("stale");
			awaitRequests(2);
			assertThat(psi.getRequestCount()).as("the miss fetched again; the schedule would wait 30 s").isEqualTo(2);
		}
		finally {
			slowSchedule.stop();
		}
	}

	private void awaitRequests(int count) {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).dontCatchUncaughtExceptions()
			.until(() -> psi.getRequestCount() >= count);
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

}
