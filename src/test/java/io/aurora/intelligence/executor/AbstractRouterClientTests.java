package io.aurora.intelligence.executor;

import java.io.IOException;
import java.net.URI;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
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
