package io.aurora.intelligence.config;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which ports the service starts on. */
class ServerPortCheckTests {

	@Test
	void anUnsetOrEmptyPortLeavesSpringBootsDefault() {
		assertThatCode(() -> new ServerPortCheck(new MockEnvironment())).doesNotThrowAnyException();
		assertThatCode(() -> new ServerPortCheck(new MockEnvironment().withProperty("server.port", "")))
			.doesNotThrowAnyException();
	}

	@Test
	void aPortFromZeroTo65535Starts() {
		assertThatCode(() -> new ServerPortCheck(new MockEnvironment().withProperty("server.port", "0")))
			.doesNotThrowAnyException();
		assertThatCode(() -> new ServerPortCheck(new MockEnvironment().withProperty("server.port", "65535")))
			.doesNotThrowAnyException();
	}

	@Test
	void aNegativeOrUnparseablePortRefusesToStart() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ServerPortCheck(new MockEnvironment().withProperty("server.port", "-1")))
			.withMessageContaining("from 1 to 65535");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ServerPortCheck(new MockEnvironment().withProperty("server.port", "http")))
			.withMessageContaining("whole number");
	}

}
