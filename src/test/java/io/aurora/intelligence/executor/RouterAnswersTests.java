package io.aurora.intelligence.executor;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouterAnswersTests {

	@Test
	void aKeptErrorBodyIsUtf8AndNeverCutInHalfACharacter() {
		byte[] body = ("x".repeat(1023) + "Ψ-field").getBytes(StandardCharsets.UTF_8);
		assertThat(RouterAnswers.utf8Prefix(body, 1024)).as("Ψ takes bytes 1023 and 1024: left out whole")
			.isEqualTo("x".repeat(1023));
		assertThat(RouterAnswers.utf8Prefix(body, 1025)).isEqualTo("x".repeat(1023) + "Ψ");
		assertThat(RouterAnswers.utf8Prefix("é".getBytes(StandardCharsets.UTF_8), 1024)).isEqualTo("é");
	}

}
