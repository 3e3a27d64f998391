package io.aurora.intelligence.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps {@code STORE_MIN_FREE_MB} of the SQLite store's volume for feedback, snapshots and retention by
 * refusing decisions (whose traces are most of what the store writes) while less is free. Free counts the
 * file's own reusable pages too, since SQLite reuses the pages retention frees without giving them back to
 * the volume: decisions resume as retention (or an operator) makes room, with no restart.
 */
final class DiskFloor {

	private static final Logger log = LoggerFactory.getLogger(DiskFloor.class);

	private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long MIB = 1024 * 1024;

	private final JdbcClient jdbc;

	private final long minFreeBytes;

	private final LongSupplier nanoTime;

	private @Nullable LongSupplier volumeFree;

	private final AtomicLong checkedAt;

	private volatile @Nullable String shortage;

	private volatile boolean warned;

	/** The volume's whole size in bytes, once looked up; 0 when unknown. */
	private long volumeTotal;

	private DiskFloor(JdbcClient jdbc, long minFreeBytes, @Nullable LongSupplier volumeFree, LongSupplier nanoTime) {
		this.jdbc = jdbc;
		this.minFreeBytes = minFreeBytes;
		this.volumeFree = volumeFree;
		this.nanoTime = nanoTime;
		this.checkedAt = new AtomicLong(nanoTime.getAsLong() - CHECK_EVERY_NANOS);
	}

	/**
	 * A floor of {@code minFreeMb} MiB (0: none) under the SQLite database {@code jdbc} reads, whose file is
	 * looked up now, at start-up, rather than by a decision. A volume whose free space cannot be read is no
	 * reason to refuse decisions: the floor is then not enforced, and says so. It publishes
	 * {@code aurora_intelligence_store_short_of_space}: 1 while decisions are refused, which a scrape looks at anew,
	 * and the floor itself, so that an alert can foresee it.
	 */
	static @Nullable DiskFloor sqlite(JdbcClient jdbc, long minFreeMb, MeterRegistry meters) {
		if (minFreeMb == 0) {
			return none(meters);
		}
		publishFloor(meters, minFreeMb * MIB);
		DiskFloor floor = new DiskFloor(jdbc, minFreeMb * MIB, null, System::nanoTime);
		try {
			floor.volumeFree();
			floor.warnIfBeyondTheVolume();
			floor.shortage();
		}
		catch (RuntimeException | IOException ex) {
			floor.cannotMeasure(ex);
		}
		shortOfSpace(meters, () -> floor.shortage() == null ? 0 : 1);
		return floor;
	}

	/**
	 * No floor (on PostgreSQL, or with {@code STORE_MIN_FREE_MB=0}): the gauges are published all the same, at 0, so that dashboards and alerts on them
	 * find them whatever the store.
	 */
	static @Nullable DiskFloor none(MeterRegistry meters) {
		publishFloor(meters, 0);
		shortOfSpace(meters, () -> 0);
		return null;
	}

	private static void publishFloor(MeterRegistry meters, long bytes) {
		Gauge.builder(MetricNames.STORE_MIN_FREE, () -> bytes)
			.description("STORE_MIN_FREE_MB: the free space under which the SQLite store's volume refuses decisions "
					+ "(0 without a floor)")
			.baseUnit(BaseUnits.BYTES)
			.register(meters);
	}

	private static void shortOfSpace(MeterRegistry meters, Supplier<Number> value) {
		Gauge.builder(MetricNames.STORE_SHORT_OF_SPACE, value)
			.description("1 while the SQLite store's volume is short of STORE_MIN_FREE_MB and decisions are refused "
					+ "(0 without a floor)")
			.register(meters);
	}

	/** A floor whose volume's free bytes and clock the caller gives (for tests). */
	static DiskFloor of(JdbcClient jdbc, long minFreeBytes, LongSupplier volumeFree, LongSupplier nanoTime) {
		return new DiskFloor(jdbc, minFreeBytes, volumeFree, nanoTime);
	}

	/**
	 * Passes while the volume, with the file's reusable pages, has the floor free; looked at once a second.
	 * @throws StoreShortOfSpaceException saying how much is free
	 */
	void require() {
		String reason = shortage();
		if (reason != null) {
			throw new StoreShortOfSpaceException(reason);
		}
	}

	/**
	 * Why decisions are refused now, or null; looks at the volume again when the last look is a second old. While
	 * the volume is short, that look also reads the file's reusable pages, on a pooled connection.
	 */
	@Nullable String shortage() {
		long now = nanoTime.getAsLong();
		long last = checkedAt.get();
		if (now - last >= CHECK_EVERY_NANOS && checkedAt.compareAndSet(last, now)) {
			check();
		}
		return shortage;
	}

	private void check() {
		try {
			long free = volumeFree().getAsLong();
			if (free < minFreeBytes) {
				free += jdbc.sql("SELECT freelist_count * page_size FROM pragma_freelist_count(), pragma_page_size()")
					.query(Long.class).single();
			}
			String was = shortage;
			shortage = free >= minFreeBytes ? null : "The store's volume has " + free / MIB
					+ " MiB free (with the file's reusable pages), under STORE_MIN_FREE_MB=" + minFreeBytes / MIB
					+ ": decisions are refused, before the router is asked, until retention or an operator makes room; "
					+ "feedback is still taken";
			if (was == null && shortage != null) {
				log.warn("{}", shortage);
			}
			else if (was != null && shortage == null) {
				log.info("The store's volume has {} MiB free again; decisions resume", free / MIB);
			}
		}
		catch (RuntimeException | IOException ex) {
			// Not knowing is no reason to refuse: a store that cannot be read fails its writes on its own.
			if (shortage != null) {
				shortage = null;
				log.warn("Decisions resume: the store's free space cannot be measured any more, so STORE_MIN_FREE_MB is "
						+ "not enforced until it can be: {}", ex.toString());
			}
			cannotMeasure(ex);
		}
	}

	/** A floor above the volume's whole size refuses every decision for good: said at start, plainly. */
	private void warnIfBeyondTheVolume() {
		long total = volumeTotal;
		if (total > 0 && total < minFreeBytes) {
			log.warn("The store's volume holds {} MiB in all, less than STORE_MIN_FREE_MB={}: every decision will be "
					+ "refused (503) for want of space; lower STORE_MIN_FREE_MB (0: no floor) or give the store a larger volume",
					total / MIB, minFreeBytes / MIB);
		}
	}

	private void cannotMeasure(Exception ex) {
		if (!warned) {
			warned = true;
			log.warn("Cannot measure the store's free space, so STORE_MIN_FREE_MB is not enforced until it can be: {}",
					ex.toString());
		}
		log.debug("Could not measure the store's free space", ex);
	}

	private LongSupplier volumeFree() throws IOException {
		LongSupplier known = volumeFree;
		if (known == null) {
			String file = jdbc.sql("SELECT file FROM pragma_database_list WHERE name = 'main'").query(String.class).single();
			Path dir = Path.of(file).toAbsolutePath().getParent();
			FileStore store = Files.getFileStore(dir);
			volumeTotal = store.getTotalSpace();
			known = () -> {
				try {
					return store.getUsableSpace();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			};
			volumeFree = known;
		}
		return known;
	}

}
