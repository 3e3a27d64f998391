package io.aurora.intelligence.api;

import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/** The {@code Idempotency-Key} request header (IETF draft-ietf-httpapi-idempotency-key-header), read strictly. */
final class IdempotencyKeyHeader {

	static final String NAME = "Idempotency-Key";

	/**
	 * The header's values this reads, for the OpenAPI document: a bare key of 1 to 255 printable ASCII characters
	 * with no comma that neither starts with a quote nor starts or ends with a space (HTTP strips those, so
	 * {@code "abc "} would be the key {@code abc}), or a quoted string of 1 to 255 such characters, where
	 * {@code \"} and {@code \\} are escapes.
	 */
	static final String PATTERN = "^([\\x21\\x23-\\x2B\\x2D-\\x7E]([\\x20-\\x2B\\x2D-\\x7E]{0,253}[\\x21-\\x2B\\x2D-\\x7E])?"
			+ "|\"([\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\"\\\\]){1,255}\")$";

	private static final Pattern USABLE = Pattern.compile("[\\x20-\\x7E]{1,255}");

	private IdempotencyKeyHeader() {
	}

	/**
	 * The request's key: its one {@code Idempotency-Key} header, a structured-field string ({@code "..."},
	 * RFC 8941, as the draft defines it) or the bare key; 400 for two or more headers (or a bare key with a
	 * comma, which is what two headers joined look like), and for a key that is empty, over 255 characters or
	 * not printable ASCII.
	 */
	static String keyOf(HttpServletRequest http) {
		List<String> values = Collections.list(http.getHeaders(NAME));
		if (values.size() != 1) {
			throw new InvalidRequestException(NAME, "send one key per request, not " + values.size());
		}
		String value = values.get(0).strip();
		String key = value.startsWith("\"") ? unquoted(value) : value;
		if (!value.startsWith("\"") && key.indexOf(',') >= 0) {
			throw new InvalidRequestException(NAME, "send one key per request; a key with a comma must be a quoted string");
		}
		if (!USABLE.matcher(key).matches()) {
			throw new InvalidRequestException(NAME, "must be 1 to 255 printable ASCII characters");
		}
		return key;
	}

	/** The content of an RFC 8941 string: {@code \\} and {@code \"} escape, and nothing may follow the closing quote. */
	private static String unquoted(String value) {
		StringBuilder key = new StringBuilder();
		for (int i = 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"') {
				if (i != value.length() - 1) {
					throw new InvalidRequestException(NAME, "nothing may follow the quoted key");
				}
				return key.toString();
			}
			if (c == '\\') {
				char next = i + 1 < value.length() ? value.charAt(++i) : ' ';
				if (next != '"' && next != '\\') {
					throw new InvalidRequestException(NAME, "in a quoted key only \\\" and \\\\ are escapes");
				}
				c = next;
			}
			key.append(c);
		}
		throw new InvalidRequestException(NAME, "the quoted key has no closing quote");
	}

}
