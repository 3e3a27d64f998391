package io.aurora.intelligence.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.http.MediaType;
import org.springframework.web.util.UrlPathHelper;

/**
 * What the servlet filters share: recognising a model import, and answering with problem+json before
 * Spring MVC (and its error handling) sees the request. Such an answer closes the connection, so a
 * request body left unread is not read.
 */
final class FilterAnswers {

	private static final String HEX = "0123456789ABCDEF";

	/** RFC 3986's unreserved characters, sub-delimiters, ':', '@' and '/'; '%' only in a valid escape. */
	private static final String PATH_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/";

	/** The title of the 403 to a model import while no API key is set. */
	static final String ADMIN_OFF_TITLE = "Admin endpoints are off";

	/** The detail of the 403 to a model import while no API key is set. */
	static final String ADMIN_OFF_DETAIL = "Importing a model is an admin operation; set AURORA_API_KEY to enable it and send the key";

	private FilterAnswers() {
	}

	/**
	 * Whether the request imports a model ({@code PUT /model}, however its path is spelt:
	 * {@code /%6Dodel} and {@code /model;x=1} are the same handler), the one call with a large body.
	 */
	static boolean isModelImport(HttpServletRequest request) {
		return "PUT".equals(request.getMethod())
				&& "/model".equals(UrlPathHelper.defaultInstance.getLookupPathForRequest(request));
	}

	/** The 408's detail: the body did not arrive within {@code ms} of its first read. */
	static String late(long ms) {
		return "The request body did not arrive in time (a body must arrive whole within "
				+ (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms")
				+ ", with no pause as long as the connection timeout, 10 s unless set otherwise)";
	}

	/** Answers 401 with the bearer challenge: the request needs {@code AURORA_API_KEY} and did not carry it. */
	static void unauthorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String needed = "This endpoint needs Authorization: Bearer <AURORA_API_KEY>";
		unauthorized(request, response, switch (authorizationHeaders(request)) {
			case 0 -> needed;
			case 1 -> "The Authorization header does not carry AURORA_API_KEY. " + needed;
			default -> "The request sends the Authorization header more than once; send it once. " + needed;
		});
	}

	/**
	 * How many {@code Authorization} headers the request carries: 0, 1, or 2 for more, empty ones included beside one
	 * that is not, since the key is refused beside them; empty ones alone count as none (RFC 6750: no credentials, no
	 * error code).
	 */
	static int authorizationHeaders(HttpServletRequest request) {
		Enumeration<String> sent = request.getHeaders("Authorization");
		int headers = 0;
		boolean credentials = false;
		while (sent != null && sent.hasMoreElements()) {
			headers++;
			credentials |= !sent.nextElement().isBlank();
		}
		return !credentials ? 0 : Math.min(headers, 2);
	}

