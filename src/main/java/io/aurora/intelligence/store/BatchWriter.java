package io.aurora.intelligence.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * The {@link GroupCommitter}'s writer-thread half: runs a batch of claimed writes in one transaction
 * (or a write alone), then their after-commit and after-batch actions, and answers their callers.
 */
final class BatchWriter {

	private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

	/** How many times a write run alone is tried when it keeps losing conflicts with other transactions. */
	static final int CONFLICT_ATTEMPTS = 3;

	/** The least time between two warnings that writes are run again on a new connection. */
	static final long RECONNECT_WARN_INTERVAL_S = 10;

	/** When the last such warning was logged ({@code nanoTime}), 0 before any; used by the writer thread only. */
	private long reconnectWarnedAt;

	private final JdbcClient jdbc;

	private final QuietRollbacks transactions;

	private final WriterHealth outcomes;

	private final DistributionSummary batchSizes;

	private final Timer batchTimes;

	private final Runnable beforeCommit;

	/** The writer's own connections, for reads its after-commit actions make on its thread. */
	JdbcClient jdbc() {
		return jdbc;
	}

	BatchWriter(DataSource dataSource, WriterHealth outcomes, CommitMeters meters) {
		this(dataSource, outcomes, meters, () -> {
		});
	}

	/** A writer that runs {@code beforeCommit} in each transaction before it commits; its failure rolls it back. */
	BatchWriter(DataSource dataSource, WriterHealth outcomes, CommitMeters meters, Runnable beforeCommit) {
		this.beforeCommit = beforeCommit;
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new QuietRollbacks(dataSource);
		this.outcomes = outcomes;
		this.batchSizes = meters.batchSizes();
		this.batchTimes = meters.batchTimes();
	}

