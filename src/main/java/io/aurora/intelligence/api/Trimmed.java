package io.aurora.intelligence.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * The rule for a candidate's provider and SKU: no space at either end, since {@code "akash "} would otherwise be
 * learned as a provider of its own beside {@code akash}, each with half the experience. Refused rather than
 * trimmed, so that the name the router is given is the one the caller sent.
 */
@Documented
@Constraint(validatedBy = Trimmed.Validator.class)
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.ANNOTATION_TYPE, ElementType.CONSTRUCTOR,
		ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface Trimmed {

	/** The OpenAPI pattern that says the same: a non-space at both ends. */
	String PATTERN = "^\\S(.*\\S)?$";

	/** What a breach answers. */
	String message() default "must not start or end with a space";

	/** Validation groups; none are used. */
	Class<?>[] groups() default {};

	/** Payload; none is used. */
	Class<? extends Payload>[] payload() default {};

	/** Accepts null and blank strings (left to {@code @NotBlank}) and strings with no space at either end. */
	final class Validator implements ConstraintValidator<Trimmed, String> {

		@Override
		public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
			return value == null || value.isBlank()
					|| !space(value.codePointAt(0)) && !space(value.codePointBefore(value.length()));
		}

		/** Java's whitespace and Unicode's space separators, so that a no-break space counts as well. */
		private static boolean space(int codePoint) {
			return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
		}

	}

}
