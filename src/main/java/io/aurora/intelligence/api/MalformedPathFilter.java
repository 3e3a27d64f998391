package io.aurora.intelligence.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 400 to a path holding a {@code %} that starts no escape. Tomcat checks escapes only outside
 * path parameters, so {@code /status;a=%zz} reached Spring MVC, whose path parsing threw before any
 * handler could answer: a 500 with a logged stack trace for a malformed request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class MalformedPathFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (malformed(request.getRequestURI())) {
			FilterAnswers.problem(request, response, 400, "Bad Request",
					"The request path holds a '%' that is not followed by two hexadecimal digits");
			return;
		}
		chain.doFilter(request, response);
	}

	/** Whether {@code path} holds a {@code %} not followed by two hexadecimal digits. */
	static boolean malformed(String path) {
		for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
			if (i + 2 >= path.length() || !FilterAnswers.isHex(path.charAt(i + 1))
					|| !FilterAnswers.isHex(path.charAt(i + 2))) {
				return true;
			}
		}
		return false;
	}

}