	/**
	 * Runs the writes taken from the queue at once: those grouped in one transaction ({@link #commit}), then
	 * each housekeeping write still unclaimed in a transaction of its own; each transaction is timed.
	 */
	void take(List<PendingWrite> taken) {
		boolean housekeeping = taken.stream().anyMatch(PendingWrite::alone);
		List<PendingWrite> grouped = housekeeping ? taken.stream().filter(p -> !p.alone()).toList() : taken;
		if (!grouped.isEmpty()) {
			long start = System.nanoTime();
			commit(grouped);
			batchTimes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
		if (housekeeping) {
			taken.stream().filter(PendingWrite::alone).filter(p -> p.claim()).forEach(p -> {
				long start = System.nanoTime();
				runAlone(p);
				batchTimes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			});
		}
	}

	/**
	 * Commits a batch in one transaction. Should one write fail, or the batch lose a conflict with another
	 * transaction, the batch is rolled back and every write whose caller still waits is retried in a
	 * transaction of its own, so the failure stays with its write; when the database is out of reach, the
	 * whole batch fails at once.
	 */
	void commit(List<PendingWrite> claimed) {
		List<PendingWrite> batch = claimed.stream().filter(p -> p.claim()).toList();
		if (!batch.isEmpty()) {
			commitClaimed(batch, true);
		}
	}

	/**
	 * Commits the claimed writes of a batch; when {@code mayReconnect}, a batch whose connection was lost before its
	 * commit ({@link WriterHealth#connectionLost}) is run once more, on a fresh connection, for the callers still
	 * waiting: nothing of it was stored.
	 */
	private void commitClaimed(List<PendingWrite> batch, boolean mayReconnect) {
		int n = batch.size();
		int[] rows = new int[n];
		try {
			outcomes.began();
			inTransaction(() -> {
				for (int i = 0; i < n; i++) {
					rows[i] = batch.get(i).write().applyAsInt(jdbc);
				}
				return n;
			});
			outcomes.committed();
		}
		catch (RuntimeException batchFailed) {
			List<PendingWrite> waiting = batch.stream().filter(p -> !p.answered()).toList();
			if (mayReconnect && reconnectable(batchFailed) && !waiting.isEmpty()) {
				warnReconnecting(waiting.size(), batchFailed);
				commitClaimed(waiting, false);
				return;
			}
			if (n == 1 && !WriterHealth.conflict(batchFailed) || WriterHealth.unavailable(batchFailed)) {
				outcomes.failed(batchFailed);
				batch.forEach(p -> p.fail(batchFailed));
				return;
			}
			boolean retried = false;
			for (PendingWrite p : batch) {
				// A caller given up on meanwhile was answered 503: rolled back with the batch, its write stays unstored.
				if (!p.answered()) {
					// A write alone that lost a conflict has had its first try.
					runAlone(p, n == 1 ? 2 : 1);
					retried = true;
				}
			}
			if (!retried) {
				// Every caller was given up on: the batch's own outcome ends the transaction it began.
				outcomes.failed(batchFailed);
			}
			return;
		}
		batchSizes.record(n);
		List<Runnable> afterBatch = new ArrayList<>();
		int[] held = new int[n];
		int heldCount = 0;
		for (int i = 0; i < n; i++) {
			PendingWrite p = batch.get(i);
			int row = rows[i];
			safely(() -> p.afterCommit().accept(row));
			if (p.afterBatch() == GroupCommitter.NOTHING) {
				p.succeed(row, n);
				continue;
			}
			if (afterBatch.stream().noneMatch(r -> r == p.afterBatch())) {
				afterBatch.add(p.afterBatch());
			}
			held[heldCount++] = i;
		}
		afterBatch.forEach(BatchWriter::safely);
		for (int h = 0; h < heldCount; h++) {
			batch.get(held[h]).succeed(rows[held[h]], n);
		}
	}

	/**
	 * Runs one write in a transaction of its own: a housekeeping write, or a write retried after its batch failed.
	 * One that loses a {@linkplain WriterHealth#conflict conflict} with another transaction is run again, up to
	 * {@value #CONFLICT_ATTEMPTS} times in all, and one whose connection was lost before its commit once more, while
	 * its caller waits.
	 */
	void runAlone(PendingWrite p) {
		runAlone(p, 1);
	}

	private void runAlone(PendingWrite p, int firstAttempt) {
		boolean reconnected = false;
		for (int attempt = firstAttempt;; attempt++) {
			try {
				outcomes.began();
				int rows = inTransaction(() -> p.write().applyAsInt(jdbc));
				outcomes.committed();
				batchSizes.record(1);
				safely(() -> p.afterCommit().accept(rows));
				safely(p.afterBatch());
				p.succeed(rows, 1);
				return;
			}
			catch (RuntimeException ex) {
				boolean reconnect = !reconnected && reconnectable(ex);
				boolean again = !p.answered() && (WriterHealth.conflict(ex) && attempt < CONFLICT_ATTEMPTS || reconnect);
				reconnected |= reconnectable(ex);
				if (again && reconnect) {
					warnReconnecting(1, ex);
				}
				if (!again) {
					outcomes.failed(ex);
					p.fail(ex);
					return;
				}
			}
		}
	}

	/**
	 * Runs {@code work} in a transaction and commits it. When it fails, the failure is thrown with a failed
	 * rollback added to it as suppressed: a lost database fails both, and Spring's {@code TransactionTemplate}
	 * would log the first at ERROR with its stack trace on every write, unbounded, and throw the second.
	 */
	private int inTransaction(IntSupplier work) {
		TransactionStatus status = transactions.getTransaction(TransactionDefinition.withDefaults());
		int result;
		try {
			result = work.getAsInt();
			beforeCommit.run();
		}
		catch (RuntimeException | Error ex) {
			try {
				transactions.rollback(status);
			}
			catch (RuntimeException rollbackFailed) {
				ex.addSuppressed(rollbackFailed);
			}
			throw ex;
		}
		try {
			transactions.commit(status);
		}
		catch (RuntimeException ex) {
			if (transactions.rollbackFailedAfterCommit()) {
				throw new CommitUncertainException("the commit failed and so did the rollback after it; the write may be stored", ex);
			}
			throw ex;
		}
		return result;
	}

	/**
	 * Whether a failed transaction may be run again on a fresh connection: it had a connection (not a pool that could
	 * make none, {@link CannotCreateTransactionException}, which a store out of reach fails with), lost it, and not at a
	 * commit that may have gone through ({@link CommitUncertainException}).
	 */
	private static boolean reconnectable(RuntimeException ex) {
		return WriterHealth.connectionLost(ex) && !(ex instanceof CommitUncertainException)
				&& !(ex instanceof CannotCreateTransactionException);
	}

	/** Logs a run again on a new connection, at most once every {@value #RECONNECT_WARN_INTERVAL_S} s. */
	private void warnReconnecting(int writes, RuntimeException lost) {
		long now = System.nanoTime();
		if (reconnectWarnedAt != 0 && now - reconnectWarnedAt < TimeUnit.SECONDS.toNanos(RECONNECT_WARN_INTERVAL_S)) {
			return;
		}
		reconnectWarnedAt = now;
		log.warn("The store's connection was lost before {} write(s) committed ({}); running them again on a new connection "
				+ "(said at most once every {} s)", writes, NestedExceptionUtils.getMostSpecificCause(lost).toString(),
				RECONNECT_WARN_INTERVAL_S);
	}

	static void safely(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException | Error ex) {
			log.error("An after-commit or after-batch action failed; the write itself is committed", ex);
		}
	}

}
