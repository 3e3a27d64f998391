package io.aurora.intelligence.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@value #MAX_BODY_BYTES} bytes ({@value #MAX_MODEL_BYTES} for a model
 * import) with 413 problem+json, whether or not they declare a Content-Length, before anything parses
 * them; a body is never buffered past the limit. A body reserves its share of a {@link BodyBudget}
 * before it is read (the declared length, or the limit until a chunked body has arrived), so bodies
 * being received or handled never hold more memory together than the budget.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class BodyLimitFilter extends OncePerRequestFilter {

	private final BodyBudget budget = new BodyBudget();

	/** Model imports are admin calls of up to 64 MiB: one at a time, outside the shared budget. */
	private final BodyBudget imports = new BodyBudget(1, BodyBudget.WAIT_MS);

	static final int MAX_BODY_BYTES = 1024 * 1024;

	/** Model imports carry a whole learned model; everything else is a small request. */
	static final int MAX_MODEL_BYTES = 64 * 1024 * 1024;

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
		if (declared == 0 || !hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		BodyBudget gate = modelImport ? imports : budget;
		int reserved = reserve(gate, declared > 0 ? (int) declared : limit);
		if (reserved == 0) {
			busy(request, response);
			return;
		}
		try {
			byte[] body = readAtMost(request.getInputStream(), limit + 1);
			if (body.length > limit) {
				tooLarge(request, response, limit);
				return;
			}
			int needed = gate.kib(body.length);
			if (needed < reserved) {
				gate.release(reserved - needed);
				reserved = needed;
			}
			chain.doFilter(new BufferedRequest(request, body), response);
		}
		finally {
			gate.release(reserved);
		}
	}

	private static int reserve(BodyBudget gate, int bytes) {
		try {
			return gate.reserve(bytes);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	/** Reads up to {@code limit} bytes, growing the buffer only as bytes arrive. */
	private static byte[] readAtMost(InputStream in, int limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
		byte[] buffer = new byte[8192];
		int n;
		while (out.size() < limit && (n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) != -1) {
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static void busy(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader("Retry-After", "1");
		FilterAnswers.problem(request, response, 503, "Service Unavailable",
				"Too many large request bodies are being handled; retry shortly");
	}

	private static void tooLarge(HttpServletRequest request, HttpServletResponse response, int limit) throws IOException {
		FilterAnswers.problem(request, response, 413, "Content Too Large", "The request body exceeds " + limit + " bytes");
	}

	/** A request whose body has been read into memory, within the limit. */
	private static final class BufferedRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous reads only");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

	}

}
