package io.aurora.intelligence.store;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What the store writer's transactions say of the store: the newest one's outcome, and how long the
 * one running has run, written by the writer thread only and read by readiness; and how a failure is
 * classified, as the write's fault or the store being out of reach.
 */
final class WriterHealth {

	/** SQLite's primary result codes for a write at fault: TOOBIG, CONSTRAINT, MISMATCH, RANGE. */
	private static final Set<Integer> SQLITE_WRITE_FAULTS = Set.of(18, 19, 20, 25);

	/** SQLite's result codes for a database out of reach: busy, locked, read-only, I/O error, corrupt, full, cannot open. */
	private static final Set<Integer> SQLITE_UNAVAILABLE = Set.of(5, 6, 8, 10, 11, 13, 14);

	private final long commitTimeoutNanos;

	private final long commitTimeoutMs;

	private volatile Outcome last = new Outcome(System.nanoTime(), null);

	/** When the running transaction began, or 0 between transactions. */
	private volatile long busySince;

	/** Why the store takes no more writes from this replica ({@link #fence}), or null. */
	private volatile @Nullable String fenced;

	private final OutageLog outages = new OutageLog(System::nanoTime);

	WriterHealth(long commitTimeoutMs) {
		this.commitTimeoutMs = commitTimeoutMs;
		this.commitTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs);
	}

	/**
	 * Notes a transaction begun, unless one is still open: a run again after a lost connection, which recorded no outcome,
	 * keeps the first attempt's start, so that a commit running past the timeout is still seen as one.
	 */
	void began() {
		if (busySince == 0) {
			busySince = System.nanoTime();
		}
	}

	void committed() {
		busySince = 0;
		last = new Outcome(System.nanoTime(), null);
		outages.committed();
	}

	/**
	 * Ends a transaction that failed, recording it as a fault of the store's unless the write itself
	 * was at fault ({@link #writeAtFault}) or lost a {@link #conflict}, which say nothing about the store.
	 */
	void failed(Throwable ex) {
		busySince = 0;
		if (!writeAtFault(ex) && !conflict(ex)) {
			last = new Outcome(System.nanoTime(), ex.getClass().getSimpleName());
			outages.failed(ex);
		}
	}

	/**
	 * Whether a write made now is known to fail or to wait past the commit timeout: the newest transaction
	 * failed for a reason of the store's under {@code failFastNanos} ago, or failed and a transaction is
	 * trying the store again (one trial at a time, however slowly the store fails it), or one has run
	 * longer than the commit timeout. The trial's outcome decides: a commit ends the refusal, a failure
	 * starts it over.
	 */
	boolean refusing(long failFastNanos) {
		Outcome newest = last;
		long busy = busySince;
		long now = System.nanoTime();
		return newest.fault() != null && (now - newest.atNanos() < failFastNanos || busy != 0) || stalled(busy, now);
	}

	/** Whether a transaction that began at {@code busy} (0: none runs) has run past the commit timeout at {@code now}. */
	private boolean stalled(long busy, long now) {
		return busy != 0 && now - busy > commitTimeoutNanos;
	}

	/** Refuses every write from now on for {@code reason}, which readiness then reports: see {@link TraceStore#fence}. */
	void fence(String reason) {
		fenced = reason;
	}

	/** Why the store takes no more writes from this replica, or null. */
	@Nullable String fenced() {
		return fenced;
	}

	/** What the store's newest failed transaction failed with, or null when the newest one committed. */
	@Nullable String lastFault() {
		return last.fault();
	}

	/**
	 * The report: faulty while the store is fenced, while the writer is stopped, while the newest transaction failed for a reason
	 * of the store's, while one has run longer than the commit timeout, and while a write has waited
	 * longer than that for the writer to take it ({@code overdue}).
	 */
	Report report(boolean running, int queued, boolean overdue) {
		Outcome newest = last;
		long busy = busySince;
		long now = System.nanoTime();
		boolean stalled = stalled(busy, now);
		String fence = fenced;
		String fault = fence != null ? fence
				: !running ? "the store's writer is not running"
				: newest.fault() != null ? newest.fault()
				: stalled ? "a commit has run for over " + commitTimeoutMs + " ms"
				: overdue ? "a write has waited over " + commitTimeoutMs + " ms for the writer" : null;
		return new Report(fault, TimeUnit.NANOSECONDS.toMillis(now - newest.atNanos()), queued, stalled);
	}

	/**
	 * Whether the database itself is out of reach, so retrying writes one by one would only wait longer:
	 * Spring's translations of that, and SQLite's result codes for it (busy, locked, read-only, I/O
	 * error, corrupt, full, cannot open), which Spring does not translate.
	 */
	static boolean unavailable(RuntimeException ex) {
		if (conflict(ex)) {
			return false;
		}
		if (ex instanceof CannotCreateTransactionException || ex instanceof DataAccessResourceFailureException
				|| ex instanceof TransientDataAccessException) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLiteException sqlite) {
				return SQLITE_UNAVAILABLE.contains(sqlite.getResultCode().code & 0xFF);
			}
			if (cause instanceof SQLException sql && ReadOnlySessions.READ_ONLY.equals(sql.getSQLState())) {
				// A read-only database or standby: every write of the batch would fail alike.
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a transaction lost a conflict with another one, PostgreSQL's deadlock (SQL state 40P01) or serialization
	 * failure (40001), which Spring counts as transient: the database is sound, and run again the write goes through
	 * (two replicas' batches that take the same rows in another order deadlock, and PostgreSQL ends one of them).
	 */
	static boolean conflict(Throwable ex) {
		if (ex instanceof CommitUncertainException) {
			return false;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a transaction failed because its connection was lost (SQL state class 08, or PostgreSQL's 57P01 to 57P03
	 * and 57P05: the server ended the session, as a restarted proxy or a terminated backend does) while the database may
	 * be sound: a write that failed so before its commit is not stored, and a fresh connection may take it.
	 */
	static boolean connectionLost(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
					|| sql.getSQLState().startsWith("57P0") && !"57P04".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a failure lies with the write rather than the store: a broken constraint or a value the
	 * column cannot take (SQL states 22 and 23; SQLite, whose errors Spring does not translate, says so
	 * by its result codes).
	 */
	static boolean writeAtFault(Throwable ex) {
		if (ex instanceof DataIntegrityViolationException) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLiteException sqlite) {
				return SQLITE_WRITE_FAULTS.contains(sqlite.getResultCode().code & 0xFF);
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What readiness is told: {@code fault} is null while the store is healthy; {@code sinceOutcomeMs}
	 * is the age of the newest commit or fault; {@code queued} counts writes waiting for the writer; {@code stalled}
	 * says a transaction has run past the commit timeout, so that a probe write would only queue behind it.
	 */
	record Report(@Nullable String fault, long sinceOutcomeMs, int queued, boolean stalled) {
	}

	private record Outcome(long atNanos, @Nullable String fault) {
	}

}
