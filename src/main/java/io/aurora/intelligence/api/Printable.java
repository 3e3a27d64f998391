package io.aurora.intelligence.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.aurora.intelligence.strategist.Action;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * The rule for identifiers stored as plain text ({@code task_id}, {@code trace_id}, provider and SKU):
 * no control characters, since PostgreSQL refuses U+0000 in text and none of them belongs in an id, no
 * invisible format characters or line separators, which would let a name pass for another where it is shown,
 * and no unpaired surrogate, which is not text at all (strict JSON parsers refuse it, SQLite stores '?').
 * A constraint of its own rather than {@code @Pattern}, whose {@code \p{..}} classes would go into the
 * OpenAPI document, where ECMA-262 and Python's regular expressions cannot compile them.
 */
@Documented
@Constraint(validatedBy = Printable.Validator.class)
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.ANNOTATION_TYPE, ElementType.CONSTRUCTOR,
		ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@interface Printable {

	/** What a breach answers. */
	String message() default "must not contain control characters, invisible format characters (such as U+202E), "
			+ "line separators or unpaired surrogates";

	/** Validation groups; none are used. */
	Class<?>[] groups() default {};

	/** Payload; none is used. */
	Class<? extends Payload>[] payload() default {};

	/** Accepts null (left to {@code @NotBlank}) and strings that {@link Action#printable} accepts. */
	final class Validator implements ConstraintValidator<Printable, String> {

		@Override
		public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
			return value == null || Action.printable(value);
		}

	}

}
