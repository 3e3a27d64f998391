package io.aurora.intelligence.store;

import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/** A database out of reach at start-up is reported in a few lines, by Flyway's own first line. */
class DatabaseUnreachableFailureAnalyzerTests {

	private final DatabaseUnreachableFailureAnalyzer analyzer = new DatabaseUnreachableFailureAnalyzer();

	@Test
	void aDatabaseOutOfReachIsReportedByFlywaysFirstLineWithWhatToCheck() {
		FlywayException unreachable = new FlywayException("Unable to obtain connection from database "
				+ "(jdbc:postgresql://db:5432/aurora?connectTimeout=10) for user 'aurora': Connection to db:5432 refused.\n"
				+ "-------\nSQL State  : 08001\nError Code : 0\n");
		FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("traceStore", "nested", unreachable));
		assertThat(analysis.getDescription()).isEqualTo("The store's database could not be reached in the start-up's connect "
				+ "retries (about a minute): Unable to obtain connection from database (jdbc:postgresql://db:5432/aurora?connectTimeout=10) "
				+ "for user 'aurora': Connection to db:5432 refused.");
		assertThat(analysis.getAction()).contains("STORE_URL", "STORE_USER", "STORE_PASSWORD");
	}

	@Test
	void otherFlywayFailuresAreLeftToSpringBoot() {
		assertThat(analyzer.analyze(new FlywayException("Validate failed: Migrations have failed validation"))).isNull();
		assertThat(analyzer.analyze(new FlywayException("Unable to obtain connection from database (jdbc:sqlite:/data/d.db)")))
			.as("no STORE_URL to check").isNull();
	}

}
