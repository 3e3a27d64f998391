package io.aurora.intelligence.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The time that decides what is old enough to delete or refuse (retention, expired Idempotency-Keys, the
 * feedback window): the wall clock, but never further on than the monotonic clock has counted since the
 * service started, so that a wall clock stepped forward (a date set by hand, a bad NTP step) deletes and
 * refuses nothing early, while one stepped back is followed at once, which only delays deletions; on SQLite a
 * step forward is followed only after a restart. On the shared store, sweeps also go by PostgreSQL's clock when
 * it is behind, so that no replica's wrong clock can delete what every replica still needs, and the wall clock
 * is trusted again whenever it agrees with PostgreSQL's; each reading of it publishes this replica's skew.
 */
@Component
public class SweepClock {

	private static final Logger log = LoggerFactory.getLogger(SweepClock.class);

	/** A wall clock this far from the counted time, or from the database's, is reported. */
	static final long REPORTED_MS = Duration.ofMinutes(1).toMillis();

	/** PostgreSQL's clock, in milliseconds since the epoch, as an SQL expression. */
	static final String POSTGRESQL_NOW_MS = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

	private final Clock clock;

	private final @Nullable LongSupplier nanoTime;

	private final @Nullable LongSupplier databaseMillis;

	/** The wall clock's reading last trusted, and the monotonic clock's then. */
	private final AtomicReference<Anchor> anchor;

	private final AtomicBoolean ahead = new AtomicBoolean();

	private volatile double skewSeconds;

	private volatile boolean skewed;

	@Autowired
	SweepClock(Clock clock, JdbcClient jdbc, StoreProperties properties, MeterRegistry meters) {
		this(clock, System::nanoTime, properties.shared() ? databaseClock(jdbc) : null);
		Gauge.builder(MetricNames.CLOCK_SKEW, this, SweepClock::skewSeconds)
			.description("This replica's wall clock less the shared PostgreSQL's, in seconds, at the last reading "
					+ "(0 on SQLite)")
			.baseUnit("seconds")
			.register(meters);
	}

	SweepClock(Clock clock, @Nullable LongSupplier nanoTime, @Nullable LongSupplier databaseMillis) {
		this.clock = clock;
		this.nanoTime = nanoTime;
		this.databaseMillis = databaseMillis;
		this.anchor = new AtomicReference<>(new Anchor(clock.millis(), nanoTime == null ? 0 : nanoTime.getAsLong()));
	}

	/** PostgreSQL's clock, in milliseconds since the epoch, read at each call. */
	static LongSupplier databaseClock(JdbcClient jdbc) {
		return () -> jdbc.sql("SELECT " + POSTGRESQL_NOW_MS).query(Long.class).single();
	}

	/** A sweep clock that follows {@code clock} wherever it goes, for tests that move time by hand. */
	public static SweepClock following(Clock clock) {
		return new SweepClock(clock, null, null);
	}

	/**
	 * The time by this process alone, with no store round trip: the wall clock, or the time counted since
	 * it was last seen to step back, whichever is earlier.
	 */
	public long localMillis() {
		if (nanoTime == null) {
			return clock.millis();
		}
		// The monotonic clock first: a pause between the two readings then looks like a wall clock ahead, which
		// is not followed, rather than like one stepped back, which would be.
		long nanos = nanoTime.getAsLong();
		long wall = clock.millis();
		Anchor last = anchor.get();
		long counted = last.wallMs() + (nanos - last.nanos()) / 1_000_000;
		if (wall < counted - 1_000) {
			anchor.compareAndSet(last, new Anchor(wall, nanos));
			counted = wall;
		}
		boolean nowAhead = wall - counted > REPORTED_MS;
		if (ahead.compareAndSet(!nowAhead, nowAhead) && nowAhead) {
			log.warn("The wall clock is {} s ahead of the time counted since it was last trusted: retention, Idempotency-Key "
					+ "expiry and the feedback window go by the counted time until a restart", (wall - counted) / 1000);
		}
		return Math.min(wall, counted);
	}

	/**
	 * The time for deleting rows: {@link #localMillis()}, and on the shared store no later than
	 * PostgreSQL's clock (a round trip to it).
	 */
	public long millis() {
		long local = localMillis();
		if (databaseMillis == null) {
			return local;
		}
		return Math.min(local, readDatabase(databaseMillis));
	}

	/**
	 * Trusts the wall clock again once the database's agrees with it: a clock stepped forward to the right
	 * time (one that was behind, corrected by NTP) is then followed without a restart.
	 */
	private void confirm(long skewMs) {
		if (nanoTime != null && Math.abs(skewMs) <= REPORTED_MS) {
			long nanos = nanoTime.getAsLong();
			anchor.set(new Anchor(clock.millis(), nanos));
			ahead.set(false);
		}
	}

	/**
	 * The time replicas stamp what the others compare with their own time: PostgreSQL's clock on the shared
	 * store (a round trip to it), else the wall clock.
	 */
	public long storeMillis() {
		if (databaseMillis == null) {
			return clock.millis();
		}
		return readDatabase(databaseMillis);
	}

	/** Reads the database's clock, noting this replica's skew from it. */
	private long readDatabase(LongSupplier database) {
		long millis = database.getAsLong();
		noteSkew(clock.millis() - millis);
		return millis;
	}

	private void noteSkew(long skewMs) {
		confirm(skewMs);
		skewSeconds = skewMs / 1000.0;
		boolean nowSkewed = Math.abs(skewMs) > REPORTED_MS;
		if (nowSkewed != skewed) {
			skewed = nowSkewed;
			if (nowSkewed) {
				log.warn("This replica's clock is {} s {} the shared store's: its feedback window is off by as much, and "
						+ "its sweeps go by the earlier of the two; synchronise the nodes' clocks (NTP)", Math.abs(skewMs) / 1000,
						skewMs > 0 ? "ahead of" : "behind");
			}
			else {
				log.info("This replica's clock is within {} s of the shared store's again", REPORTED_MS / 1000);
			}
		}
	}

	private double skewSeconds() {
		return skewSeconds;
	}

	/** A wall clock reading trusted at a monotonic clock's reading. */
	private record Anchor(long wallMs, long nanos) {
	}

}
