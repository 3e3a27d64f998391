package io.aurora.intelligence.api;

import java.io.InputStream;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The endpoints as Spring MVC maps them, the application's and Actuator's, read from its own mappings
 * at first use: which paths they serve, and which body types they declare they consume ({@code consumes}),
 * so that a body of another type can be refused before it is read, as the endpoint would refuse it once read.
 */
final class MappedEndpoints {

	/** No endpoints known: nothing is served or refused early, and every body may be taken. */
	static final MappedEndpoints NONE = new MappedEndpoints(Stream::empty, false);

	private final MappingSource mappings;

	/** Whether the mappings are the application's, so that what they do not take is known. */
	private final boolean known;

	/** Every mapping, read at first use. */
	private volatile @Nullable List<Endpoint> endpoints;

	MappedEndpoints(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		this(mappings::orderedStream, true);
	}

	private MappedEndpoints(MappingSource mappings, boolean known) {
		this.mappings = mappings;
		this.known = known;
	}

	/**
	 * Whether no endpoint the request's method and path reach may read a body (declares what it consumes, or
	 * takes the body or the request): its body need not be read, whatever answers it (a 200, a 404, a 405).
	 * False when the path does not parse (Spring MVC answers it) or the endpoints are not known.
	 */
	boolean takesNoBody(HttpServletRequest request) {
		if (!known) {
			return false;
		}
		try {
			PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
			return endpoints().stream()
				.noneMatch((endpoint) -> (endpoint.readsBody() || !endpoint.consumes().isEmpty()) && endpoint.reaches(request.getMethod(), path));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Whether some endpoint, for any method, has {@code path}; the error page, itself a 404 when asked for, does not count. */
	boolean serves(String path) {
		PathContainer container = PathContainer.parsePath(path);
		return endpoints().stream().anyMatch((endpoint) -> !endpoint.errorPage() && endpoint.matches(container));
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
			List<Endpoint> reached = endpoints().stream()
				.filter((endpoint) -> !endpoint.consumes().isEmpty() && endpoint.reaches(request.getMethod(), path))
				.toList();
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
				.flatMap((mapping) -> mapping.getHandlerMethods().entrySet().stream())
				.map((handler) -> Endpoint.of(handler.getKey(), handler.getValue(),
						ErrorController.class.isAssignableFrom(handler.getValue().getBeanType())))
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

	/**
	 * One mapping: its methods (none: all), paths and declared body types (none: any), whether its handler
	 * may read a body, and whether it is the error page.
	 */
	private record Endpoint(Set<RequestMethod> methods, List<PathPattern> paths, Set<MediaType> consumes, boolean readsBody,
			boolean errorPage) {

		static Endpoint of(RequestMappingInfo info, HandlerMethod handler, boolean errorPage) {
			return new Endpoint(info.getMethodsCondition().getMethods(),
					info.getPatternValues().stream().map(PathPatternParser.defaultInstance::parse).toList(),
					info.getConsumesCondition().getConsumableMediaTypes(), readsBody(handler), errorPage);
		}

		/**
		 * Whether a handler may read the request's body: it declares what it consumes, or takes the body, a
		 * part, the request's entity or stream, or the request itself (Actuator's handler takes a {@code @RequestBody}
		 * on every operation, reads too, and declares nothing).
		 */
		private static boolean readsBody(HandlerMethod handler) {
			return Arrays.stream(handler.getMethodParameters()).anyMatch((parameter) -> parameter.hasParameterAnnotation(RequestBody.class)
					|| parameter.hasParameterAnnotation(RequestPart.class)
					|| Stream.of(HttpEntity.class, InputStream.class, Reader.class, ServletRequest.class)
						.anyMatch((type) -> type.isAssignableFrom(parameter.getParameterType())));
		}

		boolean matches(PathContainer path) {
			return paths.stream().anyMatch((pattern) -> pattern.matches(path));
		}

		boolean reaches(String method, PathContainer path) {
			return (methods.isEmpty() || methods.stream().anyMatch((allowed) -> allowed.name().equals(method))) && matches(path);
		}

		boolean takes(MediaType type) {
			return consumes.stream().anyMatch((consumed) -> consumed.includes(type));
		}

	}

}
