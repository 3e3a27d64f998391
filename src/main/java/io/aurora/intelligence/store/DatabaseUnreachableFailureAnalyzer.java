package io.aurora.intelligence.store;

import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a PostgreSQL store that could not be reached at start-up, after Flyway's minute of connect retries, into
 * Spring Boot's short "APPLICATION FAILED TO START" report, with what to check, instead of some 180 lines
 * of nested bean-creation errors.
 */
class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<FlywayException> {

	private static final String UNREACHABLE = "Unable to obtain connection from database";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, FlywayException cause) {
		String message = String.valueOf(cause.getMessage());
		if (!message.startsWith(UNREACHABLE) || !message.contains("jdbc:postgresql:")) {
			return null;
		}
		int end = message.indexOf('\n');
		return new FailureAnalysis("The store's database could not be reached in the start-up's connect retries (about a minute): "
				+ (end < 0 ? message : message.substring(0, end)).strip(),
				"Check that the database STORE_URL names is running and accepts connections from here, and that "
						+ "STORE_USER and STORE_PASSWORD are right. The service exits so that its supervisor (Kubernetes) "
						+ "starts it again.",
				cause);
	}

}
