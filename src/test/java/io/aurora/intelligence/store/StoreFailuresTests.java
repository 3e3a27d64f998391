package io.aurora.intelligence.store;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** A store failure is reported in one line that names it and its causes. */
class StoreFailuresTests {

	@Test
	void aFailureCarryingItsStatementsSqlIsReportedOnOneLine() {
		SQLException terminated = new SQLException("FATAL: terminating connection\n  due to administrator command", "57P01");
		UncategorizedSQLException failure = new UncategorizedSQLException("INSERT", """
				INSERT INTO traces (trace_id)
				VALUES (?)
				""", terminated);
		assertThat(StoreFailures.causes(failure)).doesNotContain("\n")
			.contains("UncategorizedSQLException: INSERT; uncategorized SQLException for SQL [INSERT INTO traces (trace_id) VALUES (?) ]")
			.endsWith("caused by SQLException: FATAL: terminating connection due to administrator command");
	}

}
