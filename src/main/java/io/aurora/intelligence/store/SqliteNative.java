package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.Callable;

import org.sqlite.SQLiteJDBCLoader;

/**
 * Loads SQLite's native library before the store is opened, so that a temporary directory it cannot be
 * loaded from (one mounted {@code noexec}) stops the start with a report saying so, rather than with
 * nested bean-creation errors around an {@link UnsatisfiedLinkError}. The library is unpacked into a
 * directory of its own under the temporary directory, where copies that processes killed with
 * {@code SIGKILL} left behind (about 1 MiB each, which sqlite-jdbc never deletes) are deleted first.
 */
final class SqliteNative {

	private static final String TMPDIR = "org.sqlite.tmpdir";

	static final String ACTION = "Give the service a temporary directory that allows executing files: in Docker, "
			+ "--tmpfs /tmp:rw,exec (a tmpfs is noexec by default); elsewhere, mount it without noexec, or point "
			+ "-Dorg.sqlite.tmpdir at a directory that allows it.";

	private SqliteNative() {
	}

	/** The directory, under the temporary directory, that the library is unpacked into. */
	static final String DIRECTORY = "aurora-intelligence-sqlite";

	/** How old an unpacked copy must be to count as left behind rather than being loaded right now. */
	static final Duration STALE_AFTER = Duration.ofMinutes(10);

	/** Loads the library, once per process; {@code -Dorg.sqlite.tmpdir} chooses where it is unpacked. */
	static void load() {
		if (System.getProperty(TMPDIR) == null) {
			Path dir = Path.of(System.getProperty("java.io.tmpdir"), DIRECTORY);
			try {
				if (ownDirectory(dir)) {
					removeStale(dir, Instant.now().minus(STALE_AFTER));
					System.setProperty(TMPDIR, dir.toString());
				}
			}
			catch (IOException | RuntimeException ex) {
				// None can be made or checked: sqlite-jdbc unpacks into the temporary directory.
			}
		}
		load(SQLiteJDBCLoader::initialize);
	}

	/**
	 * Makes {@code dir} for this user alone, or checks that it is one: owned by this process's user and,
	 * where permissions are POSIX, writable by no one else, so that no other user of a shared host can
	 * put a library there for this process to load.
	 */
	static boolean ownDirectory(Path dir) throws IOException {
		boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
		if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
			try {
				if (posix) {
					Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
				}
				else {
					Files.createDirectory(dir);
				}
			}
			catch (FileAlreadyExistsException ex) {
				// Made meanwhile by another process: checked below like any other.
			}
		}
		if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isWritable(dir)) {
			return false;
		}
		if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(processOwner(dir.getParent()))) {
			return false;
		}
		return !posix || Collections.disjoint(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS),
				Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
	}

	/**
	 * The user this process runs as, as the file system records it: the owner of a file it makes in
	 * {@code dir}. A name from the environment would not do: a user ID without an entry in
	 * {@code /etc/passwd} (an arbitrary one on OpenShift, {@code docker run --user 12345}) has none.
	 */
	private static UserPrincipal processOwner(Path dir) throws IOException {
		Path probe = Files.createTempFile(dir, ".aurora-owner-", null);
		try {
			return Files.getOwner(probe);
		}
		finally {
			Files.deleteIfExists(probe);
		}
	}

	/**
	 * Deletes the unpacked copies of the library (and their lock files) last modified before {@code before}:
	 * a copy is loaded right after it is unpacked, and a loaded one may go, since its process has it mapped.
	 */
	static void removeStale(Path dir, Instant before) throws IOException {
		try (DirectoryStream<Path> copies = Files.newDirectoryStream(dir, "sqlite-*")) {
			for (Path copy : copies) {
				try {
					if (Files.getLastModifiedTime(copy).toInstant().isBefore(before)) {
						Files.deleteIfExists(copy);
					}
				}
				catch (IOException ex) {
					// Held by a running process on a platform that forbids deleting it: it stays.
				}
			}
		}
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
			String dir = System.getProperty(TMPDIR, System.getProperty("java.io.tmpdir"));
			throw new StoreUnusableException("SQLite's native library could not be loaded (" + failure + "). It is unpacked "
					+ "into " + dir + " (org.sqlite.tmpdir, else java.io.tmpdir) and loaded from there, which a directory "
					+ "mounted noexec forbids.", ACTION);
		}
	}

}
