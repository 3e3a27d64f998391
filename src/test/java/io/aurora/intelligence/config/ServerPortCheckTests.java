package io.aurora.intelligence.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which ports the service starts on. */
class ServerPortCheckTests {

	@Test
	void anUnsetOrEmptyPortLeavesSpringBootsDefault() {
		assertThatCode(() -> checked(new MockEnvironment())).doesNotThrowAnyException();
		assertThatCode(() -> ServerPortCheck.check("")).doesNotThrowAnyException();
	}

	@Test
	void aPortFromZeroTo65535Starts() {
		assertThatCode(() -> ServerPortCheck.check("0")).doesNotThrowAnyException();
		assertThatCode(() -> ServerPortCheck.check("65535")).doesNotThrowAnyException();
	}

	@Test
	void aNegativeOrUnparseablePortRefusesToStartBeforeAnyBeanIsMade() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> checked(new MockEnvironment().withProperty("server.port", "-1")))
			.withMessageContaining("from 1 to 65535");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerPortCheck.check("http")).withMessageContaining("whole number");
		assertThat(new ServerPortCheck.Analyzer().analyze(new IllegalStateException("wrapped",
				new ServerPortCheck.InvalidPortException("PORT must be from 1 to 65535 (0 picks a free port), not 70000")))
			.getAction()).startsWith("Set PORT");
	}

	@Test
	void aPortSetBySpringBootsOwnVariableIsRefusedByThatVariable() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> checked(new MockEnvironment().withProperty("SERVER_PORT", "abc").withProperty("server.port", "abc")))
			.withMessageStartingWith("SERVER_PORT must be a whole number");
		assertThat(new ServerPortCheck.Analyzer()
			.analyze(new ServerPortCheck.InvalidPortException("SERVER_PORT must be from 1 to 65535 (0 picks a free port), not -1"))
			.getAction()).startsWith("Set SERVER_PORT to the port");
	}

	/** Runs the check as Spring Boot does, once the environment is ready. */
	private static void checked(MockEnvironment environment) {
		new ServerPortCheck().postProcessEnvironment(environment, new SpringApplication());
	}

}
