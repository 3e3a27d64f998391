package io.aurora.intelligence.api;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.coyote.http11.Http11InputBuffer;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the reading of a request's body to the wall clock. Tomcat bounds each read by its connection timeout, but
 * starts that timeout again with every byte, framing bytes too (a chunk extension, a trailer field), which never
 * reach the reader: one byte every few seconds held a thread for hours. At a read's deadline the connection's read
 * timeout is cut to a millisecond, so the read fails with the next byte, or within one connection timeout; the
 * connection is then closed, as after any stalled body.
 */
final class ReadDeadlines {

	private static final Logger log = LoggerFactory.getLogger(ReadDeadlines.class);

	/** The request attribute holding the request's connection, noted by {@link UnreadBodyValve}. */
	static final String CONNECTION = ReadDeadlines.class.getName() + ".connection";

	/** How often reads are checked against their deadlines. */
	static final long SCAN_MS = 100;

	private static final @Nullable Field SOCKET = socketField();

	private static final Set<Armed> ARMED = ConcurrentHashMap.newKeySet();

	private static final ScheduledExecutorService SCANNER = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "read-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	static {
		SCANNER.scheduleWithFixedDelay(ReadDeadlines::scan, SCAN_MS, SCAN_MS, TimeUnit.MILLISECONDS);
	}

	private ReadDeadlines() {
	}

	/** Notes the connection {@code request} arrived on, for {@link #arm}. */
	static void note(Request request) {
		if (SOCKET != null && request.getCoyoteRequest().getInputBuffer() instanceof Http11InputBuffer buffer) {
			try {
				request.setAttribute(CONNECTION, SOCKET.get(buffer));
			}
			catch (IllegalAccessException | RuntimeException ex) {
				// left unbounded but by Tomcat's own timeout, as socketField() reports
			}
		}
	}

	/** Bounds the reads of {@code request}'s body by {@code deadlineNanos}, until the handle returned is closed. */
	static Armed arm(ServletRequest request, long deadlineNanos) {
		Armed armed = new Armed(request.getAttribute(CONNECTION) instanceof SocketWrapperBase<?> socket ? socket : null,
				deadlineNanos);
		if (armed.socket != null) {
			ARMED.add(armed);
		}
		return armed;
	}

	private static void scan() {
		long now = System.nanoTime();
		for (Armed armed : ARMED) {
			armed.fireIfDue(now);
		}
	}

	private static @Nullable Field socketField() {
		try {
			Field field = Http11InputBuffer.class.getDeclaredField("wrapper");
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			log.warn("Request bodies are bounded only by Tomcat's connection timeout between bytes: this Tomcat's "
					+ "input buffer has no connection to bound ({})", ex.toString());
			return null;
		}
	}

	/** One body's reads under their deadline, until closed. */
	static final class Armed implements AutoCloseable {

		private final @Nullable SocketWrapperBase<?> socket;

		private final long deadline;

		private boolean fired;

		private boolean closed;

		private Armed(@Nullable SocketWrapperBase<?> socket, long deadline) {
			this.socket = socket;
			this.deadline = deadline;
		}

		private synchronized void fireIfDue(long now) {
			if (!closed && !fired && socket != null && now - deadline >= 0) {
				fired = true;
				socket.setReadTimeout(1);
			}
		}

		/** Whether the deadline struck while reading: the connection then reads no more in time, and is to be closed. */
		synchronized boolean fired() {
			return fired;
		}

		@Override
		public synchronized void close() {
			closed = true;
			ARMED.remove(this);
		}

	}

}
