package io.aurora.intelligence.store;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The store writer's transactions: when a commit fails and so does the rollback that follows it (a
 * database lost mid-commit), the commit's failure is thrown with the rollback's attached as suppressed.
 * Spring's manager would instead log the commit's failure at ERROR with its stack trace on every such
 * commit, unbounded in an outage, and throw the rollback's, which says less; the service reports store
 * failures itself, at most once every 10 s.
 */
final class QuietRollbacks extends JdbcTransactionManager {

	/** The failure of the commit on this thread that the rollback now running follows, if any. */
	private final ThreadLocal<@Nullable RuntimeException> failedCommit = new ThreadLocal<>();

	/** Whether this thread's last failed commit was followed by a failed rollback: its outcome is unknown. */
	private final ThreadLocal<Boolean> uncertain = ThreadLocal.withInitial(() -> false);

	QuietRollbacks(DataSource dataSource) {
		super(dataSource);
	}

	/** Whether the commit that just failed on this thread was followed by a rollback that failed too. */
	boolean rollbackFailedAfterCommit() {
		return uncertain.get();
	}

	/** Commits, noting a failure for the rollback that follows it. */
	@Override
	protected void doCommit(DefaultTransactionStatus status) {
		uncertain.set(false);
		try {
			super.doCommit(status);
		}
		catch (RuntimeException ex) {
			failedCommit.set(ex);
			throw ex;
		}
	}

	/** Rolls back; after a failed commit, a failed rollback is attached to the commit's failure instead of thrown. */
	@Override
	protected void doRollback(DefaultTransactionStatus status) {
		RuntimeException commit = failedCommit.get();
		failedCommit.remove();
		try {
			super.doRollback(status);
		}
		catch (RuntimeException rollback) {
			if (commit == null) {
				throw rollback;
			}
			commit.addSuppressed(rollback);
			uncertain.set(true);
		}
	}

	/** Forgets a commit's failure once its transaction is over, whatever ended it. */
	@Override
	protected void doCleanupAfterCompletion(Object transaction) {
		failedCommit.remove();
		super.doCleanupAfterCompletion(transaction);
	}

}
