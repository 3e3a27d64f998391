package io.aurora.intelligence.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

/**
 * {@code OTEL_EXPORTER_OTLP_HEADERS} (or the traces' own {@code OTEL_EXPORTER_OTLP_TRACES_HEADERS}) as the headers
 * the span exporter sends the collector, often a credential.
 */
final class OpenTelemetryHeaders {

	private OpenTelemetryHeaders() {
	}

	/**
	 * The headers of OpenTelemetry's {@code name=value,…} list, values percent-decoded as W3C Baggage's are
	 * (a {@code +} stays one); blank entries are skipped, and a report of a bad one never quotes it, since
	 * values are often credentials.
	 */
	static Map<String, String> headers(String variable, @Nullable String list) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (!OpenTelemetryVariables.set(list)) {
			return headers;
		}
		String[] entries = list.split(",");
		for (int i = 0; i < entries.length; i++) {
			if (entries[i].isBlank()) {
				continue;
			}
			int equals = entries[i].indexOf('=');
			String name = equals < 0 ? "" : entries[i].substring(0, equals).strip();
			if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
				throw new InvalidOpenTelemetryVariableException(variable, variable + "'s entry " + (i + 1)
						+ " is no name=value header (its text is not shown: it may hold a credential)");
			}
			try {
				headers.put(name, URLDecoder.decode(entries[i].substring(equals + 1).strip().replace("+", "%2B"), StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidOpenTelemetryVariableException(variable, variable + "'s value for header " + name
						+ " has a % that starts no %XX escape (its text is not shown: it may hold a credential)");
			}
		}
		return headers;
	}

}
