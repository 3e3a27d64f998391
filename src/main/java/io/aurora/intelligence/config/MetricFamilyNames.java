package io.aurora.intelligence.config;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets {@code /metrics?includedNames=} take the names a scrape shows as well as its metric families' names: the
 * endpoint filters by family ({@code aurora_intelligence_decisions}), so a name copied from a scrape
 * ({@code aurora_intelligence_decisions_total}, {@code …_seconds_bucket}) matched nothing and got an empty 200. Each
 * name with a sample's suffix is given with its family's name beside it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class MetricFamilyNames extends OncePerRequestFilter {

	/** The scrape's parameter that names the metric families wanted. */
	static final String PARAMETER = "includedNames";

	/** The suffixes Prometheus's text format adds to a family's name in its samples. */
	private static final List<String> SUFFIXES = List.of("_total", "_created", "_bucket", "_count", "_sum", "_info");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getQueryString() == null || !ScrapeCache.scrape(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Read lazily, by the endpoint: a query the container cannot parse then fails there, and is answered 400 as before.
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public @Nullable String getParameter(String name) {
				String[] values = getParameterValues(name);
				return values == null ? null : values[0];
			}

			@Override
			public String @Nullable [] getParameterValues(String name) {
				return PARAMETER.equals(name) ? getParameterMap().get(name) : super.getParameterValues(name);
			}

			@Override
			public Map<String, String[]> getParameterMap() {
				Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
				String[] names = parameters.get(PARAMETER);
				if (names != null) {
					parameters.put(PARAMETER, new String[] { String.join(",", withFamilies(names)) });
				}
				return Collections.unmodifiableMap(parameters);
			}

		}, response);
	}

	/** The names asked for, each with its family's name beside it where it carries a sample's suffix. */
	static Set<String> withFamilies(String[] values) {
		Set<String> names = new LinkedHashSet<>();
		for (String value : values) {
			for (String name : value.split(",")) {
				String stripped = name.strip();
				if (stripped.isEmpty()) {
					continue;
				}
				names.add(stripped);
				for (String suffix : SUFFIXES) {
					if (stripped.endsWith(suffix) && stripped.length() > suffix.length()) {
						names.add(stripped.substring(0, stripped.length() - suffix.length()));
					}
				}
			}
		}
		return names;
	}

}
