package io.aurora.intelligence.api;

import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
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

	private static final Pattern QUOTED = Pattern.compile("[\"'](.*)[\"']");

	/** Jackson's words for a passed limit: "Document nesting depth (501) exceeds the maximum allowed (500, …". */
	private static final Pattern LIMIT = Pattern.compile("^([A-Z][A-Za-z ]{2,40}) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

	private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x20-\\x7E]|[\"\\\\]");

	private UnreadableBody() {
	}

	/** The problem for {@code ex}, with an {@code errors} entry when a field is to blame. */
	static ProblemDetail problem(HttpMessageNotReadableException ex) {
		return problem(ex, List.of());
	}

	/**
	 * The problem for {@code ex}; when a field is to blame, {@code further} are the errors of the body's other
	 * fields ({@link TypeErrors}), listed after it in {@code errors} and in the detail.
	 */
	static ProblemDetail problem(HttpMessageNotReadableException ex, List<? extends JacksonException> further) {
		Throwable cause = ex.getCause();
		String field = cause instanceof JacksonException jackson ? path(jackson) : "";
		@Nullable String message;
		if (cause instanceof StreamConstraintsException) {
			// Unknown fields are ignored, but read first: the parser's own limits apply to them too.
			message = "goes beyond a limit of the JSON parser" + whichLimit(cause) + ", which applies to unknown fields too: at most "
					+ StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels of nesting, names of at most "
					+ StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters and numbers of at most "
					+ StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits";
			field = "";
		}
		else if (cause instanceof StreamReadException read && String.valueOf(read.getOriginalMessage()).startsWith("Duplicate")) {
			Matcher key = QUOTED.matcher(String.valueOf(read.getOriginalMessage()));
			field = objectPath(read, field);
			message = "repeats " + (key.find() ? "the key \"" + printable(key.group(1)) + "\"" : "a key")
					+ "; each key may appear once in an object";
		}
		else if (cause instanceof StreamReadException read && String.valueOf(read.getOriginalMessage()).startsWith("Broken surrogate")) {
			// Well-formed JSON, as a value's lone surrogate is, but no text: the parser refuses it in a key.
			message = "holds a key with an unpaired surrogate, which is not text";
		}
		else if (cause instanceof MismatchedInputException trailing
				&& String.valueOf(trailing.getOriginalMessage()).startsWith("Trailing token")) {
			message = "holds more than one JSON value: send one object, with nothing after it but whitespace";
			field = "";
		}
		else {
			message = fieldMessage(cause, field);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message == null
				? cause instanceof StreamReadException read ? "The body is not well-formed JSON" + where(read)
						: "The body is missing or is not the expected JSON object"
				: field.isEmpty() ? "The body " + message : "Field '" + field + "' " + message);
		problem.setTitle("Unreadable request body");
		if (message != null && !field.isEmpty()) {
			List<Map<String, String>> errors = new ArrayList<>(List.of(Map.of("field", field, "message", message)));
			for (JacksonException other : further.subList(0, Math.min(further.size(), TypeErrors.MAX_FURTHER))) {
				String otherField = path(other);
				String otherMessage = fieldMessage(other, otherField);
				if (otherMessage != null && !otherField.isEmpty()) {
					errors.add(Map.of("field", otherField, "message", otherMessage));
					problem.setDetail(problem.getDetail() + "; field '" + otherField + "' " + otherMessage);
				}
			}
			problem.setProperty("errors", errors);
			if (further.size() > TypeErrors.MAX_FURTHER) {
				// Counting them all would cost a binding each; that there are more is what the caller needs.
				problem.setDetail(problem.getDetail() + "; and more");
				problem.setProperty("more_errors", true);
			}
		}
		return problem;
	}

	/**
	 * Where the object that repeats a key is, as the parser's contexts say ({@code state.actions[0]}): the bound
	 * field alone names only the outermost, where the field holds a free-form object. {@code bound} without a parser.
	 */
	private static String objectPath(StreamReadException read, String bound) {
		JsonParser parser = read.processor();
		if (parser == null) {
			return bound;
		}
		List<String> segments = new ArrayList<>();
		for (TokenStreamContext c = parser.streamReadContext().getParent(); c != null && !c.inRoot(); c = c.getParent()) {
			segments.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : printable(String.valueOf(c.currentName())));
		}
		StringBuilder path = new StringBuilder();
		for (String segment : segments) {
			path.append(path.isEmpty() || segment.startsWith("[") ? "" : ".").append(segment);
		}
		return path.toString();
	}

	/** Which of the parser's limits {@code cause} says was passed, such as " (its nesting depth, 501)", or nothing. */
	private static String whichLimit(Throwable cause) {
		Matcher limit = LIMIT.matcher(String.valueOf(cause.getMessage()));
		return limit.find() ? " (" + limit.group(1).toLowerCase(Locale.ROOT).replace("document ", "") + ", " + limit.group(2)
				+ ", is over " + limit.group(3) + ")" : "";
	}

	/** What is wrong with {@code field}'s value, as {@code cause} says, or null when a field is not to blame. */
	private static @Nullable String fieldMessage(@Nullable Throwable cause, String field) {
		if (cause instanceof InputCoercionException coercion) {
			Class<?> target = coercion.getTargetType() == null ? Object.class
					: MethodType.methodType(coercion.getTargetType()).wrap().returnType();
			return target == Integer.class ? "is out of range: a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
					: target == Long.class ? "is out of range: a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
							: "is out of range";
		}
		if (cause instanceof StreamReadException || field.isEmpty() || !(cause instanceof JacksonException)) {
			return null;
		}
		if (cause instanceof MismatchedInputException fraction
				&& String.valueOf(fraction.getOriginalMessage()).startsWith(WholeNumber.NEEDED)) {
			return "must be " + printable(String.valueOf(fraction.getOriginalMessage()));
		}
		if (cause instanceof MismatchedInputException time
				&& String.valueOf(time.getOriginalMessage()).startsWith(RfcTime.NEEDED)) {
			return "must be " + printable(String.valueOf(time.getOriginalMessage()));
		}
		String expected = cause instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType()) : null;
		return expected == null ? "has the wrong type or an unusable value" : "has the wrong type: expected " + expected;
	}

	/** Where the parser stopped, as {@code " (line 1, column 17)"}, or nothing when it does not say. */
	private static String where(StreamReadException read) {
		TokenStreamLocation location = read.getLocation();
		return location == null || location.getLineNr() < 1 || location.getColumnNr() < 1 ? ""
				: " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

	/** {@code text} kept to plain printable ASCII, without quotes or backslashes, and 64 characters, since the caller wrote it. */
	static String printable(String text) {
		String plain = NOT_PRINTABLE.matcher(text).replaceAll("?");
		return plain.length() > 64 ? plain.substring(0, 64) + "..." : plain;
	}

	/** What a JSON value of {@code type} looks like, or null when that says nothing useful. */
	static @Nullable String expected(@Nullable Class<?> type) {
		if (type == null) {
			return null;
		}
		Class<?> boxed = MethodType.methodType(type).wrap().returnType();
		if (boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class
				|| boxed == java.math.BigInteger.class) {
			return "a whole number";
		}
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
	static String path(JacksonException jackson) {
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
