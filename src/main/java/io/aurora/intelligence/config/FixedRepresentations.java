package io.aurora.intelligence.telemetry;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves {@code /metrics} in Prometheus's text format whatever the scraper asks for, as the seed
 * promises: OpenMetrics, which Prometheus asks for first, forbids a negative {@code _sum}, and
 * {@code aurora_intelligence_rewards} sums rewards down to -1, so a strict parser would refuse the scrape.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class TextFormatScrapes extends OncePerRequestFilter {

	/** The format every scrape gets. */
	static final String TEXT_FORMAT = "text/plain;version=0.0.4";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"/metrics".equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getHeader(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? TEXT_FORMAT : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(TEXT_FORMAT))
						: super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				List<String> names = Collections.list(super.getHeaderNames());
				if (names.stream().noneMatch(HttpHeaders.ACCEPT::equalsIgnoreCase)) {
					names.add(HttpHeaders.ACCEPT);
				}
				return Collections.enumeration(names);
			}

		}, response);
	}

}
