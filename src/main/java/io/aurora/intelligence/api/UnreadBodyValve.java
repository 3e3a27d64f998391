package io.aurora.intelligence.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Bounds what a request answered before its body was read (a 401, a 413) can hold: the answer is sent, and the
 * rest of the body is read for at most {@value #DRAIN_MS} ms and {@value #DRAIN_BYTES} bytes, so that a client
 * still sending a body it has started gets to read its answer; the connection is then closed without reading
 * more (at once after a 408 or a 400 for broken framing). Tomcat on its own reads up to 2 MiB of what is left
 * however slowly it comes, so one byte every few seconds held the connection, and on Java 17 a thread, indefinitely.
 */
final class UnreadBodyValve extends ValveBase {

	/** How long the rest of an unread body is read before the connection is closed. */
	static final long DRAIN_MS = 2_000;

	/** How much of an unread body is read before the connection is closed, Tomcat's own default. */
	static final long DRAIN_BYTES = 2 * 1024 * 1024;

	/**
	 * The request attribute that closes the connection without reading more of the body: one whose framing is
	 * broken, or that stalled past its deadline, has nothing worth waiting for.
	 */
	static final String CLOSE_AT_ONCE = UnreadBodyValve.class.getName() + ".closeAtOnce";

	UnreadBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		ReadDeadlines.note(request);
		getNext().invoke(request, response);
		int status = response.getStatus();
		boolean refusedExpectation = request.getHeader("Expect") != null && (status < 200 || status > 299);
		if (request.isAsync() || refusedExpectation || fullyRead(request)) {
			// Tomcat itself closes a non-2xx answer to an expectation without reading the body it did not ask for.
			return;
		}
		// An answer without a body of its own (an OPTIONS, a 204) is an answer too, unless it is an error Tomcat is to render.
		boolean given = response.getContentWritten() > 0 || !response.isError();
		if (request.getAttribute(CLOSE_AT_ONCE) == null && given && answered(response) && drained(request)) {
			return;
		}
		request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		if (response.getContentWritten() > 0 || response.isCommitted()) {
			// The action marks the request failed, for Tomcat to add an error page; the answer was given already.
			response.setErrorReported();
		}
	}

	/**
	 * Sends what the answer has written before the wait for the rest of the body (all of it: the service's early
	 * answers state their length); false when the client is gone.
	 */
	private static boolean answered(Response response) {
		try {
			response.flushBuffer();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean fullyRead(Request request) {
		AtomicBoolean read = new AtomicBoolean();
		request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, read);
		return read.get();
	}

	/**
	 * Reads the rest of the body within the bounds; whether it ended there. It reads below the servlet input
	 * stream, which Tomcat closes once an answer of stated length is written whole.
	 */
	private static boolean drained(Request request) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
		long left = DRAIN_BYTES;
		Discard discard = new Discard();
		try (ReadDeadlines.Armed armed = ReadDeadlines.arm(request, deadline)) {
			while (left > 0 && System.nanoTime() - deadline < 0) {
				int n = request.getCoyoteRequest().doRead(discard);
				if (n < 0) {
					return !armed.fired();
				}
				left -= n;
			}
		}
		catch (IOException | RuntimeException ex) {
			// broken framing, a stalled client: the connection is closed either way
		}
		return false;
	}

	/** Takes each chunk of the body the connection hands over, and keeps none. */
	private static final class Discard implements ApplicationBufferHandler {

		private ByteBuffer buffer = ApplicationBufferHandler.EMPTY_BUFFER;

		@Override
		public void setByteBuffer(ByteBuffer buffer) {
			this.buffer = buffer;
		}

		@Override
		public ByteBuffer getByteBuffer() {
			return buffer;
		}

		@Override
		public void expand(int size) {
		}

	}

	/**
	 * Installs the valve on the application's context, and has Tomcat send {@code 100 Continue} only once the body
	 * is read, so that a request answered without it (a missing key) is not first invited to send it.
	 */
	@Component
	static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(context -> context.getPipeline().addValve(new UnreadBodyValve()));
			factory.addConnectorCustomizers(connector -> {
				if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
					protocol.setContinueResponseTiming("onRead");
				}
			});
		}

	}

}
