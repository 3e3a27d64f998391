package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Unknown fields in a request body are ignored, as everywhere; so that a misspelt one (say
 * {@code constraints.region} for {@code constraints.regions}) does not go unnoticed, the answer names
 * them in a {@code Warning: 299} header, as Kubernetes' API server does.
 */
@ControllerAdvice
class UnknownFields implements ResponseBodyAdvice<Object> {

	/** The most unknown fields one answer names. */
	static final int MAX_NAMED = 10;

	private static final String ATTRIBUTE = UnknownFields.class.getName();

	private static final String API_PACKAGE = UnknownFields.class.getPackageName() + ".";

	@Bean
	static JsonMapperBuilderCustomizer unknownFieldsRecorder() {
		return builder -> builder.addHandler(new Recorder());
	}

	/**
	 * The unknown fields the current request's body has had so far, by path; empty outside a request.
	 * A 400 lists them too, since a misspelt optional field often explains a missing or invalid one.
	 */
	static List<String> named() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null && attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof List<?> fields) {
			return fields.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	/**
	 * The 400 naming, in its detail and as {@code unknown_fields}, the fields of the body that were ignored,
	 * since a misspelt field ({@code contxt}) is the usual reason for a missing or invalid one.
	 */
	static ProblemDetail addTo(ProblemDetail problem) {
		List<String> unknown = named();
		if (!unknown.isEmpty()) {
			problem.setDetail(problem.getDetail() + " (unknown fields ignored: " + String.join(", ", unknown) + ")");
			problem.setProperty("unknown_fields", unknown);
		}
		return problem;
	}

	/** A {@code Warning} value of this service: RFC 7234's 299, a persistent warning, with {@code text} quoted. */
	static String warning(String text) {
		return "299 aurora-intelligence \"" + text + "\"";
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
		List<String> fields = named();
		if (!fields.isEmpty()) {
			response.getHeaders().add("Warning", warning("unknown fields ignored: " + String.join(", ", fields)));
		}
		return body;
	}

	/**
	 * Notes each unknown field of the API's request records, once, by where it sits, and skips it;
	 * other types' unknown fields are left to the mapper's configuration.
	 */
	static final class Recorder extends DeserializationProblemHandler {

		private static final Pattern UNPLAIN = Pattern.compile("[^A-Za-z0-9_.\\[\\]-]");

		@Override
		public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
				Object beanOrClass, String propertyName) {
			Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
			if (!type.getName().startsWith(API_PACKAGE)) {
				return false;
			}
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes != null) {
				@SuppressWarnings("unchecked")
				List<String> fields = (List<String>) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
				if (fields == null) {
					fields = new ArrayList<>();
					attributes.setAttribute(ATTRIBUTE, fields, RequestAttributes.SCOPE_REQUEST);
				}
				if (fields.size() < MAX_NAMED) {
					String path = path(type, propertyName);
					if (!fields.contains(path)) {
						fields.add(path);
					}
				}
			}
			p.skipChildren();
			return true;
		}

		/**
		 * The field's path by where its record sits in a request ({@code constraints.region},
		 * {@code candidates[].price}, {@code outcome.latency}), kept to plain characters, since it goes
		 * into a header, and to 128 of them.
		 */
		static String path(Class<?> type, String propertyName) {
			String prefix = type == Constraints.class ? "constraints."
					: type == Candidate.class ? "candidates[]."
							: type == FeedbackRequest.OutcomeBody.class ? "outcome."
									: type == FeedbackRequest.Ran.class ? "ran." : "";
			String plain = UNPLAIN.matcher(prefix + propertyName).replaceAll("?");
			return plain.length() > 128 ? plain.substring(0, 128) + "..." : plain;
		}

	}

}
