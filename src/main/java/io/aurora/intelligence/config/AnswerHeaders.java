package io.aurora.intelligence.config;

import java.math.BigDecimal;
import java.util.Set;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The headers the service's answers carry, as the OpenAPI document states them: every 401 the bearer
 * challenge, every 503 {@code Retry-After}, and every answer given once a request's body was parsed (all
 * but a 401, 406, 408, 413 or 415, which come before; a 503 may, or not) a {@code Warning} naming what was ignored.
 */
final class AnswerHeaders {

	private static final Header RETRY_AFTER = new Header().description("Seconds to wait before retrying")
		.schema(new IntegerSchema().minimum(BigDecimal.ONE));

	private static final Header WARNING = new Header()
		.description("Unknown request fields that were ignored; on an evaluation also settings its policy does not use, or a "
				+ "log that does not cover the policy; on a feedback a latency_ms budget beyond REWARD_LATENCY_MS; on a model "
				+ "import other reward settings (RFC 7234 299)")
		.schema(new StringSchema().example("299 aurora-intelligence \"unknown fields ignored: constraints.region\""));

	private static final Header CHALLENGE = new Header().description("The bearer challenge")
		.schema(new StringSchema().example("Bearer realm=\"aurora-intelligence\""));

	/** Answers given before the request's body is parsed, or without a body of their own. */
	private static final Set<String> BODY_UNREAD = Set.of("204", "401", "406", "408", "413", "415");

	private AnswerHeaders() {
	}

	/** Adds to {@code answer}, the operation's answer of status {@code code}, the headers it carries. */
	static void add(String code, ApiResponse answer, boolean requestHasBody) {
		if ("401".equals(code)) {
			answer.addHeaderObject("WWW-Authenticate", CHALLENGE);
		}
		if ("503".equals(code)) {
			answer.addHeaderObject("Retry-After", RETRY_AFTER);
		}
		if (requestHasBody && !BODY_UNREAD.contains(code)) {
			answer.addHeaderObject("Warning", WARNING);
		}
	}

}
