package io.aurora.intelligence.api;

import java.lang.invoke.MethodType;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * The 400 for a body that cannot be read as the expected JSON: it says whether the JSON is malformed,
 * goes beyond the parser's limits, repeats a key, or gives a field the wrong type, naming the field and
 * what it expects.
 */
final class UnreadableBody {

	private UnreadableBody() {
	}

	/** The problem for {@code ex}, with an {@code errors} entry when a field is to blame. */
	static ProblemDetail problem(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		String field = cause instanceof JacksonException jackson ? path(jackson) : "";
		@Nullable String message;
		if (cause instanceof StreamConstraintsException) {
			// Unknown fields are ignored, but read first: the parser's own limits apply to them too.
			message = "goes beyond a limit of the JSON parser, which applies to unknown fields too: at most "
					+ StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels of nesting, names of at most "
					+ StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters and numbers of at most "
					+ StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits";
			field = "";
		}
		else if (cause instanceof InputCoercionException) {
			message = "is out of range";
		}
		else if (cause instanceof StreamReadException read && String.valueOf(read.getOriginalMessage()).startsWith("Duplicate")) {
			message = "repeats a key; each key may appear once in an object";
		}
		else if (cause instanceof StreamReadException) {
			message = null;
		}
		else if (cause instanceof JacksonException && !field.isEmpty()) {
			String expected = cause instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType()) : null;
			message = expected == null ? "has the wrong type or an unusable value" : "has the wrong type: expected " + expected;
		}
		else {
			message = null;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message == null
				? cause instanceof StreamReadException ? "The body is not well-formed JSON"
						: "The body is missing or is not the expected JSON object"
				: field.isEmpty() ? "The body " + message : "Field '" + field + "' " + message);
		problem.setTitle("Unreadable request body");
		if (message != null && !field.isEmpty()) {
			problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
		}
		return problem;
	}

	/** What a JSON value of {@code type} looks like, or null when that says nothing useful. */
	static @Nullable String expected(@Nullable Class<?> type) {
		if (type == null) {
			return null;
		}
		Class<?> boxed = MethodType.methodType(type).wrap().returnType();
		if (Number.class.isAssignableFrom(boxed)) {
			return "a number";
		}
		if (boxed == Boolean.class) {
			return "true or false";
		}
		if (CharSequence.class.isAssignableFrom(boxed)) {
			return "a string";
		}
		if (Collection.class.isAssignableFrom(boxed) || boxed.isArray()) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(boxed) || boxed.isRecord()) {
			return "an object";
		}
		return null;
	}

	/** Where in the body a Jackson error sits, as a JSON path ({@code candidates[0].provider}); empty at the top. */
	private static String path(JacksonException jackson) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference ref : jackson.getPath()) {
			if (ref.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
