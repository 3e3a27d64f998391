package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This service's claim on its SQLite file: an exclusive lock on {@code <file>.lock}, held while the
 * service runs and released by the operating system when the process ends, even on {@code kill -9}. A
 * second process started on the same file, such as a replacement pod scheduled while the old one is
 * still stopping, or a second {@code docker run} on the same volume, waits for the first to stop
 * instead of learning and writing beside it; after {@code STORE_LOCK_WAIT_S} it refuses to start. Within one JVM
 * (where tests run replicas side by side on one file) the claim is shared.
 */
final class StoreOwner implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StoreOwner.class);

	private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final long POLL_MS = 200;

	/** The lock files this JVM holds, with how many claims share each. */
	private static final Map<Path, Held> HELD = new HashMap<>();

	private final @Nullable Path file;

	private final @Nullable Path lockFile;

	private boolean closed;

	private StoreOwner(@Nullable Path file, @Nullable Path lockFile) {
		this.file = file;
		this.lockFile = lockFile;
	}

	/** No claim: the shared PostgreSQL store is meant for many replicas. */
	static StoreOwner none() {
		return new StoreOwner(null, null);
	}

	/**
	 * Claims {@code database}, waiting up to {@code wait} for another process that holds it.
	 * @throws StoreUnusableException when the lock file cannot be made, another process still holds it after
	 * {@code wait}, or the service was stopped while it waited
	 */
	static StoreOwner of(Path database, Duration wait) {
		Path lockFile = lockFile(database);
		if (claimed(lockFile)) {
			return new StoreOwner(database, lockFile);
		}
		// Stopped while waiting (SIGTERM, Ctrl-C), the service stops at once: Spring's own shutdown waits for the
		// start. The hook waits (briefly) for the reason to be logged, since the JVM halts once its hooks end.
		Thread waiting = Thread.currentThread();
		CountDownLatch said = new CountDownLatch(1);
		Thread stop = new Thread(() -> {
			waiting.interrupt();
			try {
				said.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "store-claim-stop");
		Runtime.getRuntime().addShutdownHook(stop);
		try {
			long start = System.nanoTime();
			long reported = start - REPORT_EVERY_NANOS;
			while (!claimed(lockFile)) {
				long now = System.nanoTime();
				if (now - start >= wait.toNanos()) {
					throw new StoreUnusableException("Another process has held the store at " + database.toAbsolutePath()
							+ " for over " + (wait.toMillis() + 999) / 1000 + " s (it locks " + lockFile.getFileName() + ")",
							"Stop the other service using that file, or give this one a STORE_FILE of its own: one SQLite "
									+ "store serves one service. To run several replicas, share a PostgreSQL store (STORE_URL).");
				}
				if (now - reported >= REPORT_EVERY_NANOS) {
					reported = now;
					log.warn("Another process holds the store at {} (it locks {}); waiting up to {} s for it to stop",
							database.toAbsolutePath(), lockFile.getFileName(), (wait.toMillis() + 999) / 1000);
				}
				Thread.sleep(POLL_MS);
			}
			return new StoreOwner(database, lockFile);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			String reason = "The service was stopped while it waited for another process to let go of the store at "
					+ database.toAbsolutePath();
			log.info(reason);
			said.countDown();
			throw new StoreUnusableException(reason, "None: it was asked to stop.");
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(stop);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down already, the hook with it.
			}
		}
	}

	/**
	 * The lock file beside {@code database}'s real file, by its real path, so that two spellings of one file (a
	 * symbolic link to it or to its directory, {@code ./data} and its absolute path) are one claim, in this JVM and
	 * between processes: SQLite follows a link to the file it names.
	 */
	private static Path lockFile(Path database) {
		Path absolute = database.toAbsolutePath().normalize();
		try {
			// The link's target, whether SQLite has made it yet or not, so that the lock does not move when it does.
			for (int hops = 0; hops < 40 && Files.isSymbolicLink(absolute); hops++) {
				absolute = absolute.resolveSibling(Files.readSymbolicLink(absolute)).normalize();
			}
		}
		catch (IOException ex) {
			// Named as far as it resolved: the checks after this one say what is wrong with it.
		}
		Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
		try {
			return Files.exists(lockFile) ? lockFile.toRealPath() : absolute.getParent().toRealPath().resolve(lockFile.getFileName());
		}
		catch (IOException ex) {
			return lockFile;
		}
	}

	/**
	 * Whether the lock is now this JVM's, taken now or held already; false while another process holds it.
	 * The lock file is opened and closed only under {@link #HELD}'s monitor and only while this JVM holds no
	 * lock on it, since closing any channel to a file releases every lock the process has on it (POSIX).
	 */
	private static boolean claimed(Path lockFile) {
		synchronized (HELD) {
			Held held = HELD.get(lockFile);
			if (held != null) {
				held.users++;
				return true;
			}
			FileChannel channel;
			try {
				channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
			}
			catch (IOException ex) {
				throw new StoreUnusableException("The store's lock file " + lockFile + " cannot be opened: " + ex.getMessage());
			}
			try {
				FileLock lock = channel.tryLock();
				if (lock == null) {
					close(channel);
					return false;
				}
			}
			catch (OverlappingFileLockException ex) {
				// Locked in this JVM by other means: closing this channel would release that lock too (POSIX).
				throw new StoreUnusableException("The store's lock file " + lockFile + " is locked in this JVM already");
			}
			catch (IOException ex) {
				close(channel);
				throw new StoreUnusableException("The store's lock file " + lockFile + " cannot be locked: " + ex.getMessage());
			}
			HELD.put(lockFile, new Held(channel));
			return true;
		}
	}

	/**
	 * Gives what {@code use} makes of the lock file's channel, the one that holds its lock (closing any other channel to
	 * the file would release the lock), under the claims' monitor; empty when this claim holds no lock or {@code use}
	 * failed.
	 */
	<T> Optional<T> onLockFile(LockFileUse<T> use) {
		synchronized (HELD) {
			Held held = lockFile == null ? null : HELD.get(lockFile);
			if (held == null) {
				return Optional.empty();
			}
			try {
				return Optional.ofNullable(use.apply(held.channel));
			}
			catch (IOException ex) {
				log.debug("The store's lock file could not be used", ex);
				return Optional.empty();
			}
		}
	}

	/** A use of the lock file's channel ({@link #onLockFile}). */
	@FunctionalInterface
	interface LockFileUse<T> {

		@Nullable T apply(FileChannel channel) throws IOException;

	}

	/** The lock file beside the claimed one; null for the shared store. */
	@Nullable Path lockFile() {
		return lockFile;
	}

	/** The database file claimed; null for the shared store. */
	@Nullable Path file() {
		return file;
	}

	/** Lets go of the file, once the store's connections are closed; the last claim in this JVM releases the lock. */
	@Override
	public void close() {
		if (lockFile == null) {
			return;
		}
		synchronized (HELD) {
			if (closed) {
				return;
			}
			closed = true;
			Held held = HELD.get(lockFile);
			if (held != null) {
				held.users--;
				releaseIfUnused(lockFile, held);
			}
		}
	}

	/**
	 * Keeps the lock, whoever closes their claim, until {@code writer} ends (or this process exits): a write
	 * to the file may still be under way (a store writer that did not stop), and another process must not
	 * take the file beside it. The last claim closed meanwhile releases it then.
	 */
	void keepWhile(Thread writer) {
		Path kept = lockFile;
		if (kept == null) {
			return;
		}
		synchronized (HELD) {
			Held held = HELD.get(kept);
			if (held == null) {
				return;
			}
			held.kept++;
		}
		Thread release = new Thread(() -> {
			try {
				writer.join();
			}
			catch (InterruptedException ex) {
				return;
			}
			synchronized (HELD) {
				Held held = HELD.get(kept);
				if (held != null) {
					held.kept--;
					releaseIfUnused(kept, held);
				}
			}
		}, "store-claim-keeper");
		release.setDaemon(true);
		release.start();
	}

	/** Releases the lock once no claim and no running writer keeps it; under {@link #HELD}'s monitor. */
	private static void releaseIfUnused(Path lockFile, Held held) {
		if (held.users == 0 && held.kept == 0) {
			HELD.remove(lockFile);
			close(held.channel);
		}
	}

	private static void close(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			log.debug("Closing the store's lock file failed", ex);
		}
	}

	/** A lock this JVM holds, and how many claims share it. */
	private static final class Held {

		private final FileChannel channel;

		private int users = 1;

		/** How many writers still running keep the lock ({@link #keepWhile}). */
		private int kept;

		Held(FileChannel channel) {
			this.channel = channel;
		}

	}

}
