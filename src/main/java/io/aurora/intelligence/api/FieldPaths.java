package io.aurora.intelligence.api;

import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.validation.FieldError;

/** How a 400 names a field it lists: by its JSON path, in the order of the body's lists. */
final class FieldPaths {

	private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	private FieldPaths() {
	}

	/**
	 * The JSON path of the field an error is about; for a check of a whole object (an {@code @AssertTrue}
	 * method such as {@code isAnyFieldPresent}), the object's, not a field it does not have.
	 */
	static String of(FieldError error) {
		String field = error.getField();
		if ("AssertTrue".equals(error.getCode())) {
			int dot = field.lastIndexOf('.');
			field = dot < 0 ? "" : field.substring(0, dot);
		}
		return jsonName(field);
	}

	/** The JSON name of a bound field path, e.g. {@code candidates[0].provider} or {@code task_id}. */
	static String jsonName(String field) {
		return CAMEL.matcher(field).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
	}

	/** The field path with its indexes zero-padded, so that {@code candidates[2]} sorts before {@code candidates[10]}. */
	static String byPosition(String field) {
		return DIGITS.matcher(field).replaceAll(m -> "0".repeat(Math.max(0, 10 - m.group().length())) + m.group());
	}

}
