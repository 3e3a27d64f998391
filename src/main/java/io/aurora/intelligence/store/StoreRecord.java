package io.aurora.intelligence.store;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the SQLite store's lock file records: that a store was made beside it. A start that then does not find the
 * store (deleted or moved while the service was stopped or running) is refused, rather than beginning a new, empty
 * store in its place; an empty lock file, as earlier versions left, records nothing.
 */
final class StoreRecord {

	private static final byte[] MADE = ("A store was made beside this file: while this file is here, a start that does not "
			+ "find that store is refused. Restore the store, or delete this file to begin a new, empty one.\n")
		.getBytes(StandardCharsets.US_ASCII);

	private StoreRecord() {
	}

	/**
	 * Refuses a start on {@code owner}'s file when its lock file records a store made there that is no longer there;
	 * the claim is let go of first.
	 * @throws StoreUnusableException naming the file, with how to restore it or begin afresh
	 */
	static void requireStoreWhereOneWasMade(StoreOwner owner) {
		Path database = owner.file();
		if (database == null || Files.exists(database) || owner.onLockFile(FileChannel::size).orElse(0L) == 0) {
			return;
		}
		owner.close();
		Path lockFile = owner.lockFile();
		throw new StoreUnusableException("The store file " + database.toAbsolutePath() + " is missing, though a store was made "
				+ "there (its lock file " + lockFile + " says so): it was deleted or moved, and a new, empty store would take "
				+ "its place", "Restore it from a backup (docs/OPERATIONS.md, Durability) or put back the file moved away, "
						+ "then start the service. To begin a new, empty store instead, delete " + lockFile + " too.");
	}

	/** Records in {@code owner}'s lock file that its store's file exists, once it does. */
	static void recordStoreMade(StoreOwner owner) {
		Path database = owner.file();
		if (database == null || !Files.exists(database)) {
			return;
		}
		owner.onLockFile(channel -> {
			if (channel.size() == 0) {
				// The store's own entry in its directory first, so that a power loss cannot keep the record without it.
				try (FileChannel directory = FileChannel.open(database.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
					directory.force(true);
				}
				channel.write(ByteBuffer.wrap(MADE), 0);
				channel.force(true);
			}
			return null;
		});
	}

}
