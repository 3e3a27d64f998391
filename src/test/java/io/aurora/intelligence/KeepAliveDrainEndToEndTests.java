package io.aurora.intelligence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.TomcatWebServer;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stop as a scheduler holding a kept-alive connection meets it: the request it sends once the stop has
 * begun is still served, and told to close the connection, rather than lost in the closing socket.
 */
class KeepAliveDrainEndToEndTests {

	@Test
	void aRequestOnAKeptAliveConnectionDuringAStopIsServedAndToldToClose() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			RunningService service = RunningService.start(Files.createTempDirectory("aurora-drain").resolve("d.db"),
					neighbours, Map.of("SHUTDOWN_DRAIN_MS", "5000"));
			int port = Integer.parseInt(service.http.base().substring(service.http.base().lastIndexOf(':') + 1));
			Connector connector = ((TomcatWebServer) service.webServer())
				.getTomcat().getConnector();
			assertThat(((AbstractHttp11Protocol<?>) connector.getProtocolHandler()).getMaxKeepAliveRequests())
				.as("a caller reconnects now and then, so a Service spreads it over replicas added since").isEqualTo(10_000);
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoTimeout(10_000);
				String first = exchange(socket, decision(port));
				assertThat(first).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
				CompletableFuture<Void> stop = CompletableFuture.runAsync(service::close);
				AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
				await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
					.until(() -> protocol.getMaxKeepAliveRequests() == 1);
				assertThat(stop).as("the stop waits while the connection is open").isNotDone();
				String during = exchange(socket, decision(port));
				assertThat(during).as("served in full, not refused or cut").startsWith("HTTP/1.1 200")
					.containsIgnoringCase("connection: close")
					.contains("\"trace_id\"");
				assertThat(socket.getInputStream().read()).as("the service closes the connection").isEqualTo(-1);
				stop.get(30, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void withoutOpenConnectionsAStopDoesNotWaitOutTheDrain() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			RunningService service = RunningService.start(Files.createTempDirectory("aurora-drain").resolve("d.db"),
					neighbours, Map.of("SHUTDOWN_DRAIN_MS", "10000"));
			try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(service.http.base().substring(service.http.base().lastIndexOf(':') + 1)))) {
				socket.setSoTimeout(10_000);
				assertThat(exchange(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
					.startsWith("HTTP/1.1 200");
			}
			long start = System.nanoTime();
			CompletableFuture<Void> stop = CompletableFuture.runAsync(service::close);
			// Waiting out the drain alone would take its 10 s; a stop that does not is done in a second or two.
			stop.get(20, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the stop, which must not wait out the 10 s drain")
				.isLessThan(Duration.ofSeconds(9));
		}
	}

	private static String decision(int port) {
		byte[] body = SEED_DECISION.getBytes(StandardCharsets.UTF_8);
		return "POST /decisions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length + "\r\n\r\n" + SEED_DECISION;
	}

	/** Sends {@code request} and reads one response, its head and its body (sized or chunked). */
	private static String exchange(Socket socket, String request) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.UTF_8));
		out.flush();
		InputStream in = socket.getInputStream();
		String head = readUntil(in, "\r\n\r\n");
		String lower = head.toLowerCase();
		StringBuilder body = new StringBuilder();
		if (lower.contains("transfer-encoding: chunked")) {
			int size;
			while ((size = Integer.parseInt(readUntil(in, "\r\n").strip(), 16)) > 0) {
				body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
				readUntil(in, "\r\n");
			}
			readUntil(in, "\r\n");
		}
		else if (lower.contains("content-length: ")) {
			int start = lower.indexOf("content-length: ") + 16;
			int length = Integer.parseInt(lower.substring(start, lower.indexOf("\r\n", start)).strip());
			body.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
		}
		return head + body;
	}

	private static String readUntil(InputStream in, String end) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (!read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed after: " + read.toString(StandardCharsets.ISO_8859_1));
			}
			read.write(b);
		}
		return read.toString(StandardCharsets.ISO_8859_1);
	}

}
