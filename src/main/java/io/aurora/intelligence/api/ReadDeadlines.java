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
 * reach the reader: one byte every few seconds held a thread for hours. While a body is read, the connection's
 * read timeout is kept to the time left before its deadline, lowered every {@value #SCAN_MS} ms, so that a read
 * waiting for the next byte ends by the deadline; at the deadline it is cut to a millisecond, the request is marked
 * to have its connection closed, and the timeout is put back once the reading ends.
 */
final class ReadDeadlines {

	private static final Logger log = LoggerFactory.getLogger(ReadDeadlines.class);

	/** The request attribute holding the request's connection, noted by {@link UnreadBodyValve}. */
	static final String CONNECTION = ReadDeadlines.class.getName() + ".connection";

	/** How often the reads' timeouts are brought down to the time they have left. */
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

	/** Notes the connection {@code request} arrived on, for {@link #arm}, when it announces a body. */
	static void note(Request request) {
		boolean body = request.getCoyoteRequest().getContentLengthLong() > 0
				|| request.getCoyoteRequest().getMimeHeaders().getHeader("Transfer-Encoding") != null;
		if (body && SOCKET != null && request.getCoyoteRequest().getInputBuffer() instanceof Http11InputBuffer buffer) {
			try {
				request.setAttribute(CONNECTION, SOCKET.get(buffer));
			}
			catch (IllegalAccessException | RuntimeException ex) {
				// left unbounded but by Tomcat's own timeout, as socketField() reports
			}
		}
	}

	/**
	 * Bounds the reads of {@code request}'s body by {@code deadlineNanos}, until the handle returned is closed, on the
	 * request's own thread.
	 */
	static Armed arm(ServletRequest request, long deadlineNanos) {
		SocketWrapperBase<?> socket = request.getAttribute(CONNECTION) instanceof SocketWrapperBase<?> s ? s : null;
		Armed armed = new Armed(request, socket, deadlineNanos);
		if (socket != null) {
			armed.bound(System.nanoTime());
			ARMED.add(armed);
		}
		return armed;
	}

	private static void scan() {
		long now = System.nanoTime();
		for (Armed armed : ARMED) {
			try {
				armed.bound(now);
			}
			catch (RuntimeException ex) {
				// One connection's failure must not end the scans every other read relies on.
				log.debug("Could not bound a read's timeout: {}", ex.toString());
			}
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

		private final ServletRequest request;

		private final @Nullable SocketWrapperBase<?> socket;

		private final long deadline;

		private final long original;

		private boolean fired;

		private boolean closed;

		private Armed(ServletRequest request, @Nullable SocketWrapperBase<?> socket, long deadline) {
			this.request = request;
			this.socket = socket;
			this.deadline = deadline;
			this.original = socket == null ? -1 : socket.getReadTimeout();
		}

		/** Keeps the connection's read timeout within the time left, and cuts it at the deadline. */
		private synchronized void bound(long now) {
			if (closed || fired || socket == null) {
				return;
			}
			long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - now);
			if (leftMillis <= 0) {
				fired = true;
				socket.setReadTimeout(1);
			}
			else if (original <= 0 || leftMillis < original) {
				socket.setReadTimeout(leftMillis);
			}
		}

		/** Whether the deadline struck while reading: the connection then reads no more in time, and is to be closed. */
		synchronized boolean fired() {
			return fired;
		}

		/**
		 * Ends the bound: the connection's own timeout is put back for a request already waiting on it, and one whose
		 * deadline struck is closed once answered.
		 */
		@Override
		public synchronized void close() {
			if (closed) {
				return;
			}
			closed = true;
			ARMED.remove(this);
			if (fired) {
				request.setAttribute(UnreadBodyValve.CLOSE_AT_ONCE, true);
			}
			else if (socket != null) {
				socket.setReadTimeout(original);
			}
		}

	}

}
