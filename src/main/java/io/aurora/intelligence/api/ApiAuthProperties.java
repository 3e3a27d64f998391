package io.aurora.intelligence.api;

import jakarta.validation.constraints.AssertTrue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * API authentication, bound from {@code AURORA_API_KEY} and {@code AURORA_AUTH_DECISIONS}.
 *
 * @param apiKey when set, every mutating endpoint ({@code POST /feedback}, {@code PUT /model}) and the
 * model's export ({@code GET /model}) need {@code Authorization: Bearer <key>}; at least 16 printable
 * ASCII characters without spaces, surrounding whitespace (a Secret file's final newline) removed
 * @param protectDecisions extends the key requirement to {@code POST /decisions}; needs a key
 */
@Validated
@ConfigurationProperties("aurora.auth")
record ApiAuthProperties(@Nullable String apiKey, boolean protectDecisions) {

	ApiAuthProperties {
		if (apiKey != null && !apiKey.isEmpty() && apiKey.isBlank()) {
			throw new IllegalArgumentException(
					"AURORA_API_KEY is blank: set a key of at least 16 characters, or leave it unset to run without one");
		}
		apiKey = apiKey == null ? null : apiKey.strip();
	}

	@AssertTrue(message = "AURORA_AUTH_DECISIONS=true needs AURORA_API_KEY: without a key nothing would be protected")
	boolean isDecisionProtectionKeyed() {
		return !protectDecisions || enabled();
	}

	@AssertTrue(message = "AURORA_API_KEY must be at least 16 characters, or unset")
	boolean isApiKeyLongEnough() {
		return apiKey == null || apiKey.isEmpty() || apiKey.length() >= 16;
	}

	@AssertTrue(message = "AURORA_API_KEY must be printable ASCII without spaces (a header carries it byte for byte; "
			+ "other characters could never match), e.g. the output of openssl rand -hex 24")
	boolean isApiKeyPrintableAscii() {
		return apiKey == null || apiKey.chars().allMatch(c -> c > ' ' && c < 0x7F);
	}

	/** Whether a key is configured. */
	boolean enabled() {
		return apiKey != null && !apiKey.isEmpty();
	}

	/** Whether the key may be sent to {@code method} on {@code path} without being needed: open decisions, which learn from refusals only with it. */
	boolean keyOptional(String method, String path) {
		return !protectDecisions && "POST".equals(method) && "/decisions".equals(path);
	}

	/**
	 * Whether a configured key is required for {@code method} on {@code path}: every mutating endpoint,
	 * the model's export, and decisions when asked.
	 */
	boolean requiresKey(String method, String path) {
		if ("POST".equals(method) && "/decisions".equals(path)) {
			return protectDecisions;
		}
		if ("GET".equals(method) && "/model".equals(path)) {
			return true;
		}
		return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method) || "DELETE".equals(method);
	}

}
