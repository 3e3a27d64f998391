package io.aurora.intelligence.config;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on a {@code PORT} no server can listen on. Spring Boot reads {@code -1} as "no HTTP
 * server at all", which would leave a service that runs, learns nothing and answers no probe; 0 picks
 * a free port, as tests do; left empty, Spring Boot's default 8080 stands.
 */
@Component
class ServerPortCheck {

	ServerPortCheck(Environment environment) {
		String port = environment.getProperty("server.port", "");
		if (port.isBlank()) {
			return;
		}
		int value;
		try {
			value = Integer.parseInt(port.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("PORT must be a whole number from 1 to 65535, not '" + port + "'", ex);
		}
		if (value < 0 || value > 65_535) {
			throw new IllegalArgumentException("PORT must be from 1 to 65535 (0 picks a free port), not " + value);
		}
	}

}
