package io.aurora.intelligence.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Serves the operators' endpoints in one representation whatever the caller's {@code Accept} asks for,
 * as RFC 9110 lets a server disregard it. {@code /metrics} is Prometheus's text format, as the seed
 * promises: OpenMetrics, which Prometheus asks for first, forbids a negative {@code _sum}, and
 * {@code aurora_intelligence_rewards} sums rewards down to -1, so a strict parser would refuse the
 * scrape. The health endpoints are JSON, so that a checker sending {@code Accept: text/html} gets the
 * health rather than 406.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class FixedRepresentations extends OncePerRequestFilter {

	/** Where Prometheus scrapes (the actuator's endpoint, mapped in application.yml). */
	static final String METRICS = "/metrics";

	/** The format every scrape gets. */
	static final String TEXT_FORMAT = "text/plain;version=0.0.4";

	/** The format every health check gets. */
	static final String JSON = "application/json";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return representation(path(request)) == null;
	}

	/**
	 * The path the request is mapped by: decoded, without path parameters ({@code ;x=1}), as Spring MVC
	 * matches it, so that {@code /metrics;x} and {@code /%6Detrics} count as {@code /metrics}.
	 */
	static String path(HttpServletRequest request) {
		return UrlPathHelper.defaultInstance.getLookupPathForRequest(request);
	}

	/** The representation {@code path} is served in, or null when the caller's {@code Accept} decides. */
	static @Nullable String representation(String path) {
		if (METRICS.equals(path)) {
			return TEXT_FORMAT;
		}
		if ("/healthz".equals(path) || "/health".equals(path) || path.startsWith("/health/")) {
			return JSON;
		}
		return null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String accept = representation(path(request));
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getHeader(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(accept))
						: super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
				if (names.stream().noneMatch(HttpHeaders.ACCEPT::equalsIgnoreCase)) {
					names.add(HttpHeaders.ACCEPT);
				}
				return Collections.enumeration(names);
			}

		}, response);
	}

}
