package io.aurora.intelligence.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Why Tomcat refused a request's path before decoding it, which its own 400 does not say: an encoded slash,
 * backslash or NUL, or a {@code ..} segment (encoded or not) that climbs above the root.
 */
final class RefusedPaths {

	/** The escapes Tomcat refuses in a path, with what they encode, in the order they are looked for. */
	private static final List<Map.Entry<String, String>> ENCODED = List.of(Map.entry("%2F", "slash"),
			Map.entry("%5C", "backslash"), Map.entry("%00", "NUL"));

	private RefusedPaths() {
	}

	/** The detail for a refused path as it came ({@code rawPath}, escapes and all), or null when it shows no reason. */
	static @Nullable String reason(String rawPath) {
		// Tomcat drops each segment's ';' parameters before it decodes the path, so what they hold refuses nothing.
		String path = rawPath.toUpperCase(Locale.ROOT).replaceAll(";[^/]*", "");
		for (Map.Entry<String, String> escape : ENCODED) {
			if (path.contains(escape.getKey())) {
				return "The request path holds an encoded " + escape.getValue() + " (" + escape.getKey()
						+ "), which no path of this service has";
			}
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
