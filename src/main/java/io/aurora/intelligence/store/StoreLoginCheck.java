package io.aurora.intelligence.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Before the migrations' minute of connect retries, one connection to the shared store: a server that
 * refuses the login or does not have the database answers the same however often it is asked, so the
 * start fails at once, saying which setting to fix, instead of after the retries with "could not be reached".
 */
final class StoreLoginCheck implements FlywayMigrationStrategy {

	private static final Logger log = LoggerFactory.getLogger(StoreLoginCheck.class);

	/** PostgreSQL's SQLSTATEs for a refused login (28000, 28P01) and a database that does not exist (3D000). */
	static final Set<String> PERMANENT = Set.of("28000", "28P01", "3D000");

	/** PostgreSQL's SQLSTATE for a privilege the user lacks (insufficient_privilege). */
	static final String NO_PRIVILEGE = "42501";

	/**
	 * Checks the login, then migrates; a failure's message names the URL without the passwords it holds. Says when the
	 * server would acknowledge commits a crash can lose, which the service's own sessions do not take.
	 */
	@Override
	public void migrate(Flyway flyway) {
		Login login = check(flyway.getConfiguration().getDataSource());
		if (login != null && "off".equals(login.synchronousCommit())) {
			log.info("The store's PostgreSQL has synchronous_commit off for this login, so a crash of the server could lose "
					+ "commits it acknowledged; the service's sessions turn it on, so that a 200 stays a durable commit");
		}
		try {
			flyway.migrate();
		}
		catch (FlywayException ex) {
			SQLException lacking = lackedPrivilege(ex);
			if (lacking != null) {
				throw new StoreLoginRefusedException(lacking, login);
			}
			String message = String.valueOf(ex.getMessage());
			String masked = JdbcUrls.withoutSecretsOf(flyway.getConfiguration().getUrl(), message);
			if (masked.equals(message)) {
				throw ex;
			}
			FlywayException clean = new FlywayException(masked, ex.getCause());
			clean.setStackTrace(ex.getStackTrace());
			throw clean;
		}
	}

	/**
	 * Fails with {@link StoreLoginRefusedException} when the server refuses the login or lacks the database; returns
	 * the user and database the login took, or null when the server was not reached.
	 */
	static @Nullable Login check(@Nullable DataSource dataSource) {
		if (dataSource == null) {
			return null;
		}
		try (Connection connection = dataSource.getConnection()) {
			connection.isValid(1);
			return new Login(connection.getMetaData().getUserName(), connection.getCatalog(), synchronousCommit(connection));
		}
		catch (SQLException ex) {
			if (ex.getSQLState() != null && PERMANENT.contains(ex.getSQLState())) {
				throw new StoreLoginRefusedException(ex, null);
			}
			// Unreachable or starting up: left to the migrations' connect retries.
			return null;
		}
	}

	/** The login's {@code synchronous_commit}, as its server, database and role set it, or null when it cannot be read. */
	private static @Nullable String synchronousCommit(Connection connection) {
		try (Statement sql = connection.createStatement(); ResultSet row = sql.executeQuery("SHOW synchronous_commit")) {
			return row.next() ? row.getString(1) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	/**
	 * The user and database a login to the store took, named in the grants a failure suggests, and its
	 * {@code synchronous_commit}.
	 */
	record Login(@Nullable String user, @Nullable String database, @Nullable String synchronousCommit) {

		/** {@code name} as a quoted PostgreSQL identifier, which any name (a reserved word, capitals) may be. */
		static String identifier(@Nullable String name, String otherwise) {
			if (name == null || name.isEmpty()) {
				return otherwise;
			}
			return '"' + name.replace("\"", "\"\"") + '"';
		}

	}

	/** The SQL failure in {@code ex}'s causes that says the user lacks a privilege, or null. */
	private static @Nullable SQLException lackedPrivilege(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && NO_PRIVILEGE.equals(sql.getSQLState())) {
				return sql;
			}
		}
		return null;
	}

	/** The store's server refused the login, has no database of that name, or refused the migrations a privilege. */
	static final class StoreLoginRefusedException extends RuntimeException {

		private final String sqlState;

		private final @Nullable Login login;

		StoreLoginRefusedException(SQLException cause, @Nullable Login login) {
			super(String.valueOf(cause.getMessage()).lines().findFirst().orElse("").strip(), cause);
			this.sqlState = cause.getSQLState();
			this.login = login;
		}

	}

	/** Reports a refused login in Spring Boot's short start-up failure report, naming the settings. */
	static final class Analyzer extends AbstractFailureAnalyzer<StoreLoginRefusedException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, StoreLoginRefusedException cause) {
			if (NO_PRIVILEGE.equals(cause.sqlState)) {
				String user = Login.identifier(cause.login == null ? null : cause.login.user(), "<STORE_USER>");
				String database = Login.identifier(cause.login == null ? null : cause.login.database(), "<database>");
				return new FailureAnalysis("The store's PostgreSQL server took the login, but STORE_USER may not create or change "
						+ "the service's tables: " + cause.getMessage(),
						"Make STORE_USER the owner of the database (ALTER DATABASE " + database + " OWNER TO " + user
								+ ", or CREATE DATABASE ... OWNER " + user + " for a new one): since PostgreSQL 15 only the owner may "
								+ "create tables in its schema public. Or grant it that (connected to " + database
								+ ": GRANT CREATE ON SCHEMA public TO " + user + "), and make it the owner of tables made by another user.",
						cause);
			}
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
