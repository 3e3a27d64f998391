package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What the shared store's JDBC URL may show and what it gets added: its passwords masked for logs and
 * errors, parameters it does not set itself, and the name this replica's connections carry.
 */
final class JdbcUrls {

	/** A password parameter of a JDBC URL ({@code password}, {@code sslpassword}, in any case) and its value. */
	private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](?:ssl)?password=)([^&;]*)");

	private JdbcUrls() {
	}

	/** The JDBC URL with the value of any password parameter masked, fit for a log. */
	static String redacted(String url) {
		return SECRET_PARAMETER.matcher(url).replaceAll("$1****");
	}

	/**
	 * {@code text} (an error's message, say) with every value of a password parameter of {@code url} in it
	 * masked, wherever it stands: a library that masks {@code password} may still print {@code sslpassword}.
	 */
	static String withoutSecretsOf(@Nullable String url, String text) {
		if (url == null) {
			return text;
		}
		String masked = text;
		Matcher secret = SECRET_PARAMETER.matcher(url);
		while (secret.find()) {
			String value = secret.group(2);
			if (!value.isEmpty()) {
				masked = masked.replace(value, "****");
			}
		}
		return masked;
	}

	/** {@code url} with {@code name=value} added as a query parameter, unless it sets {@code name} already. */
	static String withDefault(String url, String name, String value) {
		if (url.contains("?" + name + "=") || url.contains("&" + name + "=")) {
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + name + "=" + value;
	}

	/**
	 * What PostgreSQL shows of this replica's connections of {@code use} in {@code pg_stat_activity}: the service,
	 * the use and the host (the pod's name in Kubernetes), within PostgreSQL's 63 characters.
	 */
	static String applicationName(String use) {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			try {
				host = Files.readString(Path.of("/etc/hostname")).strip();
			}
			catch (IOException | RuntimeException ex) {
				host = "";
			}
		}
		String name = ("aurora-intelligence " + use + " " + host).strip().replaceAll("[^\\x20-\\x7E]", "?");
		return name.length() > 63 ? name.substring(0, 63) : name;
	}

}
