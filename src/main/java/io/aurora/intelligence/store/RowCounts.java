package io.aurora.intelligence.store;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The stored traces and feedback counted for {@code /status} and the gauges: kept in memory and moved
 * by this process's own writes, which makes them exact on SQLite, and re-read from a shared store in
 * the background, since other replicas write to it too: every {@value #COUNT_REFRESH_MINUTES} minutes,
 * and soon after another replica's retention sweep, which PostgreSQL's statistics of deleted rows tell
 * (looked at every {@value #DELETES_CHECK_SECONDS} s, and published by the server up to some 10 s late).
 */
final class RowCounts {

	private static final Logger log = LoggerFactory.getLogger(RowCounts.class);

	/** Counting is a table scan, so it runs rarely. */
	static final long COUNT_REFRESH_MINUTES = 5;

	/** How long a count may scan before the server cancels it. */
	static final int COUNT_TIMEOUT_S = 8;

	/** Decisions traced: a router's refusal, traced as a decision of its own, is not one a caller asked for. */
	private static final String COUNT_TRACES = "SELECT COUNT(*) FROM traces WHERE refused = 0";

	/** Feedback received from callers, on the decisions {@link #COUNT_TRACES} counts. */
	private static final String COUNT_FEEDBACK = """
			SELECT COUNT(*) FROM feedback f JOIN traces t ON t.trace_id = f.trace_id WHERE t.refused = 0
			""";

	/** Rows an estimate samples to tell refusals' share of a table. */
	static final long ESTIMATE_SAMPLE_ROWS = 100_000;

	/** The share of a PostgreSQL sample of the traces that {@link #COUNT_TRACES} counts (1 for an empty sample). */
	private static final String COUNTED_SHARE_TRACES = """
			SELECT COALESCE(AVG(CASE WHEN refused = 0 THEN 1.0 ELSE 0.0 END), 1.0)
			FROM traces TABLESAMPLE SYSTEM (CAST(:percent AS real))
			""";

	/** The share of a PostgreSQL sample of the feedback that {@link #COUNT_FEEDBACK} counts. */
	private static final String COUNTED_SHARE_FEEDBACK = """
			SELECT COALESCE(AVG(CASE WHEN t.refused = 0 THEN 1.0 ELSE 0.0 END), 1.0)
			FROM feedback f TABLESAMPLE SYSTEM (CAST(:percent AS real)) JOIN traces t ON t.trace_id = f.trace_id
			""";

	private final AtomicLong traces = new AtomicLong();

	private final AtomicLong feedback = new AtomicLong();

	/**
	 * The fraction of traces with feedback at the last count: on a shared store, the one rate that holds, since
	 * a replica's own writes since (another's decisions' feedback, say) would skew one taken from its counts.
	 */
	private volatile double countedRate;

	private final JdbcClient jdbc;

	/** The client counts run on, under {@value #COUNT_TIMEOUT_S} s query timeouts. */
	private final JdbcClient counter;

	/** Whether other replicas write to the same database, so that the row counts must be re-read. */
	private final boolean shared;

	/** How often a shared store's statistics of deleted rows are read, to notice another replica's sweep. */
	static final long DELETES_CHECK_SECONDS = 10;

	/** The least time between a count and one that a sweep brings forward. */
	static final long SWEEP_RECOUNT_MIN_SECONDS = 60;

	/**
	 * Rows deleted from the two tables since PostgreSQL's statistics were last reset, by every replica:
	 * kept by the server in memory, each server process publishing its own some seconds (up to about 10)
	 * after its commits.
	 */
	private static final String DELETED_ROWS = """
			SELECT COALESCE(SUM(n_tup_del), 0) FROM pg_stat_user_tables
			WHERE relid IN (to_regclass('traces'), to_regclass('feedback'))
			""";

	private final long countEveryNanos;

	private final long checkEveryNanos;

	private final long sweepRecountMinNanos;

	private volatile long lastCountAt = System.nanoTime();

	private volatile long lastCheckAt = System.nanoTime();

	/** How long after a failed count the next is made; doubles at each failure, up to the period. */
	private volatile long retryNanos;

	/** Rows seen deleted as of the last count or look, -1 before the first; used by the counting thread only. */
	private long deletedSeen = -1;

	private final AtomicBoolean counting = new AtomicBoolean();

	/** Counts the rows now on SQLite; on a shared store, leaves the first count to the first {@link #refreshIfDue}. */
	RowCounts(JdbcClient jdbc, JdbcClient counter, boolean shared) {
		this(jdbc, counter, shared, TimeUnit.MINUTES.toNanos(COUNT_REFRESH_MINUTES),
				TimeUnit.SECONDS.toNanos(DELETES_CHECK_SECONDS), TimeUnit.SECONDS.toNanos(SWEEP_RECOUNT_MIN_SECONDS));
	}

	/** As {@link #RowCounts(JdbcClient, JdbcClient, boolean)}, with its intervals, for tests. */
	RowCounts(JdbcClient jdbc, JdbcClient counter, boolean shared, long countEveryNanos, long checkEveryNanos,
			long sweepRecountMinNanos) {
		this.jdbc = jdbc;
		this.counter = counter;
		this.shared = shared;
		this.countEveryNanos = countEveryNanos;
		this.checkEveryNanos = checkEveryNanos;
		this.sweepRecountMinNanos = sweepRecountMinNanos;
		this.retryNanos = checkEveryNanos;
		if (shared) {
			lastCountAt = System.nanoTime() - countEveryNanos;
		}
		else {
			refresh();
		}
	}

	/**
	 * Counts with a query timeout, which PostgreSQL's driver enforces by cancelling the query on the
	 * server, before the driver's 10 s socket timeout would only drop the connection and leave the
	 * server scanning.
	 */
	static JdbcClient counting(DataSource dataSource) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setQueryTimeout(COUNT_TIMEOUT_S);
		return JdbcClient.create(template);
	}

	/** Adds {@code n} (negative for deletions) to the traces counted. */
	void addTraces(long n) {
		traces.addAndGet(n);
	}

	/** Adds {@code n} (negative for deletions) to the feedback counted. */
	void addFeedback(long n) {
		feedback.addAndGet(n);
	}

	/** The counts as they stand, with their own rate on SQLite and the last count's on a shared store. */
	StoreCounts get() {
		long t = Math.max(0, traces.get());
		long f = Math.max(0, feedback.get());
		return shared ? new StoreCounts(t, f, countedRate) : new StoreCounts(t, f);
	}

	/**
	 * Re-reads the row counts every {@value #COUNT_REFRESH_MINUTES} minutes, since other replicas change
	 * them too, and sooner once PostgreSQL's statistics show rows deleted since the last count (a
	 * retention sweep's, looked for every {@value #DELETES_CHECK_SECONDS} s, at most one such count a
	 * minute), on a thread of its own, as counting is a table scan that must not hold up its caller; on
	 * SQLite this process is the only writer, its counts are exact, and nothing is read. A count that
	 * fails leaves the counts as they are and is tried again after {@value #DELETES_CHECK_SECONDS} s, then at waits
	 * that double while counts keep failing.
	 */
	void refreshIfDue() {
		long now = System.nanoTime();
		boolean countDue = now - lastCountAt >= countEveryNanos;
		if (!shared || !countDue && now - lastCheckAt < checkEveryNanos || !counting.compareAndSet(false, true)) {
			return;
		}
		lastCheckAt = now;
		if (countDue) {
			lastCountAt = now;
		}
		Thread thread = new Thread(() -> {
			try {
				if (countDue) {
					countFromNow();
					retryNanos = checkEveryNanos;
				}
				else {
					countIfDeleted();
				}
			}
			catch (RuntimeException ex) {
				log.debug("Cannot count the store's rows; the counts stay as they are: {}", ex.toString());
				if (countDue) {
					// Counted again soon rather than a whole period later, since the counts may be a start's zeros, at waits
					// that double up to the period, since a count cut off by the socket's timeout may leave a scan running.
					lastCountAt = System.nanoTime() - countEveryNanos + retryNanos;
					retryNanos = Math.min(2 * retryNanos, countEveryNanos);
				}
			}
			finally {
				counting.set(false);
			}
		}, "store-count");
		thread.setDaemon(true);
		thread.start();
	}

	/** Whether a count or look is running on its thread. */
	boolean counting() {
		return counting.get();
	}

	/** Counts the rows, noting first how many PostgreSQL has seen deleted, so that deletes during the count bring another. */
	private void countFromNow() {
		long deleted;
		try {
			deleted = deletedRows();
		}
		catch (DataAccessException ex) {
			// The count still runs; the next look takes the statistics as its starting point.
			deleted = -1;
		}
		refresh();
		deletedSeen = deleted;
	}

	/** Counts the rows when rows were deleted since the last count or look, at most one such count a minute. */
	private void countIfDeleted() {
		long deleted = deletedRows();
		if (deletedSeen < 0 || deleted < deletedSeen) {
			// The first look, or the server's statistics were reset: a baseline, nothing to compare.
			deletedSeen = deleted;
		}
		else if (deleted > deletedSeen && System.nanoTime() - lastCountAt >= sweepRecountMinNanos) {
			lastCountAt = System.nanoTime();
			refresh();
			deletedSeen = deleted;
		}
	}

	private long deletedRows() {
		return jdbc.sql(DELETED_ROWS).query(Long.class).single();
	}

	/**
	 * Counts the rows; on a shared store whose count outlasts {@value #COUNT_TIMEOUT_S} s, takes
	 * PostgreSQL's own estimate of each table's rows instead, less the share a sample finds to be refusals'.
	 */
	void refresh() {
		try {
			long t = count(COUNT_TRACES);
			long f = count(COUNT_FEEDBACK);
			traces.set(t);
			feedback.set(f);
			countedRate = StoreCounts.rate(t, f);
		}
		catch (DataAccessException ex) {
			if (!shared || !cancelledAtItsTimeout(ex)) {
				throw ex;
			}
			long t = estimate("traces", COUNTED_SHARE_TRACES);
			long f = estimate("feedback", COUNTED_SHARE_FEEDBACK);
			traces.set(t);
			feedback.set(f);
			countedRate = Math.min(1, StoreCounts.rate(t, f));
			log.info("Counting the store's rows took over {} s; /status shows PostgreSQL's estimates", COUNT_TIMEOUT_S);
		}
	}

	private long count(String sql) {
		return counter.sql(sql).query(Long.class).single();
	}

	/** Whether the server cancelled a query at its timeout (PostgreSQL's SQLState 57014). */
	private static boolean cancelledAtItsTimeout(DataAccessException ex) {
		return ex instanceof QueryTimeoutException
				|| NestedExceptionUtils.getMostSpecificCause(ex) instanceof SQLException sql && "57014".equals(sql.getSQLState());
	}

	/**
	 * PostgreSQL's estimate of a table's rows, scaled by the share of them a sample of about
	 * {@value #ESTIMATE_SAMPLE_ROWS} rows finds counted (not a router refusal's), so the estimate counts
	 * what the exact count would; the sample runs under the count's timeout, and counts every row when
	 * it cannot finish.
	 */
	private long estimate(String table, String countedShare) {
		long rows = jdbc.sql("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass(:table)")
			.param("table", table).query(Long.class).optional().orElse(0L);
		if (rows == 0) {
			return 0;
		}
		double percent = Math.min(100, 100.0 * ESTIMATE_SAMPLE_ROWS / rows);
		double share;
		try {
			share = counter.sql(countedShare).param("percent", percent).query(Double.class).optional().orElse(1.0);
		}
		catch (DataAccessException ex) {
			// The sample, too, outlasted the count's timeout (an estimate of rows far below the table's): all count.
			share = 1.0;
		}
		return Math.round(rows * share);
	}

}
