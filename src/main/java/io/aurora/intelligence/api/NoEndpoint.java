package io.aurora.intelligence.api;

/**
 * What a 404 for a path no endpoint has says: the path as sent and, when a stray slash is all that keeps
 * it from an endpoint's path, the path meant.
 */
final class NoEndpoint {

	private final MappedEndpoints endpoints;

	NoEndpoint(MappedEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	/** The detail for {@code method} on the raw path {@code asked}. */
	String detail(String method, String asked) {
		String plain = asked.replaceAll("/{2,}", "/").replaceAll("(?<=.)/$", "");
		boolean meant = !plain.equals(asked) && endpoints.serves(plain);
		return "No endpoint " + method + " " + printable(asked)
				+ (meant ? " (paths take no trailing or doubled slash: " + printable(plain) + ")" : "")
				+ "; the API's endpoints are listed in /openapi.json and at /docs, the probes are /health/liveness and "
				+ "/health/readiness";
	}

	/** The path as the caller wrote it, kept to printable ASCII and 128 characters. */
	private static String printable(String path) {
		String plain = path.replaceAll("[^\\x21-\\x7E]", "?");
		return plain.length() > 128 ? plain.substring(0, 128) + "..." : plain;
	}

}
