package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Why Tomcat refused a request for its framing headers, which its own 400 does not say: a missing or repeated
 * {@code Host}, a repeated or malformed {@code Content-Length}, or {@code chunked} listed twice or not last.
 */
final class RefusedHeaders {

	private RefusedHeaders() {
	}

	/** The detail for a request Tomcat refused, or null when its headers show no reason. */
	static @Nullable String reason(HttpServletRequest request) {
		List<String> hosts = Collections.list(request.getHeaders("Host"));
		if (hosts.isEmpty() && "HTTP/1.1".equals(request.getProtocol())) {
			// Tomcat stops reading headers at one it cannot parse, so a Host after such a line is not seen.
			return "An HTTP/1.1 request needs a Host header (or one came after a header line that is not well-formed)";
		}
		if (hosts.size() > 1) {
			return "The Host header is given more than once; send it once";
		}
		List<String> lengths = Collections.list(request.getHeaders("Content-Length"));
		if (lengths.size() > 1) {
			return "Content-Length is given more than once; send it once";
		}
		if (lengths.size() == 1 && !lengths.get(0).strip().matches("[0-9]{1,18}")) {
			return "Content-Length '" + UnreadableBody.printable(lengths.get(0)) + "' is not a whole number of bytes";
		}
		List<String> codings = new ArrayList<>();
		for (String header : Collections.list(request.getHeaders("Transfer-Encoding"))) {
			for (String coding : header.split(",")) {
				if (!coding.isBlank()) {
					codings.add(coding.strip().toLowerCase(Locale.ROOT));
				}
			}
		}
		int chunked = codings.indexOf("chunked");
		if (chunked >= 0 && (chunked != codings.size() - 1 || codings.lastIndexOf("chunked") != chunked)) {
			return "Transfer-Encoding must name chunked once, as its last coding";
		}
		return null;
	}

}
