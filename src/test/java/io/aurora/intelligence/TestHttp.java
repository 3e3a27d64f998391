package io.aurora.intelligence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/** A small HTTP client for end-to-end tests against a service on a loopback port. */
final class TestHttp {

	static final JsonMapper JSON = new JsonMapper();

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	TestHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	String base() {
		return base;
	}

	/** Sends {@code request} as it is written, on a socket of its own, and reads the answer until the service closes. */
	String raw(String request) throws IOException {
		URI uri = URI.create(base);
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
	}

	Response post(String path, String json) {
		return post(path, "application/json", json);
	}

	Response post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** {@code POST /decisions} of {@code body} with an {@code Idempotency-Key}, and the API key when one is given. */
	Response decideKeyed(String key, String body, String... apiKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/decisions")).header("Content-Type", "application/json")
			.header("Idempotency-Key", key);
		for (String bearer : apiKey) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Makes a decision and returns its answer, failing unless it is a 200. */
	JsonNode decide(String json) {
		Response response = post("/decisions", json);
		if (response.status() != 200) {
			throw new AssertionError("decision failed: " + response);
		}
		return response.json();
	}

	/** Waits until the Ψ cache holds a valid reading, so decisions use it. */
	void awaitPsiReading() {
		await("a Ψ reading").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
			.until(() -> get("/status").json().at("/cache/cache_valid").asBoolean());
	}

	/** A response with its status, content type and body. */
	record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {

		JsonNode json() {
			return JSON.readTree(body);
		}

	}

}
