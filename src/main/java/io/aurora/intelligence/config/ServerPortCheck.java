package io.aurora.intelligence.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Refuses to start on a {@code PORT} no server can listen on. Spring Boot reads {@code -1} as "no HTTP
 * server at all", which would leave a service that runs, learns nothing and answers no probe; 0 picks
 * a free port, as tests do; left empty, Spring Boot's default 8080 stands. It checks once the
 * environment is ready, before any configuration is read: a condition of Swagger UI's configuration
 * reads the port that early, and would otherwise report {@code PORT=abc} as a placeholder that does not
 * convert, without the variable or its value.
 */
class ServerPortCheck implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		SettingRefusals.deferred(environment, () -> check(environment.getProperty("server.port", ""), variable(environment)));
	}

	/**
	 * What set the port, as an operator would name it: {@code SERVER_PORT} when that environment variable did,
	 * {@code PORT} when {@code application.yml}'s {@code ${PORT:8080}} did, else the property itself
	 * ({@code --server.port}, a system property, {@code SPRING_APPLICATION_JSON}).
	 */
	static String variable(ConfigurableEnvironment environment) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					|| !source.containsProperty("server.port")) {
				continue;
			}
			if (StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName())) {
				return "SERVER_PORT";
			}
			return String.valueOf(source.getProperty("server.port")).startsWith("${PORT") ? "PORT" : "server.port";
		}
		return "PORT";
	}

	/** Refuses {@code port} unless it is blank or a whole number from 0 to 65535. */
	static void check(String port) {
		check(port, "PORT");
	}

	/** As {@link #check(String)}, naming {@code variable}, the one that set it, in the refusal. */
	static void check(String port, String variable) {
		if (port.isBlank()) {
			return;
		}
		int value;
		try {
			value = Integer.parseInt(port.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidPortException(variable, "must be a whole number from 1 to 65535 (0 picks a free port), not '" + port + "'");
		}
		if (value < 0 || value > 65_535) {
			throw new InvalidPortException(variable, "must be from 1 to 65535 (0 picks a free port), not " + value);
		}
	}

	/** A {@code PORT} no server can listen on, with the variable (or property) that set it. */
	static final class InvalidPortException extends IllegalArgumentException implements SettingRefusals.Refusal {

		private final String variable;

		InvalidPortException(String variable, String fault) {
			super(variable + " " + fault);
			this.variable = variable;
		}

	}

	/** Reports a bad {@code PORT} in Spring Boot's short start-up failure report instead of a stack trace. */
	static final class Analyzer extends AbstractFailureAnalyzer<InvalidPortException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, InvalidPortException cause) {
			return new FailureAnalysis(cause.getMessage() + ".", "Set " + cause.variable + " to the port to listen on, from 1 to 65535, "
					+ (cause.variable.equals("PORT") ? "or unset it for 8080." : "or unset it for PORT's (8080 when PORT is unset too)."),
					cause);
		}

	}

}
