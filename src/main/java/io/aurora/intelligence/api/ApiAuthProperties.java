package io.aurora.intelligence.api;

import jakarta.validation.constraints.AssertTrue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * API authentication, bound from {@code AURORA_API_KEY}, {@code AURORA_API_KEY_PREVIOUS} and
 * {@code AURORA_AUTH_DECISIONS}.
 *
 * @param apiKey when set, every mutating endpoint ({@code POST /feedback}, {@code PUT /model}) and the
 * model's export ({@code GET /model}) need {@code Authorization: Bearer <key>}; at least 16 printable
 * ASCII characters without spaces, surrounding whitespace (a Secret file's final newline) removed
 * @param previousApiKey a second key accepted wherever {@code apiKey} is, while callers move from it to a
 * new one; same rules, and only beside {@code apiKey}
 * @param protectDecisions extends the key requirement to {@code POST /decisions}; needs a key
 */
@Validated
@ConfigurationProperties("aurora.auth")
record ApiAuthProperties(@Nullable String apiKey, @Nullable String previousApiKey, boolean protectDecisions) {

	ApiAuthProperties {
		apiKey = stripped(apiKey, "AURORA_API_KEY", "without one");
		previousApiKey = stripped(previousApiKey, "AURORA_API_KEY_PREVIOUS", "without a previous key");
	}

	private static @Nullable String stripped(@Nullable String key, String variable, String unset) {
		if (key != null && !key.isEmpty() && key.isBlank()) {
			throw new IllegalArgumentException(variable + " is blank: set a key of at least 16 characters, or leave it unset to run "
					+ unset);
		}
		return key == null ? null : key.strip();
	}

	@AssertTrue(message = "AURORA_AUTH_DECISIONS=true needs AURORA_API_KEY: without a key nothing would be protected")
	boolean isDecisionProtectionKeyed() {
		return !protectDecisions || enabled();
	}

	@AssertTrue(message = "AURORA_API_KEY must be at least 16 characters, or unset")
	boolean isApiKeyLongEnough() {
		return longEnough(apiKey);
	}

	@AssertTrue(message = "AURORA_API_KEY must be printable ASCII without spaces (a header carries it byte for byte; "
			+ "other characters could never match), e.g. the output of openssl rand -hex 24")
	boolean isApiKeyPrintableAscii() {
		return printableAscii(apiKey);
	}

	@AssertTrue(message = "AURORA_API_KEY_PREVIOUS needs AURORA_API_KEY: it is the key callers are moving away from, "
			+ "accepted beside the new one")
	boolean isPreviousKeyBesideAKey() {
		return !previousKeyEnabled() || enabled();
	}

	@AssertTrue(message = "AURORA_API_KEY_PREVIOUS is AURORA_API_KEY itself: set it to the key callers are moving away from, "
			+ "or unset it")
	boolean isPreviousKeyAnother() {
		return !previousKeyEnabled() || !previousApiKey.equals(apiKey);
	}

	@AssertTrue(message = "AURORA_API_KEY_PREVIOUS must be at least 16 characters, or unset")
	boolean isPreviousApiKeyLongEnough() {
		return longEnough(previousApiKey);
	}

	@AssertTrue(message = "AURORA_API_KEY_PREVIOUS must be printable ASCII without spaces (a header carries it byte for byte; "
			+ "other characters could never match)")
	boolean isPreviousApiKeyPrintableAscii() {
		return printableAscii(previousApiKey);
	}

	private static boolean longEnough(@Nullable String key) {
		return key == null || key.isEmpty() || key.length() >= 16;
	}

	private static boolean printableAscii(@Nullable String key) {
		return key == null || key.chars().allMatch(c -> c > ' ' && c < 0x7F);
	}

	/** Whether a key is configured. */
	boolean enabled() {
		return apiKey != null && !apiKey.isEmpty();
	}

	/** Whether a previous key is configured, accepted beside the key. */
	boolean previousKeyEnabled() {
		return previousApiKey != null && !previousApiKey.isEmpty();
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
