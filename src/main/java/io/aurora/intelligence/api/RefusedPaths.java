package io.aurora.intelligence.api;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Why Tomcat refused a request's path before decoding it, which its own 400 does not say: an encoded slash,
 * backslash or NUL, or a {@code ..} segment (encoded or not) that climbs above the root.
 */
final class RefusedPaths {

	private RefusedPaths() {
	}

	/** The detail for a refused path as it came ({@code rawPath}, escapes and all), or null when it shows no reason. */
	static @Nullable String reason(String rawPath) {
		// Tomcat drops each segment's ';' parameters before it decodes the path, so what they hold refuses nothing.
		String path = rawPath.toUpperCase(Locale.ROOT).replaceAll(";[^/]*", "");
		if (path.contains("%2F")) {
			return "The request path holds an encoded slash (%2F), which no path of this service has";
		}
		if (path.contains("%5C")) {
			return "The request path holds an encoded backslash (%5C), which no path of this service has";
		}
		if (path.contains("%00")) {
			return "The request path holds an encoded NUL (%00), which no path of this service has";
		}
		int depth = 0;
		for (String name : path.replace("%2E", ".").split("/")) {
			if ("..".equals(name) && --depth < 0) {
				return "The request path climbs above the root with a '..' segment";
			}
			if (!name.isEmpty() && !".".equals(name) && !"..".equals(name)) {
				depth++;
			}
		}
		return null;
	}

}
