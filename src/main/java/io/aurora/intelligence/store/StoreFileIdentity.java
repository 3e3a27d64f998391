package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Checks before each commit that the SQLite file at {@code STORE_FILE} is still the one the service opened: a file
 * deleted or replaced while it runs leaves the open connections writing to a file no later start will read, so such
 * commits fail (503, readiness down) instead of being acknowledged and lost.
 */
final class StoreFileIdentity implements Runnable {

	private final @Nullable Path file;

	/** The file's identity (device and inode on Linux) when first seen; null before it, or where none is known. */
	private volatile @Nullable Object opened;

	private StoreFileIdentity(@Nullable Path file) {
		this.file = file;
	}

	/** The check for the SQLite file {@code file}, as it is now; none for the shared store ({@code null}). */
	static StoreFileIdentity of(@Nullable Path file) {
		StoreFileIdentity identity = new StoreFileIdentity(file);
		if (file != null && Files.exists(file)) {
			identity.run();
		}
		return identity;
	}

	/**
	 * Passes while the file at the path is the one first seen here, or its identity cannot be read.
	 * @throws DataAccessResourceFailureException when the file is gone or another file took its path
	 */
	@Override
	public void run() {
		Path checked = this.file;
		if (checked == null) {
			return;
		}
		Object now;
		try {
			now = Files.readAttributes(checked, BasicFileAttributes.class).fileKey();
		}
		catch (NoSuchFileException ex) {
			throw lost(checked, "was deleted");
		}
		catch (IOException ex) {
			// Unreadable here, though SQLite may still reach it: its own errors say more.
			return;
		}
		Object first = this.opened;
		if (first == null) {
			this.opened = now;
		}
		else if (!first.equals(now)) {
			throw lost(checked, "was replaced by another file");
		}
	}

	private static DataAccessResourceFailureException lost(Path file, String what) {
		return new DataAccessResourceFailureException("the store's file " + file.toAbsolutePath() + " " + what
				+ " while the service ran, so nothing written now would be found at the next start; writes are refused "
				+ "until the file is restored and the service restarted");
	}

}
