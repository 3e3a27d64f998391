package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This service's claim on its SQLite file: an exclusive lock on {@code <file>.lock}, held while the
 * service runs and released by the operating system when the process ends, even on {@code kill -9}. A
 * second process started on the same file, such as a replacement pod scheduled while the old one is
 * still stopping, or a second {@code docker run} on the same volume, waits for the first to stop
 * instead of learning and writing beside it; after {@link #WAIT} it refuses to start.
 */
final class StoreOwner implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StoreOwner.class);

	/** How long a start waits for another process to let go of the file: a stopping pod's whole grace period and more. */
	static final Duration WAIT = Duration.ofSeconds(120);

	private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final long POLL_MS = 200;

	private final @Nullable Path file;

	private final @Nullable FileChannel channel;

	private StoreOwner(@Nullable Path file, @Nullable FileChannel channel) {
		this.file = file;
		this.channel = channel;
	}

	/** No claim: the shared PostgreSQL store is meant for many replicas. */
	static StoreOwner none() {
		return new StoreOwner(null, null);
	}

	/**
	 * Claims {@code database}, waiting up to {@code wait} for another process that holds it.
	 * @throws StoreUnusableException when this process holds it already, the lock file cannot be made, or
	 * another process still holds it after {@code wait}
	 */
	static StoreOwner of(Path database, Duration wait) throws InterruptedException {
		Path lockFile = database.resolveSibling(database.getFileName() + ".lock");
		FileChannel channel;
		try {
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		}
		catch (IOException ex) {
			throw new StoreUnusableException("The store's lock file " + lockFile.toAbsolutePath() + " cannot be opened: "
					+ ex.getMessage());
		}
		try {
			long start = System.nanoTime();
			long reported = start - REPORT_EVERY_NANOS;
			while (true) {
				FileLock lock = channel.tryLock();
				if (lock != null) {
					return new StoreOwner(database, channel);
				}
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
		}
		catch (OverlappingFileLockException ex) {
			close(channel);
			throw new StoreUnusableException("This process runs a service on the store at " + database.toAbsolutePath()
					+ " already", "Give each service in one JVM a STORE_FILE of its own.");
		}
		catch (IOException ex) {
			close(channel);
			throw new StoreUnusableException("The store's lock file " + lockFile.toAbsolutePath() + " cannot be locked: "
					+ ex.getMessage());
		}
		catch (RuntimeException | InterruptedException ex) {
			close(channel);
			throw ex;
		}
	}

	/** The database file claimed; null for the shared store. */
	@Nullable Path file() {
		return file;
	}

	/** Lets go of the file, once the store's connections are closed. */
	@Override
	public void close() {
		if (channel != null) {
			close(channel);
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

}
