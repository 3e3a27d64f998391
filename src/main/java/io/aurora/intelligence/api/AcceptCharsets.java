package io.aurora.intelligence.api;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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

/**
 * Drops {@code charset} parameters from the {@code Accept} header. Every answer is UTF-8 JSON, for which
 * RFC 8259 defines no charset parameter; left in, Spring wrote the answer in the charset asked for, and
 * failed with a 500 for {@code charset=utf-32} after the decision had been routed and stored, or labelled
 * UTF-8 bytes {@code us-ascii}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 7)
class AcceptCharsets extends OncePerRequestFilter {

	private static final Pattern CHARSET = Pattern.compile("\\s*;\\s*charset\\s*=\\s*(\"[^\"]*\"|[^;,]*)",
			Pattern.CASE_INSENSITIVE);

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		for (Enumeration<String> values = request.getHeaders(HttpHeaders.ACCEPT); values.hasMoreElements();) {
			if (values.nextElement().toLowerCase(Locale.ROOT).contains("charset")) {
				return false;
			}
		}
		return true;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT)).stream()
			.map(AcceptCharsets::withoutCharset)
			.toList();
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public @Nullable String getHeader(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? String.join(", ", accept) : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(accept) : super.getHeaders(name);
			}

		}, response);
	}

	/** {@code accept} without its media ranges' {@code charset} parameters. */
	static String withoutCharset(String accept) {
		return CHARSET.matcher(accept).replaceAll("");
	}

}
