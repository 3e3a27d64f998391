package io.aurora.intelligence.store;

import java.util.concurrent.Callable;

import org.sqlite.SQLiteJDBCLoader;

/**
 * Loads SQLite's native library before the store is opened, so that a temporary directory it cannot be
 * loaded from (one mounted {@code noexec}) stops the start with a report saying so, rather than with
 * nested bean-creation errors around an {@link UnsatisfiedLinkError}.
 */
final class SqliteNative {

	static final String ACTION = "Give the service a temporary directory that allows executing files: in Docker, "
			+ "--tmpfs /tmp:rw,exec (a tmpfs is noexec by default); elsewhere, mount it without noexec, or point "
			+ "-Dorg.sqlite.tmpdir at a directory that allows it.";

	private SqliteNative() {
	}

	/** Loads the library, once per process. */
	static void load() {
		load(SQLiteJDBCLoader::initialize);
	}

	/** Runs {@code loader}, turning its failure into {@link StoreUnusableException}. */
	static void load(Callable<Boolean> loader) {
		String failure;
		try {
			failure = Boolean.TRUE.equals(loader.call()) ? null : "the loader gave no reason";
		}
		catch (Exception | LinkageError ex) {
			failure = ex.getMessage();
		}
		if (failure != null) {
			String dir = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
			throw new StoreUnusableException("SQLite's native library could not be loaded (" + failure + "). It is unpacked "
					+ "into " + dir + " (org.sqlite.tmpdir, else java.io.tmpdir) and loaded from there, which a directory "
					+ "mounted noexec forbids.", ACTION);
		}
	}

}
