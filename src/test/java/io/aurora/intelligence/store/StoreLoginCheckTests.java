package io.aurora.intelligence.store;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one connection made before the migrations' retries: a refused login or a missing database fails at once. */
class StoreLoginCheckTests {

	static EmbeddedPostgres postgres;

	@BeforeAll
	static void start() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stop() throws IOException {
		postgres.close();
	}

	@Test
	void aDatabaseThatDoesNotExistFailsAtOnceNamingStoreUrl() {
		StoreLoginCheck.StoreLoginRefusedException refused = catchThrowableOfType(StoreLoginCheck.StoreLoginRefusedException.class,
				() -> StoreLoginCheck.check(dataSource("postgres", "nosuchdb")));
		assertThat(refused).hasMessageContaining("nosuchdb");
		FailureAnalysis analysis = new StoreLoginCheck.Analyzer().analyze(refused);
		assertThat(analysis.getDescription()).contains("has no database of the name STORE_URL gives");
		assertThat(analysis.getAction()).contains("STORE_URL");
	}

	@Test
	void aUserTheServerDoesNotKnowFailsAtOnceNamingTheCredentials() {
		StoreLoginCheck.StoreLoginRefusedException refused = catchThrowableOfType(StoreLoginCheck.StoreLoginRefusedException.class,
				() -> StoreLoginCheck.check(dataSource("nobody", "postgres")));
		assertThat(refused).hasMessageContaining("nobody");
		assertThat(new StoreLoginCheck.Analyzer().analyze(refused).getAction()).contains("STORE_USER and STORE_PASSWORD");
	}

	@Test
	void aServerThatCannotBeReachedIsLeftToTheConnectRetries() {
		PGSimpleDataSource closed = new PGSimpleDataSource();
		closed.setUrl("jdbc:postgresql://127.0.0.1:9/postgres?connectTimeout=2");
		assertThatCode(() -> StoreLoginCheck.check(closed)).doesNotThrowAnyException();
		assertThatCode(() -> StoreLoginCheck.check(dataSource("postgres", "postgres"))).doesNotThrowAnyException();
	}

	@Test
	void aStoreOutOfReachIsReportedWithoutThePasswordsItsUrlHolds() {
		Flyway flyway = Flyway.configure()
			.dataSource("jdbc:postgresql://127.0.0.1:9/aurora?user=u&password=URLSECRET1&sslpassword=SSLSECRET2&connectTimeout=1",
					null, null)
			.connectRetries(0)
			.load();
		FlywayException failed = catchThrowableOfType(FlywayException.class, () -> new StoreLoginCheck().migrate(flyway));
		assertThat(failed.getMessage()).contains("Unable to obtain connection from database", "sslpassword=****")
			.doesNotContain("URLSECRET1", "SSLSECRET2");
		assertThat(new DatabaseUnreachableFailureAnalyzer().analyze(failed).getDescription()).doesNotContain("SSLSECRET2");
	}

	@Test
	void aUserThatMayNotCreateTheTablesFailsAtOnceSayingWhatToGrant() throws Exception {
		try (var admin = postgres.getPostgresDatabase().getConnection(); var sql = admin.createStatement()) {
			sql.execute("CREATE USER guest PASSWORD 'postgres'");
			sql.execute("CREATE DATABASE notguests");
		}
		Flyway flyway = Flyway.configure()
			.dataSource(postgres.getJdbcUrl("guest", "notguests"), "guest", "postgres")
			.locations("classpath:db/migration/postgresql")
			.connectRetries(0)
			.load();
		StoreLoginCheck.StoreLoginRefusedException refused = catchThrowableOfType(StoreLoginCheck.StoreLoginRefusedException.class,
				() -> new StoreLoginCheck().migrate(flyway));
		FailureAnalysis analysis = new StoreLoginCheck.Analyzer().analyze(refused);
		assertThat(analysis.getDescription()).contains("STORE_USER may not create or change the service's tables",
				"permission denied");
		assertThat(analysis.getAction()).as("the grants name the login's own user and database")
			.contains("ALTER DATABASE \"notguests\" OWNER TO \"guest\"",
					"connected to \"notguests\": GRANT CREATE ON SCHEMA public TO \"guest\"")
			.doesNotContain("aurora");
	}

	@Test
	void theLoginCheckReadsTheCommitLevelTheServerGivesThisLogin() {
		StoreLoginCheck.Login login = StoreLoginCheck.check(dataSource("postgres", "postgres"));
		assertThat(login).isNotNull();
		assertThat(login.synchronousCommit()).as("the embedded server's own default, which the start names").isEqualTo("off");
	}

	@Test
	void theSuggestedGrantsQuoteEveryName() {
		assertThat(StoreLoginCheck.Login.identifier("user", "<x>")).as("a reserved word").isEqualTo("\"user\"");
		assertThat(StoreLoginCheck.Login.identifier("Aurora", "<x>")).isEqualTo("\"Aurora\"");
		assertThat(StoreLoginCheck.Login.identifier("a\"b-c", "<x>")).isEqualTo("\"a\"\"b-c\"");
		assertThat(StoreLoginCheck.Login.identifier(null, "<STORE_USER>")).isEqualTo("<STORE_USER>");
	}

	private static PGSimpleDataSource dataSource(String user, String database) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(postgres.getJdbcUrl(user, database));
		dataSource.setUser(user);
		dataSource.setPassword("postgres");
		return dataSource;
	}

}
