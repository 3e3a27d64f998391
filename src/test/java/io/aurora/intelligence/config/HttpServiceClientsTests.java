package io.aurora.intelligence.config;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class HttpServiceClientsTests {

	interface Echo {

		@GetExchange("/echo")
		String echo();

	}

	@Test
	void aClosedClientHasReleasedItsConnections() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			server.start();
			server.enqueue(new MockResponse.Builder().code(200).body("hello").build());
			HttpServiceClients.Declarative<Echo> client = HttpServiceClients.create(Echo.class, RestClient.builder(),
					URI.create(server.url("/").toString()), Duration.ofMillis(500));
			assertThat(client.api().echo()).isEqualTo("hello");
			client.close();
			assertThatException().isThrownBy(() -> client.api().echo()).withStackTraceContaining("shut down");
		}
	}

	@Test
	void aConnectionTheNeighbourClosedWhileIdleIsNotReused() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				CloseableHttpClient client = HttpServiceClients.pooledClient(Duration.ofSeconds(1), Duration.ofSeconds(1))) {
			Thread answering = new Thread(() -> answerOnceAndClose(server, connections));
			answering.setDaemon(true);
			answering.start();
			URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/state");
			for (int call = 0; call < 3; call++) {
				// idle past the neighbour's 100 ms keep-alive, under HttpClient's default 2 s before a check
				Thread.sleep(HttpServiceClients.VALIDATE_AFTER_IDLE.toMilliseconds() + 300);
				int code = client.execute(new HttpGet(url), response -> {
					EntityUtils.consume(response.getEntity());
					return response.getCode();
				});
				assertThat(code).as("call %d", call).isEqualTo(200);
			}
			assertThat(connections).hasValue(3);
		}
	}

	@Test
	void aConnectionLeftIdleIsClosedByTheClientAndTheNextCallConnectsAnew() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		AtomicInteger closedByClient = new AtomicInteger();
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				CloseableHttpClient client = HttpServiceClients.pooledClient(Duration.ofSeconds(1), Duration.ofSeconds(1),
						new BoundedDnsResolver(Duration.ofSeconds(1).toNanos()), TimeValue.ofSeconds(1), TimeValue.ofMinutes(5), null)) {
			Thread answering = new Thread(() -> keepAlive(server, connections, closedByClient));
			answering.setDaemon(true);
			answering.start();
			URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/state");
			assertThat(ok(client, url)).isEqualTo(200);
			assertThat(ok(client, url)).as("a busy connection is kept").isEqualTo(200);
			assertThat(connections).hasValue(1);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (closedByClient.get() == 0 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(closedByClient).as("the idle connection closed by the client").hasValue(1);
			assertThat(ok(client, url)).isEqualTo(200);
			assertThat(connections).hasValue(2);
		}
	}

	@Test
	void aConnectionIsUsedForItsTimeToLiveAtMostThenTheNextCallConnectsAnew() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				CloseableHttpClient client = HttpServiceClients.pooledClient(Duration.ofSeconds(1), Duration.ofSeconds(1),
						new BoundedDnsResolver(Duration.ofSeconds(1).toNanos()), TimeValue.ofMinutes(1), TimeValue.ofSeconds(2), null)) {
			Thread answering = new Thread(() -> keepAlive(server, connections, new AtomicInteger()));
			answering.setDaemon(true);
			answering.start();
			URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/state");
			assertThat(ok(client, url)).isEqualTo(200);
			assertThat(ok(client, url)).isEqualTo(200);
			assertThat(connections).as("within its time to live").hasValue(1);
			Thread.sleep(2_500);
			assertThat(ok(client, url)).isEqualTo(200);
			assertThat(connections).as("past its time to live").hasValue(2);
		}
	}

	private static int ok(CloseableHttpClient client, URI url) throws Exception {
		return client.execute(new HttpGet(url), response -> {
			EntityUtils.consume(response.getEntity());
			return response.getCode();
		});
	}

	/** A keep-alive server, one connection at a time, that counts the connections the client closed. */
	private static void keepAlive(ServerSocket server, AtomicInteger connections, AtomicInteger closedByClient) {
		while (!server.isClosed()) {
			try (Socket socket = server.accept()) {
				connections.incrementAndGet();
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					if (line.isEmpty()) {
						socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
							.getBytes(StandardCharsets.US_ASCII));
						socket.getOutputStream().flush();
					}
				}
				closedByClient.incrementAndGet();
			}
			catch (Exception ex) {
				// the test is over
			}
		}
	}

	/** A keep-alive server that answers each connection's first request, then closes it 100 ms later. */
	private static void answerOnceAndClose(ServerSocket server, AtomicInteger connections) {
		while (!server.isClosed()) {
			try (Socket socket = server.accept()) {
				connections.incrementAndGet();
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
				for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
					// the request's head; a GET has no body
				}
				socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
					.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				Thread.sleep(100);
			}
			catch (Exception ex) {
				// the test is over, or the client went away
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "http://aurora-router:8080, true", "http://psi_field:8000, true", "https://router.example/api/v1/, true",
			"http://[::1]:8080/, true", "http://10.0.0.7, true", "HTTP://Router:80, true", "psi-field:8000, false",
			"ftp://router/, false", "http://:8080/, false", "http://user@/, false", "/route, false",
			"http://user:secret@psi-field:8000, false", "http://token@router:8080/, false", "http://127.0.0.1:99999, false",
			"http://router:0/, false", "http://router:65535/, true", "http://router/base?token=x, false", "http://router/#top, false" })
	void aBaseUrlNeedsHttpOrHttpsAndAHostAndNoUserOrPassword(String url, boolean usable) {
		assertThat(HttpServiceClients.usableBaseUrl(URI.create(url))).isEqualTo(usable);
	}

}
