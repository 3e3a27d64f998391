package io.aurora.intelligence.psi;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.config.HttpServiceClients;
import io.aurora.intelligence.telemetry.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.web.client.RestClient;

/**
 * A Ψ-field cache reading a MockWebServer per test, on a clock the test moves: by default with a 5 s TTL and a
 * 300 ms timeout ({@link #cache(URI)}), and the JSON answers the tests enqueue.
 */
abstract class AbstractPsiCacheTests {

	final MockWebServer psi = new MockWebServer();

	final Telemetry telemetry = new Telemetry(new SimpleMeterRegistry(),
			new DefaultListableBeanFactory().getBeanProvider(PrometheusRegistry.class));

	final AtomicLong now = new AtomicLong(1_000_000_000L);

	PsiCache cache;

	final List<AutoCloseable> clients = new ArrayList<>();

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

	PsiCache cache(URI url) {
		return cache(url, 5);
	}

	PsiCache cache(URI url, int ttlSeconds) {
		return cache(url, ttlSeconds, Duration.ofMillis(300));
	}

	PsiCache cache(URI url, int ttlSeconds, Duration timeout) {
		HttpServiceClients.Declarative<PsiClient.PsiApi> api = HttpServiceClients.create(PsiClient.PsiApi.class,
				RestClient.builder(), url, timeout);
		clients.add(api);
		return new PsiCache(new PsiClient(api.api()), telemetry, ttlSeconds, now::get, Clock.systemUTC());
	}

	static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

}
