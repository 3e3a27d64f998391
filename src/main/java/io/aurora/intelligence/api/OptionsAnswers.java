package io.aurora.intelligence.api;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring MVC answers {@code OPTIONS} with an {@code Accept-Patch} header however few patch formats an
 * endpoint takes, so with none (no endpoint here takes {@code PATCH}) an empty one, which RFC 5789's
 * grammar does not allow; this leaves an empty one out. A CORS preflight is answered as a plain {@code OPTIONS}
 * (the path's {@code Allow}, 404 for no path), since the service allows no origin: Spring MVC's 200 with every
 * method in {@code Allow}, on any path, told a caller more than the service takes.
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
		HttpServletRequest plain = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) == null ? request
				: new WithoutPreflight(request);
		chain.doFilter(plain, new WithoutEmptyAcceptPatch(response));
	}

	/** A request without the headers that make an {@code OPTIONS} a CORS preflight. */
	private static final class WithoutPreflight extends HttpServletRequestWrapper {

		private static final List<String> HIDDEN = List.of(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD,
				HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);

		WithoutPreflight(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return hidden(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames()).stream().filter(name -> !hidden(name)).toList());
		}

		private static boolean hidden(String name) {
			return HIDDEN.stream().anyMatch(name::equalsIgnoreCase);
		}

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
