package io.aurora.intelligence.store;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start that found the SQLite store's volume full (the file opened, but a first write of the start, such as
 * the running configuration's, failed) into Spring Boot's short "APPLICATION FAILED TO START" report, instead of a
 * stack trace of nested bean-creation errors.
 */
class StoreFullFailureAnalyzer extends AbstractFailureAnalyzer<SQLiteException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLiteException cause) {
		if (!SqliteFileCheck.full(cause.getResultCode())) {
			return null;
		}
		return new FailureAnalysis("The store's volume is full: SQLite could not write to the store at start ("
				+ cause.getMessage() + ")",
				"Free space on the volume that holds STORE_FILE (or make it larger), then start the service again: what it "
						+ "acknowledged is in the file. Keep STORE_MIN_FREE_MB above 0 so that decisions stop before the "
						+ "volume fills. Where that volume has room, the full one is SQLite's temporary directory "
						+ "(SQLITE_TMPDIR, else /tmp), which a migration's sort or index may fill.",
				cause);
	}

}
