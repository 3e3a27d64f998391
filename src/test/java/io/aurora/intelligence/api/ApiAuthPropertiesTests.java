package io.aurora.intelligence.api;

import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/** The previous key of a rotation is held to the key's own rules, and is accepted only beside a key. */
class ApiAuthPropertiesTests {

	static final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();

	static final Validator validator = factory.getValidator();

	@AfterAll
	static void close() {
		factory.close();
	}

	@Test
	void aPreviousKeyIsHeldToTheKeysRules() {
		assertThat(problems("the-new-key-0123456789", "short")).containsExactly("AURORA_API_KEY_PREVIOUS must be at least 16 characters, or unset");
		assertThat(problems("the-new-key-0123456789", "schlüssel-0123456789")).singleElement(STRING)
			.startsWith("AURORA_API_KEY_PREVIOUS must be printable ASCII");
		assertThat(problems(null, "the-old-key-0123456789")).singleElement(STRING)
			.startsWith("AURORA_API_KEY_PREVIOUS needs AURORA_API_KEY");
		assertThat(problems("the-new-key-0123456789", " the-new-key-0123456789")).containsExactly(
				"AURORA_API_KEY_PREVIOUS is AURORA_API_KEY itself: set it to the key callers are moving away from, or unset it");
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiAuthProperties("the-new-key-0123456789", "   ", false))
			.withMessage("AURORA_API_KEY_PREVIOUS is blank: set a key of at least 16 characters, or leave it unset to run "
					+ "without a previous key");
	}

	@Test
	void aPreviousKeyBesideAKeyIsEnabledWithoutItsSurroundingWhitespaceAndAnEmptyOneIsNot() {
		ApiAuthProperties rotating = new ApiAuthProperties("the-new-key-0123456789", " the-old-key-0123456789\n", false);
		assertThat(validator.validate(rotating)).isEmpty();
		assertThat(rotating.previousKeyEnabled()).isTrue();
		assertThat(rotating.previousApiKey()).isEqualTo("the-old-key-0123456789");
		ApiAuthProperties settled = new ApiAuthProperties("the-new-key-0123456789", "", false);
		assertThat(validator.validate(settled)).isEmpty();
		assertThat(settled.previousKeyEnabled()).as("an empty api-key-previous in the Secret").isFalse();
	}

	private static List<String> problems(@Nullable String key, String previous) {
		return validator.validate(new ApiAuthProperties(key, previous, false)).stream().map(ConstraintViolation::getMessage).toList();
	}

}
