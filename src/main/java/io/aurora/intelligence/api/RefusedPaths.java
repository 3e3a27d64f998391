package io.aurora.intelligence.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Why Tomcat refused a request's path before decoding it, which its own 400 does not say: an encoded slash,
 * backslash or NUL, a {@code %} that starts no escape, escapes that are not UTF-8, or a {@code ..} segment
 * (encoded or not) that climbs above the root.
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
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c != '%') {
				bytes.write(c);
			}
			else if (i + 2 < path.length() && FilterAnswers.isHex(path.charAt(i + 1)) && FilterAnswers.isHex(path.charAt(i + 2))) {
				bytes.write(Integer.parseInt(path, i + 1, i + 3, 16));
				i += 2;
			}
			else {
				return "The request path holds a '%' that starts no escape (two hex digits); send '%25' for a '%'";
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
		}
		catch (CharacterCodingException ex) {
			return "The request path's escapes are not UTF-8";
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
