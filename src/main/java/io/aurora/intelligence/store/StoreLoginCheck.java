package io.aurora.intelligence.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Before the migrations' minute of connect retries, one connection to the shared store: a server that
 * refuses the login or does not have the database answers the same however often it is asked, so the
 * start fails at once, saying which setting to fix, instead of after the retries with "could not be reached".
 */
final class StoreLoginCheck implements FlywayMigrationStrategy {

	/** PostgreSQL's SQLSTATEs for a refused login (28000, 28P01) and a database that does not exist (3D000). */
	static final Set<String> PERMANENT = Set.of("28000", "28P01", "3D000");

	/** Checks the login, then migrates; a failure's message names the URL without the passwords it holds. */
	@Override
	public void migrate(Flyway flyway) {
		check(flyway.getConfiguration().getDataSource());
		try {
			flyway.migrate();
		}
		catch (FlywayException ex) {
			String message = String.valueOf(ex.getMessage());
			String masked = StoreConfiguration.withoutSecretsOf(flyway.getConfiguration().getUrl(), message);
			if (masked.equals(message)) {
				throw ex;
			}
			FlywayException clean = new FlywayException(masked, ex.getCause());
			clean.setStackTrace(ex.getStackTrace());
			throw clean;
		}
	}

	/** Fails with {@link StoreLoginRefusedException} when the server refuses the login or lacks the database. */
	static void check(@Nullable DataSource dataSource) {
		if (dataSource == null) {
			return;
		}
		try (Connection connection = dataSource.getConnection()) {
			connection.isValid(1);
		}
		catch (SQLException ex) {
			if (ex.getSQLState() != null && PERMANENT.contains(ex.getSQLState())) {
				throw new StoreLoginRefusedException(ex);
			}
			// Unreachable or starting up: left to the migrations' connect retries.
		}
	}

	/** The store's server refused the login, or has no database of that name. */
	static final class StoreLoginRefusedException extends RuntimeException {

		private final String sqlState;

		StoreLoginRefusedException(SQLException cause) {
			super(String.valueOf(cause.getMessage()).lines().findFirst().orElse("").strip(), cause);
			this.sqlState = cause.getSQLState();
		}

	}

	/** Reports a refused login in Spring Boot's short start-up failure report, naming the settings. */
	static final class Analyzer extends AbstractFailureAnalyzer<StoreLoginRefusedException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, StoreLoginRefusedException cause) {
			boolean noDatabase = "3D000".equals(cause.sqlState);
			return new FailureAnalysis("The store's PostgreSQL server answered, but "
					+ (noDatabase ? "has no database of the name STORE_URL gives" : "refused the login") + ": "
					+ cause.getMessage(),
					noDatabase ? "Create the database, or correct its name in STORE_URL (jdbc:postgresql://host:5432/<database>)."
							: "Check STORE_USER and STORE_PASSWORD (both are needed with STORE_URL), and that the server's "
									+ "pg_hba.conf lets this user connect from here.",
					cause);
		}

	}

}
