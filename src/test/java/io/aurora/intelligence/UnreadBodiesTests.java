package io.aurora.intelligence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests answered before their body was read: a client dripping the rest of it cannot hold the connection,
 * one that asked to be invited is not invited to send a body it would be refused, and chunked framing Tomcat
 * refuses is a 400 without a stack trace in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreadBodiesTests {

	private static final String KEY = "0123456789abcdef-unread";

	private static NeighbourStubs neighbours;

	private static RunningService service;

	@BeforeAll
	static void start() throws Exception {
		neighbours = new NeighbourStubs();
		service = RunningService.start(Files.createTempDirectory("aurora-unread").resolve("d.db"), neighbours,
				Map.of("AURORA_API_KEY", KEY));
	}

	@AfterAll
	static void stop() {
		service.close();
		neighbours.close();
	}

	@Test
	void aBodyDrippedAfterItsAnswerCannotHoldTheConnection() throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = startFeedback(socket, 100_000, "{\"trace_id\"");
			InputStream in = socket.getInputStream();
			assertThat(head(in)).startsWith("HTTP/1.1 401");
			long answered = System.nanoTime();
			boolean closed = false;
			while (!closed && System.nanoTime() - answered < 15_000_000_000L) {
				Thread.sleep(500);
				try {
					out.write(' ');
					out.flush();
					socket.setSoTimeout(1);
					closed = in.read() == -1;
				}
				catch (SocketTimeoutException ex) {
					// still open, nothing to read
				}
				catch (IOException ex) {
					closed = true;
				}
			}
			assertThat(closed).as("closed a few seconds after the answer, not once 100,000 bytes have dripped in").isTrue();
			assertThat((System.nanoTime() - answered) / 1_000_000).isLessThan(8_000);
		}
		assertThat(service.http.get("/healthz").status()).isEqualTo(200);
	}

	@Test
	void aBodyStillArrivingAfterItsAnswerIsReadSoTheClientGetsACleanClose() throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = startFeedback(socket, 300_000, "");
			InputStream in = socket.getInputStream();
			String head = head(in);
			assertThat(head).startsWith("HTTP/1.1 401");
			int contentLength = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
			assertThat(in.readNBytes(contentLength)).as("the whole answer, before the body").hasSize(contentLength);
			socket.setSoTimeout(300);
			assertThatThrownBy(in::read).as("still open: the service waits for the rest of the body")
				.isInstanceOf(SocketTimeoutException.class);
			byte[] piece = new byte[30_000];
			java.util.Arrays.fill(piece, (byte) ' ');
			for (int i = 0; i < 10; i++) {
				out.write(piece);
				out.flush();
			}
			socket.setSoTimeout(5_000);
			assertThat(in.read()).as("closed once the body was read").isEqualTo(-1);
		}
	}

	@Test
	void aChunkExtensionDrippedAfterItsAnswerCannotHoldTheConnection() throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /feedback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n5;x=").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 401");
			long answered = System.nanoTime();
			assertThat(dripUntilClosed(socket, 500, 30_000)).as("closed at the 2 s drain's end, though every byte of the "
					+ "extension restarts Tomcat's own timeout").isLessThan(8_000);
			assertThat((System.nanoTime() - answered) / 1_000_000).isLessThan(8_000);
		}
	}

	@Test
	void aBodyWhoseTrailerDripsIsAnswered408AtItsDeadline() throws Exception {
		try (Socket socket = connect()) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Trailer: ").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			long sent = System.nanoTime();
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
				try {
					return head(socket.getInputStream());
				}
				catch (IOException ex) {
					return ex.toString();
				}
			});
			while (!answer.isDone() && System.nanoTime() - sent < 60_000_000_000L) {
				Thread.sleep(1_000);
				try {
					out.write('a');
					out.flush();
				}
				catch (IOException ex) {
					break;
				}
			}
			assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 408").contains("application/problem+json");
			assertThat(new String(socket.getInputStream().readNBytes(400), StandardCharsets.UTF_8))
				.contains("The request body did not arrive in time (a body must arrive whole within 30 s, with no pause as long as "
						+ "the connection timeout, 10 s unless set otherwise)");
			assertThat((System.nanoTime() - sent) / 1_000_000).as("BodyLimitFilter's 30 s deadline, not 10 s after the last byte")
				.isBetween(29_000L, 45_000L);
		}
		assertThat(service.http.get("/healthz").status()).isEqualTo(200);
	}

	@Test
	void aRequestAnsweredWithoutItsBodyIsNotInvitedToSendIt() throws Exception {
		try (Socket socket = connect()) {
			socket.getOutputStream().write(("POST /feedback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 50\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			assertThat(head(socket.getInputStream())).as("401 first, no 100 Continue").startsWith("HTTP/1.1 401");
		}
	}

	@Test
	void aBodyOfAnotherTypeThanJsonIsRefusedBeforeItArrives() throws Exception {
		try (Socket socket = connect()) {
			socket.getOutputStream().write(("POST /decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
					+ "Content-Length: 100000\r\n\r\n" + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			String head = head(socket.getInputStream());
			assertThat(head).as("415 at once, not a 408 once the body failed to arrive").startsWith("HTTP/1.1 415")
				.contains("application/problem+json").as("the type it takes (RFC 9110)").contains("Accept: application/json");
			int contentLength = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
			assertThat(new String(socket.getInputStream().readNBytes(contentLength), StandardCharsets.UTF_8))
				.contains("Content-Type 'text/plain' is not supported; send Content-Type: application/json");
		}
		try (Socket socket = connect()) {
			socket.getOutputStream().write(("POST //decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
					+ "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			assertThat(head(socket.getInputStream())).as("a path no endpoint has, as Spring MVC matches it").startsWith("HTTP/1.1 404");
		}
	}

	@Test
	void moreChunkedTrailerFieldsThanTomcatTakesAreA400WithoutAStackTrace(CapturedOutput output) throws Exception {
		String body = "{\"task_id\":\"t1\",\"candidates\":[{\"provider\":\"a\",\"sku\":\"b\"}]}";
		StringBuilder trailers = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			trailers.append("X-").append(i).append(": a\r\n");
		}
		int refused = 0;
		// Tomcat's limit on trailer fields applies from a connection processor's second request on, so several go.
		for (int attempt = 0; attempt < 6; attempt++) {
			for (String path : new String[] { "POST /decisions", "GET /status" }) {
				try (Socket socket = connect()) {
					socket.getOutputStream().write((path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
							+ "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
							+ "\r\n0\r\n" + trailers + "\r\n").getBytes(StandardCharsets.US_ASCII));
					socket.getOutputStream().flush();
					String head = head(socket.getInputStream());
					assertThat(head).as(path).matches("(?s)HTTP/1.1 (200|400) .*");
					if (head.startsWith("HTTP/1.1 400")) {
						assertThat(head).contains("application/problem+json");
						refused++;
					}
				}
			}
		}
		assertThat(refused).as("answers that met the limit").isPositive();
		assertThat(output.getAll()).doesNotContain("IllegalStateException").doesNotContain("ERROR")
			.as("no error page rendered after the answer").doesNotContain("already committed");
	}

	/** Writes a byte every {@code everyMillis} until the service closes the connection; how long that took, in ms. */
	private static long dripUntilClosed(Socket socket, long everyMillis, long maxMillis) throws Exception {
		long start = System.nanoTime();
		InputStream in = socket.getInputStream();
		while ((System.nanoTime() - start) / 1_000_000 < maxMillis) {
			Thread.sleep(everyMillis);
			try {
				socket.getOutputStream().write('a');
				socket.getOutputStream().flush();
				socket.setSoTimeout(1);
				while (in.read() != -1) {
					// what is left of the answer
				}
				return (System.nanoTime() - start) / 1_000_000;
			}
			catch (SocketTimeoutException ex) {
				// still open
			}
			catch (IOException ex) {
				return (System.nanoTime() - start) / 1_000_000;
			}
		}
		return maxMillis;
	}

	private static Socket connect() throws IOException {
		URI base = URI.create(service.http.base());
		Socket socket = new Socket(base.getHost(), base.getPort());
		socket.setSoTimeout(10_000);
		return socket;
	}

	/** Sends a keyless feedback's head, announcing {@code length} bytes of body, and the body's {@code start}. */
	private static OutputStream startFeedback(Socket socket, int length, String start) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(("POST /feedback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
				+ length + "\r\n\r\n" + start).getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return out;
	}

	/** Reads an answer's status line and headers. */
	private static String head(InputStream in) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (!read.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			read.write(b);
		}
		return read.toString(StandardCharsets.US_ASCII);
	}

}
