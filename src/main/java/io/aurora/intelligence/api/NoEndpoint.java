package io.aurora.intelligence.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What a 404 for a path no endpoint has says: the path as sent and, when a stray slash is all that keeps
 * it from an endpoint's path, the path meant.
 */
final class NoEndpoint {

	private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;

	/** Every endpoint's path pattern, the application's and Actuator's (not the error page's), read at the first 404. */
	private volatile @Nullable List<PathPattern> patterns;

	NoEndpoint(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		this.mappings = mappings;
	}

	/** The detail for {@code method} on the raw path {@code asked}. */
	String detail(String method, String asked) {
		String plain = asked.replaceAll("/{2,}", "/").replaceAll("(?<=.)/$", "");
		boolean meant = !plain.equals(asked) && served(plain);
		return "No endpoint " + method + " " + printable(asked)
				+ (meant ? " (paths take no trailing or doubled slash: " + printable(plain) + ")" : "")
				+ "; the endpoints are listed in /openapi.json and at /docs";
	}

	/** Whether some endpoint, for any method, has {@code path}. */
	private boolean served(String path) {
		List<PathPattern> known = patterns;
		if (known == null) {
			known = mappings.orderedStream()
				.flatMap((mapping) -> mapping.getHandlerMethods().entrySet().stream())
				.filter((handler) -> !ErrorController.class.isAssignableFrom(handler.getValue().getBeanType()))
				.flatMap((handler) -> handler.getKey().getPatternValues().stream())
				.distinct()
				.map(PathPatternParser.defaultInstance::parse)
				.toList();
			patterns = known;
		}
		PathContainer container = PathContainer.parsePath(path);
		return known.stream().anyMatch((pattern) -> pattern.matches(container));
	}

	/** The path as the caller wrote it, kept to printable ASCII and 128 characters. */
	private static String printable(String path) {
		String plain = path.replaceAll("[^\\x21-\\x7E]", "?");
		return plain.length() > 128 ? plain.substring(0, 128) + "..." : plain;
	}

}
