package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.dbcp2.BasicDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Where the store goes: a STORE_FILE that cannot be written stops the start with a short report, and
 * the migrations' own connection gets a connect timeout and keepalives, unless the URL sets its own.
 */
class StoreConfigurationTests {

	@TempDir
	Path dir;

	@Test
	void aStoreFileThatCannotBeWrittenStopsTheStartWithAReportSayingWhatToDo() throws IOException {
		Path notADirectory = Files.writeString(dir.resolve("file"), "x");
		Path configured = notADirectory.resolve("decisions.db");
		assertThatThrownBy(() -> StoreConfiguration.resolve(configured, true)).isInstanceOf(StoreUnusableException.class)
			.hasMessageContaining(configured.toString());
		assertThatThrownBy(() -> StoreConfiguration.resolve(dir, true)).as("a directory, not a file")
			.isInstanceOf(StoreUnusableException.class)
			.hasMessageContaining("is a directory: set STORE_FILE to the database file's path");

		FailureAnalyzer analyzer = analyzer();
		Throwable wrapped = new IllegalStateException("bean creation failed",
				new StoreUnusableException("STORE_FILE /x cannot be written"));
		FailureAnalysis analysis = analyzer.analyze(wrapped);
		assertThat(analysis.getDescription()).isEqualTo("STORE_FILE /x cannot be written");
		assertThat(analysis.getAction()).contains("Set STORE_FILE");
	}

	@Test
	void sqlitesNativeLibraryThatCannotBeLoadedStopsTheStartWithAReportNamingTheTemporaryDirectory() {
		SqliteNative.load();
		UnsatisfiedLinkError noexec = new UnsatisfiedLinkError("/tmp/sqlite-libsqlitejdbc.so: failed to map segment from shared object");
		assertThatThrownBy(() -> SqliteNative.load(() -> {
			throw noexec;
		})).isInstanceOf(StoreUnusableException.class)
			.hasMessageContaining("failed to map segment from shared object")
			.hasMessageContaining(System.getProperty("java.io.tmpdir"))
			.satisfies(ex -> assertThat(analyzer().analyze(new IllegalStateException("bean creation failed", ex)).getAction())
				.contains("--tmpfs /tmp:rw,exec"));
		assertThatThrownBy(() -> SqliteNative.load(() -> false)).isInstanceOf(StoreUnusableException.class);
	}

	@Test
	void copiesOfSqlitesLibraryLeftBehindByKilledProcessesAreDeletedAndOneBeingLoadedIsNot() throws IOException {
		Path left = Files.writeString(dir.resolve("sqlite-3.50.3.0-a-libsqlitejdbc.so"), "x");
		Path leftLock = Files.writeString(dir.resolve("sqlite-3.50.3.0-a-libsqlitejdbc.so.lck"), "");
		Path fresh = Files.writeString(dir.resolve("sqlite-3.50.3.0-b-libsqlitejdbc.so"), "x");
		Path other = Files.writeString(dir.resolve("other.so"), "x");
		FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
		for (Path p : List.of(left, leftLock, other)) {
			Files.setLastModifiedTime(p, old);
		}
		SqliteNative.removeStale(dir, Instant.now().minus(SqliteNative.STALE_AFTER));
		assertThat(left).doesNotExist();
		assertThat(leftLock).doesNotExist();
		assertThat(fresh).exists();
		assertThat(other).as("not sqlite-jdbc's").exists();
	}

	@Test
	void sqlitesLibraryIsUnpackedOnlyIntoADirectoryOfThisUserThatNoOneElseCanWrite() throws IOException {
		Path made = dir.resolve("made");
		assertThat(SqliteNative.ownDirectory(made)).isTrue();
		assertThat(Files.getPosixFilePermissions(made)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
		Path open = Files.createDirectory(dir.resolve("open"));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThat(SqliteNative.ownDirectory(open)).as("anyone could put a library there").isFalse();
		Path link = Files.createSymbolicLink(dir.resolve("link"), made);
		assertThat(SqliteNative.ownDirectory(link)).as("a link someone else may have made").isFalse();
	}

	@Test
	void aWalThatGrewWhileAReaderHeldBackItsCheckpointsIsCutBackOnceTheLogStartsOver() throws SQLException {
		Path file = dir.resolve("decisions.db");
		Path wal = dir.resolve("decisions.db-wal");
		try (BasicDataSource pool = StoreConfiguration.sqlite(StoreProperties.sqlite(file.toString()));
				Connection writer = pool.getConnection(); Connection reader = pool.getConnection();
				Statement write = writer.createStatement(); Statement read = reader.createStatement()) {
			write.execute("CREATE TABLE filler (bytes BLOB)");
			reader.setAutoCommit(false);
			read.executeQuery("SELECT count(*) FROM filler").close();
			for (int i = 0; i < 24; i++) {
				write.execute("INSERT INTO filler VALUES (randomblob(524288))");
			}
			assertThat(wal.toFile().length()).as("held back by the reader").isGreaterThan(StoreConfiguration.WAL_SIZE_LIMIT_BYTES + (2L << 20));
			reader.commit();
			write.execute("PRAGMA wal_checkpoint(PASSIVE)");
			write.execute("INSERT INTO filler VALUES (randomblob(16))");
			assertThat(wal.toFile().length()).isLessThanOrEqualTo(StoreConfiguration.WAL_SIZE_LIMIT_BYTES);
			try (ResultSet rows = write.executeQuery("SELECT count(*) FROM filler")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getInt(1)).isEqualTo(25);
			}
		}
	}

