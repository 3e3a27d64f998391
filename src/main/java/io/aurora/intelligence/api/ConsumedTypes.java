package io.aurora.intelligence.api;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The body types the endpoints declare they consume ({@code consumes} on their mappings), read from Spring
 * MVC's own mappings, so that a body of another type can be refused before it is read, as the endpoint
 * would refuse it once read.
 */
final class ConsumedTypes {

	/** No endpoint declares a type: nothing is refused early. */
	static final ConsumedTypes NONE = new ConsumedTypes(Stream::empty);

	private final MappingSource mappings;

	/** The endpoints that declare what they consume, read at the first body. */
	private volatile @Nullable List<Endpoint> endpoints;

	ConsumedTypes(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		this(mappings::orderedStream);
	}

	private ConsumedTypes(MappingSource mappings) {
		this.mappings = mappings;
	}

	/**
	 * The type of the request's body ({@code type/subtype}) when every endpoint its method and path reach
	 * declares other types; null when some endpoint takes it, none declares a type, or the request has no
	 * type or path that parses (Spring MVC answers those).
	 */
	@Nullable String unsupported(HttpServletRequest request) {
		String header = request.getContentType();
		if (header == null) {
			return null;
		}
		try {
			MediaType type = MediaType.parseMediaType(header);
			PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
			List<Endpoint> reached = endpoints().stream().filter((endpoint) -> endpoint.reaches(request.getMethod(), path)).toList();
			return reached.isEmpty() || reached.stream().anyMatch((endpoint) -> endpoint.takes(type)) ? null
					: type.getType() + "/" + type.getSubtype();
		}
		catch (IllegalArgumentException ex) {
			// An unparsable Content-Type (InvalidMediaTypeException) or path: Spring MVC answers it.
			return null;
		}
	}

	private List<Endpoint> endpoints() {
		List<Endpoint> known = endpoints;
		if (known == null) {
			known = mappings.stream()
				.flatMap((mapping) -> mapping.getHandlerMethods().keySet().stream())
				.filter((info) -> !info.getConsumesCondition().isEmpty())
				.map(Endpoint::of)
				.toList();
			endpoints = known;
		}
		return known;
	}

	/** Where the mappings come from. */
	@FunctionalInterface
	private interface MappingSource {

		Stream<RequestMappingInfoHandlerMapping> stream();

	}

	/** One mapping that declares what it consumes: its methods (none: all), paths and body types. */
	private record Endpoint(Set<RequestMethod> methods, List<PathPattern> paths, Set<MediaType> consumes) {

		static Endpoint of(RequestMappingInfo info) {
			return new Endpoint(info.getMethodsCondition().getMethods(),
					info.getPatternValues().stream().map(PathPatternParser.defaultInstance::parse).toList(),
					info.getConsumesCondition().getConsumableMediaTypes());
		}

		boolean reaches(String method, PathContainer path) {
			return (methods.isEmpty() || methods.stream().anyMatch((allowed) -> allowed.name().equals(method)))
					&& paths.stream().anyMatch((pattern) -> pattern.matches(path));
		}

		boolean takes(MediaType type) {
			return consumes.stream().anyMatch((consumed) -> consumed.includes(type));
		}

	}

}
