package io.aurora.intelligence.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring MVC answers {@code OPTIONS} with an {@code Accept-Patch} header however few patch formats an
 * endpoint takes, so with none (no endpoint here takes {@code PATCH}) an empty one, which RFC 5789's
 * grammar does not allow; this leaves an empty one out.
 */
@Component
class OptionsAnswers extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.OPTIONS.matches(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new WithoutEmptyAcceptPatch(response));
	}

	/** A response that drops an {@code Accept-Patch} header without a value. */
	private static final class WithoutEmptyAcceptPatch extends HttpServletResponseWrapper {

		WithoutEmptyAcceptPatch(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void setHeader(String name, String value) {
			if (!emptyAcceptPatch(name, value)) {
				super.setHeader(name, value);
			}
		}

		@Override
		public void addHeader(String name, String value) {
			if (!emptyAcceptPatch(name, value)) {
				super.addHeader(name, value);
			}
		}

		private static boolean emptyAcceptPatch(String name, String value) {
			return HttpHeaders.ACCEPT_PATCH.equalsIgnoreCase(name) && (value == null || value.isBlank());
		}

	}

}
