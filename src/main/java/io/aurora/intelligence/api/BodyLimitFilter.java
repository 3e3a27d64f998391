package io.aurora.intelligence.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.coyote.BadRequestException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Refuses request bodies over {@value #MAX_BODY_BYTES} bytes ({@value #MAX_MODEL_BYTES} for a model
 * import) with 413 problem+json, whether or not they declare a Content-Length, before anything parses
 * them; a body is never buffered past the limit, and a model import that would take more than a
 * quarter of the heap once parsed is refused the same way before it is parsed. A body reserves its
 * share of a {@link BodyBudget} as it arrives (past 8 KiB, below which the connections bound it) and, once
 * complete, for its parsing, so bodies being received or handled hold no more memory together than the budget
 * and those small ones, and one sent slowly holds only what it has sent. A body that no endpoint the request
 * reaches takes is not read at all. A body that
 * does not arrive within {@value #RECEIVE_MS} ms, or breaks off, is answered 408; one that breaks
 * HTTP's framing (a malformed chunk), 400.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class BodyLimitFilter extends OncePerRequestFilter {

	private final BodyBudget budget = new BodyBudget();

	/** Model imports are admin calls of up to 64 MiB: one at a time, outside the shared budget. */
	private final BodyBudget imports = BodyBudget.oneAtATime(BodyBudget.WAIT_MS);

	static final int MAX_BODY_BYTES = 1024 * 1024;

	/** The request attribute holding the body's {@link BodyBudget.Reservation}, for {@link #validated} to shrink. */
	private static final String RESERVATION = BodyLimitFilter.class.getName() + ".reservation";


	/** Model imports carry a whole learned model; everything else is a small request. */
	static final int MAX_MODEL_BYTES = 64 * 1024 * 1024;

	/** A body must arrive within this long of its first read (a model import within {@value #MODEL_RECEIVE_MS} ms). */
	static final long RECEIVE_MS = 30_000;

	static final long MODEL_RECEIVE_MS = 300_000;

	/** What the endpoints consume, so that a body of another type is refused before it is read. */
	private final MappedEndpoints endpoints;

	private final long receiveMs;

	private final long modelReceiveMs;

	/** The most heap a model import may take once parsed ({@link ParsedSize}): a quarter of the heap's limit. */
	private final long modelHeapBytes;

	/** The filter with its limits, its budget and the budget's use shown as gauges when there is a registry. */
	@Autowired
	BodyLimitFilter(ObjectProvider<MeterRegistry> meters, ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		this(RECEIVE_MS, MODEL_RECEIVE_MS, Runtime.getRuntime().maxMemory() / 4, new MappedEndpoints(mappings));
		meters.ifAvailable(registry -> {
			Gauge.builder(MetricNames.REQUEST_BODY_BUDGET_USED, budget, BodyBudget::usedBytes)
				.description("Memory request bodies being received and handled hold of their budget")
				.baseUnit(BaseUnits.BYTES)
				.register(registry);
			Gauge.builder(MetricNames.REQUEST_BODY_BUDGET_LIMIT, budget, BodyBudget::limitBytes)
				.description("The memory request bodies being received and handled may hold together")
				.baseUnit(BaseUnits.BYTES)
				.register(registry);
		});
	}

	BodyLimitFilter(long receiveMs, long modelReceiveMs, long modelHeapBytes) {
		this(receiveMs, modelReceiveMs, modelHeapBytes, MappedEndpoints.NONE);
	}

	private BodyLimitFilter(long receiveMs, long modelReceiveMs, long modelHeapBytes, MappedEndpoints endpoints) {
		this.endpoints = endpoints;
		this.receiveMs = receiveMs;
		this.modelReceiveMs = modelReceiveMs;
		this.modelHeapBytes = modelHeapBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean modelImport = FilterAnswers.isModelImport(request);
		int limit = modelImport ? MAX_MODEL_BYTES : MAX_BODY_BYTES;
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			tooLarge(request, response, limit);
			return;
		}
		MappedEndpoints.BodyTakers takers = declared == 0 || !hasBody(request) ? null : endpoints.bodyTakers(request);
		if (takers == null) {
			chain.doFilter(request, response);
			return;
		}
		if (takers.none()) {
			// A body no endpoint takes (a GET's, one sent to a path none has) is not read into the budget that
			// the bodies endpoints take share, and the handler sees none: whatever answers leaves it to
			// UnreadBodyValve, which bounds it.
			chain.doFilter(BufferedRequest.withoutBody(request), response);
			return;
		}
		if (encoded(request)) {
			response.setHeader("Accept-Encoding", "identity");
			FilterAnswers.problem(request, response, 415, "Unsupported Media Type",
					"Content-Encoding is not supported; send the body uncompressed");
			return;
		}
		if (given(request, HttpHeaders.CONTENT_TYPE) > 1) {
			// A singleton field: a proxy that kept the other one would see another request.
			FilterAnswers.problem(request, response, 400, "Bad Request", "Content-Type is given more than once; send it once");
			return;
		}
		String unparsable = FilterAnswers.unparsableContentType(request.getHeader(HttpHeaders.CONTENT_TYPE));
		if (unparsable != null) {
			response.setHeader("Accept", "application/json");
			FilterAnswers.problem(request, response, 415, "Unsupported Media Type", unparsable);
			return;
		}
		String unsupported = takers.unsupported();
		if (unsupported != null) {
			response.setHeader("Accept", "application/json");
			FilterAnswers.problem(request, response, 415, "Unsupported Media Type",
					"Content-Type '" + unsupported + "' is not supported; send Content-Type: application/json");
			return;
		}
		BodyBudget.Reservation held = (modelImport ? imports : budget).reservation();
		try {
			byte[] body = receive(request, limit + 1, held,
					System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(modelImport ? modelReceiveMs : receiveMs));
			String notUtf8 = body == null || body.length > limit ? null : Utf8Body.problem(body);
			if (body == null) {
				busy(request, response);
			}
			else if (body.length > limit) {
				tooLarge(request, response, limit);
			}
			else if (notUtf8 != null) {
				FilterAnswers.problem(request, response, 400, "Bad Request", notUtf8);
			}
			else if (!held.holdComplete(body.length)) {
				busy(request, response);
			}
			else if (modelImport && ParsedSize.estimate(body, modelHeapBytes) > modelHeapBytes) {
				FilterAnswers.problem(request, response, 413, "Content Too Large", "Parsed, the model would take more than "
						+ modelHeapBytes / (1024 * 1024) + " MiB of heap, a quarter of this replica's; give it a larger heap");
			}
			else {
				request.setAttribute(RESERVATION, held);
				chain.doFilter(new BufferedRequest(request, body), response);
			}
		}
		catch (ReceiveException ex) {
			request.setAttribute(UnreadBodyValve.CLOSE_AT_ONCE, true);
			if (ex.malformed) {
				FilterAnswers.problem(request, response, 400, "Bad Request", ex.getMessage());
			}
			else {
				FilterAnswers.problem(request, response, 408, "Request Timeout",
						ex.late ? FilterAnswers.late(modelImport ? modelReceiveMs : receiveMs) : ex.getMessage());
			}
		}
		finally {
			held.release();
		}
	}

	/**
	 * Gives back the share of the body budget {@code request}'s parsing needed beyond what its validated request keeps
	 * ({@link BodyBudget.Reservation#holdParsed}), so that a large decision waiting on the router does not hold up the
	 * parsing of others for its whole call. For an endpoint to call once it has its validated argument: before
	 * validation, a hostile body's parsed objects may still take all that was reserved.
	 */
	static void validated(HttpServletRequest request) {
		if (request.getAttribute(RESERVATION) instanceof BodyBudget.Reservation held) {
			held.holdParsed();
		}
	}

	/** How many {@code name} header fields the request has. */
	private static int given(HttpServletRequest request, String name) {
		int count = 0;
		for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); values.nextElement()) {
			count++;
		}
		return count;
	}

	/** Whether any {@code Content-Encoding} header, or any coding listed in one, is other than identity. */
	private static boolean encoded(HttpServletRequest request) {
		for (String header : Collections.list(request.getHeaders("Content-Encoding"))) {
			for (String coding : header.split(",")) {
				if (!coding.isBlank() && !"identity".equalsIgnoreCase(coding.strip())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Reads up to {@code limit} bytes, growing the buffer and the reservation only as bytes arrive;
	 * null when the budget had no room for them.
	 */
	private static byte @Nullable [] receive(HttpServletRequest request, int limit, BodyBudget.Reservation held, long deadline)
			throws ReceiveException {
		long declared = request.getContentLengthLong();
		int first = (int) Math.min(8192, declared >= 0 ? Math.min(limit, declared + 1) : limit);
		ByteArrayOutputStream out = new ByteArrayOutputStream(first);
		byte[] buffer = new byte[Math.max(first, 16)];
		ReadDeadlines.Armed armed = ReadDeadlines.arm(request, deadline);
		try {
			InputStream in = request.getInputStream();
			int n;
			while (out.size() < limit && (n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) != -1) {
				out.write(buffer, 0, n);
				if (!held.holdReceiving(out.size())) {
					return null;
				}
				if (System.nanoTime() - deadline > 0) {
					throw ReceiveException.late();
				}
			}
		}
		catch (BadRequestException ex) {
			throw new ReceiveException("The request body is malformed: " + ex.getMessage(), true);
		}
		catch (IOException ex) {
			throw armed.fired() || ex instanceof SocketTimeoutException ? ReceiveException.late()
					: new ReceiveException("The request body could not be read: " + ex.getMessage(), false);
		}
		catch (IllegalStateException ex) {
			// Tomcat's answer to more chunked trailer fields than it takes: the framing is the client's fault.
			throw new ReceiveException("The request body is malformed: " + ex.getMessage(), true);
		}
		finally {
			armed.close();
		}
		if (armed.fired()) {
			// Its end came as the deadline struck; the connection reads no more in time.
			throw ReceiveException.late();
		}
		return out.toByteArray();
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static void busy(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader("Retry-After", "1");
		FilterAnswers.problem(request, response, 503, "Service Unavailable",
				"Too many large request bodies are being handled; retry shortly");
	}

	private static void tooLarge(HttpServletRequest request, HttpServletResponse response, int limit) throws IOException {
		FilterAnswers.problem(request, response, 413, "Content Too Large", "The request body exceeds " + limit + " bytes");
	}

	/** The body stopped arriving, or arrived too slowly: the caller's side of the exchange failed. */
	private static final class ReceiveException extends Exception {

		/** Whether the body broke HTTP's framing (a 400) rather than failing to arrive (a 408). */
		final boolean malformed;

		/** Whether the body did not arrive within its bound, which the answer names ({@link FilterAnswers#late}). */
		final boolean late;

		ReceiveException(String message, boolean malformed) {
			this(message, malformed, false);
		}

		private ReceiveException(String message, boolean malformed, boolean late) {
			super(message);
			this.malformed = malformed;
			this.late = late;
		}

		static ReceiveException late() {
			return new ReceiveException("The request body did not arrive in time", false, true);
		}

	}

}
