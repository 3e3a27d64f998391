package io.aurora.intelligence.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.web.util.UrlPathHelper;

/**
 * What the servlet filters share: recognising a model import, and answering with problem+json before
 * Spring MVC (and its error handling) sees the request. Such an answer closes the connection, so a
 * request body left unread is not read.
 */
final class FilterAnswers {

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

	/** Answers 401 with the bearer challenge: the request needs {@code AURORA_API_KEY} and did not carry it. */
	static void unauthorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer realm=\"aurora-intelligence\"");
		problem(request, response, 401, "Unauthorized", "This endpoint needs Authorization: Bearer <AURORA_API_KEY>");
	}

	/** Writes a problem+json answer with the request's path as its instance and closes the connection. */
	static void problem(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
			throws IOException {
		response.setStatus(status);
		response.setHeader("Connection", "close");
		response.setContentType("application/problem+json");
		response.getOutputStream().write(json(status, title, detail, request.getRequestURI()).getBytes(StandardCharsets.UTF_8));
	}

	/** A problem+json document; the instance, left out without a path, keeps only the path's plain characters. */
	static String json(int status, String title, String detail, @Nullable String path) {
		JsonStringEncoder quote = JsonStringEncoder.getInstance();
		StringBuilder body = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"");
		quote.quoteAsString(title, body);
		body.append("\",\"status\":").append(status).append(",\"detail\":\"");
		quote.quoteAsString(detail, body);
		body.append('"');
		if (path != null) {
			body.append(",\"instance\":\"").append(plainPath(path)).append('"');
		}
		return body.append('}').toString();
	}

	/** A request path kept to its plain characters, fit for a problem's {@code instance}. */
	static String plainPath(String path) {
		return path.replaceAll("[^A-Za-z0-9/_.-]", "");
	}

	/** What an error the container raises says: the reason for a 4xx, nothing about the service's own. */
	static String containerDetail(int status, String reason) {
		return status < 500 ? "The request could not be processed: " + reason : "The service could not answer the request";
	}

}