	@Test
	void thePoolMakesTheFileWhenMissingButNoConnectionMakesItAgainOnceItWasDeleted() throws SQLException, IOException {
		Path file = dir.resolve("decisions.db");
		try (BasicDataSource pool = StoreConfiguration.sqlite(StoreProperties.sqlite(file.toString()));
				Connection first = pool.getConnection()) {
			assertThat(file).as("made for the pool").exists();
			Files.delete(file);
			assertThatThrownBy(pool::getConnection).as("a new connection, the first one being in use")
				.hasMessageContaining("SQLITE_CANTOPEN");
			assertThat(file).as("not made anew, empty, in the lost store's place").doesNotExist();
		}
	}

	private static FailureAnalyzer analyzer() {
		return SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (type, name, failure) -> {
			})
			.stream()
			.filter(StoreFailureAnalyzer.class::isInstance).findFirst().orElseThrow();
	}

	@Test
	void aSharedStoresPoolTriesTheDatabaseOnlyAtItsFirstUseAndNamesTheReplicaInPgStatActivity() throws Exception {
		try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
			String url = pg.getJdbcUrl("postgres", "postgres");
			try (HikariDataSource pool = StoreConfiguration.postgres(shared(url), "store-writer", 1)) {
				assertThat(pool.isRunning()).as("started by its first use, after the migrations found the database").isFalse();
				assertThat(applicationName(pool)).startsWith("aurora-intelligence store-writer").hasSizeLessThanOrEqualTo(63)
					.matches("[\\x20-\\x7E]+");
			}
			FluentConfiguration migrations = Flyway.configure();
			new StoreConfiguration().migrations(shared(url)).customize(migrations);
			assertThat(applicationName(migrations.getDataSource())).as("the migrations' URL carries it encoded")
				.startsWith("aurora-intelligence migrations");
			String named = JdbcUrls.withDefault(url, "ApplicationName", "mine");
			try (HikariDataSource pool = StoreConfiguration.postgres(shared(named), "store", 2)) {
				assertThat(applicationName(pool)).as("the URL's own name wins").isEqualTo("mine");
			}
		}
	}

	@Test
	void aSharedStoresSessionsCommitDurablyWhereTheServerWouldNotAndKeepAStrongerLevel() throws Exception {
		try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
			try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement sql = admin.createStatement()) {
				sql.execute("CREATE DATABASE replicated");
				sql.execute("ALTER DATABASE replicated SET synchronous_commit = 'remote_apply'");
			}
			try (HikariDataSource pool = StoreConfiguration.postgres(shared(pg.getJdbcUrl("postgres", "postgres")), "store", 1)) {
				assertThat(setting(pool, "synchronous_commit")).as("the embedded server's default is off").isEqualTo("on session");
				assertThat(setting(pool, "lock_timeout")).as("the other session settings still apply").isEqualTo("8000ms session");
			}
			try (HikariDataSource pool = StoreConfiguration.postgres(shared(pg.getJdbcUrl("postgres", "replicated")), "store", 1)) {
				assertThat(setting(pool, "synchronous_commit"))
					.as("pinned by the session, so that a reload of the server's configuration cannot turn it off")
					.isEqualTo("remote_apply session");
			}
		}
	}

	@Test
	void aSessionOpenedWhileTheDatabaseWasReadOnlyIsDroppedOnceItRefusesAWrite() throws Exception {
		try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
				Connection admin = pg.getPostgresDatabase().getConnection();
				Statement sql = admin.createStatement()) {
			sql.execute("CREATE DATABASE frozen");
			try (HikariDataSource pool = StoreConfiguration.postgres(shared(pg.getJdbcUrl("postgres", "frozen")), "store", 1)) {
				JdbcClient jdbc = JdbcClient.create(pool);
				jdbc.sql("CREATE TABLE t (x int)").update();
				sql.execute("ALTER DATABASE frozen SET default_transaction_read_only = on");
				sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'frozen'");
				await("the pool's new session is read only").atMost(Duration.ofSeconds(10)).until(() -> {
					try {
						jdbc.sql("INSERT INTO t VALUES (1)").update();
						return false;
					}
					catch (DataAccessException ex) {
						return ex.getMostSpecificCause() instanceof SQLException refused
								&& ReadOnlySessions.READ_ONLY.equals(refused.getSQLState());
					}
				});
				sql.execute("ALTER DATABASE frozen RESET default_transaction_read_only");
				try {
					jdbc.sql("INSERT INTO t VALUES (2)").update();
				}
				catch (DataAccessException madeWhileFrozen) {
					// The pool replaced the dropped session at once, maybe before the reset: that one is dropped too.
				}
				assertThat(jdbc.sql("INSERT INTO t VALUES (3)").update())
					.as("each session that refused a write was dropped, and a new one takes writes").isEqualTo(1);
			}
		}
	}

	/** A setting's value in a session of {@code pool} and where the value comes from, such as {@code on session}. */
	private static String setting(DataSource pool, String name) throws SQLException {
		try (Connection connection = pool.getConnection();
				PreparedStatement sql = connection.prepareStatement(
						"SELECT setting || COALESCE(unit, '') || ' ' || source FROM pg_settings WHERE name = ?")) {
			sql.setString(1, name);
			try (ResultSet row = sql.executeQuery()) {
				assertThat(row.next()).isTrue();
				return row.getString(1);
			}
		}
	}

	private static StoreProperties shared(String url) {
		return new StoreProperties("unused.db", StoreProperties.Sync.FULL, url, "postgres", "postgres",
				StoreProperties.DEFAULT_TIMEOUT_MS, StoreProperties.DEFAULT_POOL_SIZE, 0, 0);
	}

	private static String applicationName(DataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection(); Statement sql = connection.createStatement();
				ResultSet row = sql.executeQuery("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
			assertThat(row.next()).isTrue();
			return row.getString(1);
		}
	}

}
