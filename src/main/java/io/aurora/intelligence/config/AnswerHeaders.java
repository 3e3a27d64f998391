package io.aurora.intelligence.config;

import java.math.BigDecimal;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The headers the service's answers carry, as the OpenAPI document states them: every 401 the bearer
 * challenge, every 503 {@code Retry-After}, and an answer with a body (a 400 and a 422 included) to a
 * request with one a {@code Warning} naming what was ignored.
 */
final class AnswerHeaders {

	private static final Header RETRY_AFTER = new Header().description("Seconds to wait before retrying")
		.schema(new IntegerSchema().minimum(BigDecimal.ONE));

	private static final Header WARNING = new Header()
		.description("Unknown request fields that were ignored; on an evaluation also settings its policy does not use, or a "
				+ "log that does not cover the policy (RFC 7234 299)")
		.schema(new StringSchema().example("299 aurora-intelligence \"unknown fields ignored: constraints.region\""));

	private static final Header CHALLENGE = new Header().description("The bearer challenge")
		.schema(new StringSchema().example("Bearer realm=\"aurora-intelligence\""));

	private AnswerHeaders() {
	}

	/** Adds to {@code answer}, the operation's answer of status {@code code}, the headers it carries. */
	static void add(String code, ApiResponse answer, boolean requestHasBody) {
		if ("401".equals(code)) {
			answer.addHeaderObject("WWW-Authenticate", CHALLENGE);
		}
		else if ("503".equals(code)) {
			answer.addHeaderObject("Retry-After", RETRY_AFTER);
		}
		else if (requestHasBody && (code.startsWith("2") && !"204".equals(code) || "400".equals(code) || "422".equals(code))) {
			answer.addHeaderObject("Warning", WARNING);
		}
	}

}
