package io.aurora.intelligence.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Makes the SQLite store's file when it is missing, and opens it once before anything else does, so that a file SQLite
 * refuses (corrupt, not a database, or on a volume too full to open it) stops the start with a report naming the file
 * and what to do, not some 150 lines of nested bean-creation errors from the first component to connect.
 */
final class SqliteFileCheck {

	private static final Logger log = LoggerFactory.getLogger(SqliteFileCheck.class);

	private SqliteFileCheck() {
	}

	/**
	 * Reads {@code file}'s schema through {@code dataSource}.
	 * @throws StoreUnusableException when SQLite finds the file corrupt, not a database, or its volume full
	 */
	static void check(Path file, DataSource dataSource) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT count(*) FROM sqlite_schema");
		}
		catch (SQLException ex) {
			StoreUnusableException unusable = unusable(file, ex);
			if (unusable != null) {
				throw unusable;
			}
			// Anything else is left to the component that meets it, as before this check.
		}
	}

	/**
	 * Makes the SQLite file at {@code file} when there is none, with one connection that may make it.
	 * @throws StoreUnusableException when SQLite could not make it for a reason {@link #unusable} names
	 */
	static void makeIfMissing(Path file, SQLiteConfig sqlite) {
		if (Files.exists(file)) {
			return;
		}
		try (Connection made = sqlite.createConnection(JDBC.PREFIX + file)) {
			log.info("Trace store: made a new SQLite file at {}", file.toAbsolutePath());
		}
		catch (SQLException ex) {
			StoreUnusableException unusable = unusable(file, ex);
			if (unusable != null) {
				throw unusable;
			}
			// Anything else, the pool's first connection meets and reports.
		}
	}

	/** Whether SQLite's {@code code} says it found no room: on the store's volume, most likely. */
	static boolean full(SQLiteErrorCode code) {
		return code == SQLiteErrorCode.SQLITE_FULL || code == SQLiteErrorCode.SQLITE_IOERR_SHMSIZE;
	}

	/** The report for {@code ex}, or null when it is not one this check names. */
	static @Nullable StoreUnusableException unusable(Path file, Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLiteException sqlite) {
				SQLiteErrorCode code = sqlite.getResultCode();
				if (code.name().startsWith("SQLITE_CORRUPT") || code == SQLiteErrorCode.SQLITE_NOTADB) {
					return (StoreUnusableException) new StoreUnusableException("The store file " + file
							+ " is not a sound SQLite database: " + sqlite.getMessage(),
							"Stop every process that uses it and keep a copy of it (with its -wal file, if there is one). "
									+ "Check it with: sqlite3 " + file + " 'PRAGMA integrity_check'; then restore a backup as "
									+ "docs/OPERATIONS.md (Durability) says, or salvage what it holds with: sqlite3 " + file
									+ " .recover | sqlite3 recovered.db, and start on that file (renamed over the old one, first "
									+ "move the old -wal and -shm files aside).").initCause(sqlite);
				}
				if (full(code)) {
					return (StoreUnusableException) new StoreUnusableException("SQLite could not open the store file " + file
							+ ", most likely for want of room on its volume: " + sqlite.getMessage(),
							"Free space on the volume that holds " + file + " (or make it larger), then start the service "
									+ "again: what it acknowledged is in the file.").initCause(sqlite);
				}
			}
		}
		return null;
	}

}
