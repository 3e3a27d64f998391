package io.aurora.intelligence.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback neighbour that sends the head of its answer one byte every {@code gapMillis}: each read
 * arrives well within a socket timeout, while the whole head takes seconds. MockWebServer can delay or
 * throttle a body, but not drip the status line and headers.
 */
public final class TricklingServer implements AutoCloseable {

	private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: "
			+ "x".repeat(100) + "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket socket;

	private final Thread thread;

	/** Starts answering every connection on an ephemeral loopback port. */
	public TricklingServer(long gapMillis) {
		try {
			socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		thread = new Thread(() -> serve(gapMillis), "trickling-server");
		thread.setDaemon(true);
		thread.start();
	}

	/** The base URL of this server. */
	public URI url() {
		return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
	}

	private void serve(long gapMillis) {
		while (!socket.isClosed()) {
			try (Socket client = socket.accept()) {
				InputStream in = client.getInputStream();
				in.read(new byte[8192]);
				OutputStream out = client.getOutputStream();
				for (byte b : HEAD) {
					out.write(b);
					out.flush();
					Thread.sleep(gapMillis);
				}
			}
			catch (IOException | InterruptedException ex) {
				// the client gave up, or the server is closing: take the next connection
			}
		}
	}

	@Override
	public void close() throws IOException {
		socket.close();
		thread.interrupt();
	}

}
