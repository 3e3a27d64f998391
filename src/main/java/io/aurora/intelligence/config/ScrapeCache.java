package io.aurora.intelligence.config;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers {@code GET} and {@code HEAD /metrics} (however the path is escaped or given path parameters,
 * which the endpoint's mapping ignores) from the last scrape while it is under {@code METRICS_CACHE_MS} old (a
 * second by default). A scrape costs the service about 16 health checks (docs/BENCHMARKS.md), and the endpoint is
 * open, so a flood of scrapes would otherwise take the CPU decisions need; Prometheus scrapes every few
 * seconds at most, so its readings are at most that much older. One scrape is made at a time; callers
 * that arrive meanwhile wait for it. A scrape filtered with {@code includedNames} is made anew for its
 * caller alone, one at a time and apart from the whole ones, so that filtered scrapes never hold up
 * Prometheus's; one asked for while another is being made is answered 503 with {@code Retry-After: 1}
 * rather than held, so a flood of them holds no request threads either.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
@EnableConfigurationProperties(ServingProperties.class)
class ScrapeCache extends OncePerRequestFilter {

	private final long freshNanos;

	private final LongSupplier nanoClock;

	private @Nullable Scrape last;

	/** Held while a filtered scrape is made. */
	private final ReentrantLock filtered = new ReentrantLock();

	@Autowired
	ScrapeCache(ServingProperties properties) {
		this(properties.metricsCacheMs(), System::nanoTime);
	}

	ScrapeCache(long freshMs, LongSupplier nanoClock) {
		this.freshNanos = TimeUnit.MILLISECONDS.toNanos(freshMs);
		this.nanoClock = nanoClock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return freshNanos == 0 || !scrape(request);
	}

	/** Whether {@code request} is a {@code GET} or {@code HEAD} of {@code /metrics}, however its path is spelled. */
	static boolean scrape(HttpServletRequest request) {
		return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
				&& FixedRepresentations.METRICS.equals(FixedRepresentations.path(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Scrapes are made into memory under the lock and written to the caller outside it, so that a caller
		// slow to read cannot hold up the others.
		ContentCachingResponseWrapper made = new ContentCachingResponseWrapper(response);
		// A HEAD is answered as the GET would be, and Tomcat leaves the body out: made as a GET, the scrape
		// is whole and can serve the GETs after it.
		HttpServletRequest asGet = "HEAD".equals(request.getMethod()) ? new HttpServletRequestWrapper(request) {

			@Override
			public String getMethod() {
				return "GET";
			}

		} : request;
		Scrape scrape = null;
		if (plain(request.getQueryString())) {
			synchronized (this) {
				scrape = cachedOrMade(asGet, made, chain);
			}
		}
		else if (filtered.tryLock()) {
			// A filtered scrape answers for its caller only: made anew, and never served to another.
			try {
				chain.doFilter(asGet, made);
			}
			finally {
				filtered.unlock();
			}
		}
		else {
			response.setHeader("Retry-After", "1");
			response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			return;
		}
		if (scrape == null) {
			made.copyBodyToResponse();
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(scrape.contentType());
		response.setContentLength(scrape.body().length);
		response.getOutputStream().write(scrape.body());
	}

	/** A fresh enough whole scrape, made now into {@code made} if need be; null when that one was not a 200. */
	private @Nullable Scrape cachedOrMade(HttpServletRequest request, ContentCachingResponseWrapper made, FilterChain chain)
			throws ServletException, IOException {
		long now = nanoClock.getAsLong();
		if (last != null && now - last.at() < freshNanos) {
			return last;
		}
		chain.doFilter(request, made);
		if (made.getStatus() != HttpServletResponse.SC_OK || made.getContentType() == null) {
			return null;
		}
		last = new Scrape(made.getContentAsByteArray(), made.getContentType(), now);
		return last;
	}

	/**
	 * Whether a scrape with this query string is the whole scrape: no {@code includedNames} parameter,
	 * however its name is escaped, which the endpoint filters by; a query that cannot be decoded is not.
	 */
	static boolean plain(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return true;
		}
		try {
			for (String parameter : query.split("&")) {
				String name = parameter.split("=", 2)[0];
				if (MetricFamilyNames.PARAMETER.equals(URLDecoder.decode(name, StandardCharsets.UTF_8).strip())) {
					return false;
				}
			}
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private record Scrape(byte[] body, String contentType, long at) {
	}

}
