package io.aurora.intelligence.executor;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

/**
 * A router client against a MockWebServer router per test: by default at the router's root with a 300 ms
 * timeout and a 30 s cooldown ({@link #newClient}), and the JSON answers the tests enqueue.
 */
abstract class AbstractRouterClientTests {

	final MockWebServer router = new MockWebServer();

	final JsonMapper json = new JsonMapper();

	RouterClient client;

	/**
	 * One call with a patient client first, so that the classes a call loads (the HTTP client's, Jackson's) are
	 * loaded before a test's 300 ms bound applies: on a busy machine the first cold call can take longer.
	 */
	@BeforeAll
	static void warmUp() throws IOException {
		try (MockWebServer warm = new MockWebServer()) {
			warm.start();
			warm.enqueue(json(200, "{\"score\":0.5}"));
			try (RouterClient patient = RouterConfiguration.client(
					new RouterProperties(URI.create(warm.url("/").toString()), 30_000, 30, 3, 3), new JsonMapper())) {
				patient.route(Map.of());
			}
		}
	}

	@BeforeEach
	void start() throws IOException {
		router.start();
		client = newClient();
	}

	@AfterEach
	void stop() throws IOException {
		client.close();
		router.close();
	}

	/** The client each test starts with. */
	RouterClient newClient() {
		return client(URI.create(router.url("/").toString()), 300);
	}

	/** A client of {@code url} with a {@code timeoutMs} timeout, a 30 s cooldown and 3 attempts. */
	RouterClient client(URI url, int timeoutMs) {
		return RouterConfiguration.client(new RouterProperties(url, timeoutMs, 30, 3, 3), json);
	}

	static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

}
