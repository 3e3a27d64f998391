package io.aurora.intelligence.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
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
				new ServerPortCheck.InvalidPortException("PORT", "must be from 1 to 65535 (0 picks a free port), not 70000")))
			.getAction()).startsWith("Set PORT");
	}

	@Test
	void aRefusalIsKeptForTheSettingsReportAndAnyOtherFailureIsThrownAtOnce() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "-1");
		assertThatCode(() -> new ServerPortCheck().postProcessEnvironment(environment, new SpringApplication()))
			.doesNotThrowAnyException();
		assertThat(SettingRefusals.taken(environment)).singleElement().isInstanceOf(ServerPortCheck.InvalidPortException.class);
		assertThat(SettingRefusals.of(environment)).as("taken once").isEmpty();
		MockEnvironment unresolvable = new MockEnvironment().withProperty("server.port", "${NO_SUCH_VARIABLE}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ServerPortCheck().postProcessEnvironment(unresolvable, new SpringApplication()))
			.withMessageContaining("NO_SUCH_VARIABLE");
		assertThat(SettingRefusals.of(unresolvable)).isEmpty();
	}

	@Test
	void aPortIsRefusedByWhatSetItAsAnOperatorWouldNameIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> checked(environment(Map.of("SERVER_PORT", "abc"))))
			.withMessageStartingWith("SERVER_PORT must be a whole number");
		assertThatIllegalArgumentException().isThrownBy(() -> checked(environment(Map.of("PORT", "abc"))))
			.withMessageStartingWith("PORT must be a whole number");
		StandardEnvironment commandLine = environment(Map.of("SERVER_PORT", "8080"));
		commandLine.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--server.port=abc"));
		assertThatIllegalArgumentException().isThrownBy(() -> checked(commandLine))
			.withMessageStartingWith("server.port must be a whole number");
		assertThat(new ServerPortCheck.Analyzer()
			.analyze(new ServerPortCheck.InvalidPortException("SERVER_PORT", "must be from 1 to 65535 (0 picks a free port), not -1"))
			.getAction()).startsWith("Set SERVER_PORT to the port");
	}

	/** An environment of these variables, with {@code application.yml}'s port and its properties attached, as Spring Boot's. */
	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		environment.getPropertySources().addLast(new MapPropertySource("application.yml", Map.of("server.port", "${PORT:8080}")));
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	/** Runs the check as Spring Boot does, once the environment is ready, throwing the refusal it keeps for the report. */
	private static void checked(ConfigurableEnvironment environment) {
		new ServerPortCheck().postProcessEnvironment(environment, new SpringApplication());
		SettingRefusals.of(environment).stream().findFirst().ifPresent(refusal -> {
			throw refusal;
		});
	}

}
