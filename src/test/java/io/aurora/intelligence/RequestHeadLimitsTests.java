package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request heads Tomcat refuses before the application sees them, on the running service: a URI beyond the head's
 * 8 KB is a 414, headers beyond it or beyond 100 fields a 431, each with a detail naming the limit, and an
 * HTTP/0.9 request, whose answer could carry no status, gets none.
 */
class RequestHeadLimitsTests {

	private static NeighbourStubs neighbours;

	private static RunningService service;

	@BeforeAll
	static void start() throws Exception {
		neighbours = new NeighbourStubs();
		service = RunningService.start(Files.createTempDirectory("aurora-heads").resolve("d.db"), neighbours, Map.of());
	}

	@AfterAll
	static void stop() {
		service.close();
		neighbours.close();
	}

	@Test
	void aUriLongerThanTheHeadTakesIsRefusedWith414() throws IOException {
		String answer = service.http.raw("GET /status?a=" + "x".repeat(9_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 414").contains("Content-Type: application/problem+json")
			.contains("\"detail\":\"The request's URI is too long: the request line and headers together may take at most 8192 bytes\"");
	}

	@Test
	void headersLargerThanTheHeadTakesAreRefusedWith431() throws IOException {
		String answer = service.http.raw("GET /status HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "y".repeat(9_000) + "\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 431").contains("Content-Type: application/problem+json")
			.as("Tomcat closes the connection, and says so").contains("Connection: close")
			.contains("\"title\":\"Request Header Fields Too Large\"")
			.contains("\"detail\":\"The request's headers are too large: the request line and headers together may take at most 8192 bytes\"");
	}

	@Test
	void moreHeaderFieldsThanTakenAreRefusedWith431() throws IOException {
		String answer = service.http.raw("GET /status HTTP/1.1\r\nHost: localhost\r\n" + "X-A: b\r\n".repeat(120) + "\r\n");
		assertThat(answer).startsWith("HTTP/1.1 431").contains("Content-Type: application/problem+json")
			.contains("\"detail\":\"The request has too many header fields: at most 100 are taken\"");
		String few = service.http.raw("GET /status HTTP/1.1\r\nHost: localhost\r\n" + "X-A: b\r\n".repeat(97) + "X-Big: " + "y".repeat(8_000)
				+ "\r\n\r\n");
		assertThat(few).as("99 fields, one of them large: the size is what is exceeded").startsWith("HTTP/1.1 431")
			.contains("The request's headers are too large");
	}

	@Test
	void anOverlongMethodIsABadRequest() throws IOException {
		assertThat(service.http.raw("A".repeat(9_000) + " /status HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 400")
			.contains("application/problem+json");
	}

	@Test
	void aHeadWithinTheLimitsIsAnswered() throws IOException {
		String answer = service.http.raw("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Big: " + "y".repeat(7_000)
				+ "\r\n" + "X-A: b\r\n".repeat(90) + "\r\n");
		assertThat(answer).startsWith("HTTP/1.1 200");
	}

	@Test
	void anHttp09RequestIsClosedWithoutAnAnswer() throws IOException {
		assertThat(service.http.raw("GET /healthz\r\n")).as("an answer would be a bare body, with no status").isEmpty();
		assertThat(service.http.raw("POST /decisions\r\n")).isEmpty();
		assertThat(service.http.raw("GET /healthz HTTP/1.0\r\n\r\n")).as("HTTP/1.0 is answered").startsWith("HTTP/1.1 200");
	}

}