	/**
	 * Answers 401 with the bearer challenge, saying {@code detail}; one to a request that carried credentials
	 * names the error, as RFC 6750 has it: {@code invalid_request} for two headers, else {@code invalid_token}.
	 */
	static void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		int sent = authorizationHeaders(request);
		String error = sent == 0 ? "" : sent == 1 ? ", error=\"invalid_token\"" : ", error=\"invalid_request\"";
		response.setHeader("WWW-Authenticate", "Bearer realm=\"aurora-intelligence\"" + error);
		problem(request, response, 401, "Unauthorized", detail);
	}

	/** Writes a problem+json answer with the request's path as its instance and closes the connection. */
	static void problem(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
			throws IOException {
		response.setStatus(status);
		response.setHeader("Connection", "close");
		response.setContentType("application/problem+json");
		byte[] body = json(status, title, detail, request.getRequestURI()).getBytes(StandardCharsets.UTF_8);
		// Its length stated, the answer is whole on the wire once flushed, before the rest of an unread body is read.
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** A problem+json document; the instance, left out without a path, is the path percent-encoded. */
	static String json(int status, String title, String detail, @Nullable String path) {
		JsonStringEncoder quote = JsonStringEncoder.getInstance();
		ProblemTypes.ProblemType type = ProblemTypes.of(title);
		StringBuilder body = new StringBuilder("{");
		body.append("\"type\":\"").append(type == null ? ProblemTypes.BLANK : type.uri()).append("\",");
		body.append("\"title\":\"");
		quote.quoteAsString(title, body);
		body.append("\",\"status\":").append(status).append(",\"detail\":\"");
		quote.quoteAsString(detail, body);
		body.append('"');
		if (path != null) {
			body.append(",\"instance\":\"").append(instancePath(path)).append('"');
		}
		return body.append('}').toString();
	}

	/**
	 * A request path as a valid URI path for a problem's {@code instance}, as Spring MVC's own answers
	 * give it: the characters a path may hold kept, valid escapes kept, everything else percent-encoded
	 * as UTF-8 ({@code /feedback;a=1} stays itself, a space becomes {@code %20}), and a second leading
	 * slash too, which would otherwise start an authority.
	 */
	static String instancePath(String path) {
		StringBuilder plain = new StringBuilder(path.length());
		byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
			if (escape || b < 0x80 && PATH_CHARACTERS.indexOf(b) >= 0) {
				plain.append((char) b);
			}
			else {
				plain.append('%').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 0xF));
			}
		}
		if (plain.length() > 1 && plain.charAt(0) == '/' && plain.charAt(1) == '/') {
			plain.replace(1, 2, "%2F");
		}
		return plain.toString();
	}

	/** Whether {@code c} is an ASCII hexadecimal digit, as a percent-escape needs two of. */
	static boolean isHex(int c) {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
	}

	/**
	 * What an error the container raises says: the reason for a 4xx, and for the two 5xx answers HTTP
	 * prescribes for a request the server does not implement (501: a method such as CONNECT or an
	 * unknown transfer coding; 505: an HTTP version), nothing about the service's own.
	 */
	static String containerDetail(int status, String reason, HttpServletRequest request) {
		if (status == 501) {
			String coding = request.getHeader("Transfer-Encoding");
			boolean unknownCoding = coding != null && Arrays.stream(coding.split(","))
				.anyMatch((listed) -> !"chunked".equalsIgnoreCase(listed.strip()));
			return "The request uses something this service does not implement: " + (unknownCoding
					? "the Transfer-Encoding '" + printable(coding) + "' (send the body with Content-Length, or chunked alone)"
					: "the method " + printable(request.getMethod()));
		}
		if (status == 408) {
			// A body that ended past its deadline in framing Tomcat reads itself, such as a dripped trailer.
			return late(isModelImport(request) ? BodyLimitFilter.MODEL_RECEIVE_MS : BodyLimitFilter.RECEIVE_MS);
		}
		if (status == 505) {
			return "The request uses something this service does not implement: the protocol "
					+ printable(request.getProtocol()) + " (send HTTP/1.1)";
		}
		return status < 500 ? "The request could not be processed: " + reason : "The service could not answer the request";
	}

	/**
	 * What is wrong with a {@code Content-Type} header that is given but names no media type (empty, or not
	 * {@code type/subtype} with parameters, such as a list), or null when it is absent or parses.
	 */
	static @Nullable String unparsableContentType(@Nullable String header) {
		if (header == null) {
			return null;
		}
		if (header.isBlank()) {
			return "Content-Type is empty; send Content-Type: application/json";
		}
		try {
			MediaType.parseMediaType(header);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return "Content-Type '" + printable(header) + "' is not one media type (type/subtype, then parameters); "
					+ "send Content-Type: application/json";
		}
	}

	/** A value the caller sent, kept to printable ASCII and 64 characters. */
	private static String printable(@Nullable String value) {
		String plain = value == null ? "" : value.replaceAll("[^\\x20-\\x7E]", "?");
		return plain.length() > 64 ? plain.substring(0, 64) + "..." : plain;
	}

}
