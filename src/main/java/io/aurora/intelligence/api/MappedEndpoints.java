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
import org.springframework.boot.webmvc.actuate.endpoint.web.AbstractWebMvcEndpointHandlerMapping;
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

	/** Whether some endpoint, for any method, has {@code path}; the error page, itself a 404 when asked for, does not count. */
	boolean serves(String path) {
		PathContainer container = PathContainer.parsePath(path);
		return endpoints().stream().anyMatch((endpoint) -> !endpoint.errorPage() && endpoint.matches(container));
	}

	/**
	 * What the endpoints the request's method and path reach make of its body, read in one pass: whether none
	 * may read one, and the body's type when every one that declares types declares others. Unknown (none
	 * refused, the body read) when the path does not parse, which Spring MVC answers, or the endpoints are not known.
	 */
	BodyTakers bodyTakers(HttpServletRequest request) {
		if (!known) {
			return BodyTakers.UNKNOWN;
		}
		List<Endpoint> reached;
		try {
			PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
			reached = endpoints().stream().filter((endpoint) -> endpoint.takesBody() && endpoint.reaches(request.getMethod(), path))
				.toList();
		}
		catch (IllegalArgumentException ex) {
			return BodyTakers.UNKNOWN;
		}
		return reached.isEmpty() ? new BodyTakers(true, null) : new BodyTakers(false, unsupported(request.getContentType(), reached));
	}

	/**
	 * The body's type ({@code type/subtype}) when every endpoint of {@code reached} that declares types declares
	 * others; null when some endpoint takes it, none declares a type, or there is no type that parses.
	 */
	private static @Nullable String unsupported(@Nullable String header, List<Endpoint> reached) {
		if (header == null) {
			return null;
		}
		try {
			MediaType type = MediaType.parseMediaType(header);
			List<Endpoint> declaring = reached.stream().filter((endpoint) -> !endpoint.consumes().isEmpty()).toList();
			return declaring.isEmpty() || declaring.stream().anyMatch((endpoint) -> endpoint.takes(type)) ? null
					: type.getType() + "/" + type.getSubtype();
		}
		catch (IllegalArgumentException ex) {
			// An unparsable Content-Type (InvalidMediaTypeException): Spring MVC answers it.
			return null;
		}
	}

	/**
	 * What the endpoints a request reaches make of its body: {@code none} may read one (so it need not be
	 * read), or they all declare types other than its {@code unsupported} one (null: no such refusal).
	 */
	record BodyTakers(boolean none, @Nullable String unsupported) {

		/** Nothing known: the body is read, and no type refused early. */
		static final BodyTakers UNKNOWN = new BodyTakers(false, null);

	}

	private List<Endpoint> endpoints() {
		List<Endpoint> known = endpoints;
		if (known == null) {
			known = mappings.stream()
				.flatMap((mapping) -> mapping.getHandlerMethods().entrySet().stream()
					.map((handler) -> Endpoint.of(handler.getKey(), handler.getValue(),
							mapping instanceof AbstractWebMvcEndpointHandlerMapping,
							ErrorController.class.isAssignableFrom(handler.getValue().getBeanType()))))
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
	 * One mapping: its methods (none: all), paths and declared body types (none: any), whether it may read a
	 * body, and whether it is the error page.
	 */
	private record Endpoint(Set<RequestMethod> methods, List<PathPattern> paths, Set<MediaType> consumes, boolean takesBody,
			boolean errorPage) {

		/**
		 * The mapping of {@code handler}; an Actuator operation ({@code actuator}) reads its body only when it is a
		 * {@code POST} (a write operation): its handler takes one on every operation, and drops it on the others.
		 */
		static Endpoint of(RequestMappingInfo info, HandlerMethod handler, boolean actuator, boolean errorPage) {
			Set<MediaType> consumes = info.getConsumesCondition().getConsumableMediaTypes();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			boolean reads = actuator ? methods.isEmpty() || methods.contains(RequestMethod.POST) : readsBody(handler);
			return new Endpoint(methods, info.getPatternValues().stream().map(PathPatternParser.defaultInstance::parse).toList(),
					consumes, !consumes.isEmpty() || reads, errorPage);
		}

		/**
		 * Whether a handler may read the request's body though it declares no type: it takes the body, a part,
		 * the request's entity or stream, or the request itself.
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
