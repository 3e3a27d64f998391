package io.aurora.intelligence.api;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Actuator answers a health group or component that does not exist ({@code /health/db}) with an empty
 * 404; this gives that answer the problem+json body every other error has.
 */
@Component
class HealthNotFound extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !UrlPathHelper.defaultInstance.getLookupPathForRequest(request).startsWith("/health/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Tracking tracking = new Tracking(response);
		chain.doFilter(request, tracking);
		if (tracking.getStatus() == 404 && !tracking.written && !response.isCommitted()) {
			FilterAnswers.problem(request, response, 404, "Not Found", "No such health group or component");
		}
		else if (!tracking.written) {
			response.flushBuffer();
		}
	}

	/** Notes whether a body was written, and holds back a flush until it was. */
	private static final class Tracking extends HttpServletResponseWrapper {

		private boolean written;

		Tracking(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			written = true;
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			written = true;
			return super.getWriter();
		}

		@Override
		public void flushBuffer() throws IOException {
			if (written) {
				super.flushBuffer();
			}
		}

	}

}
