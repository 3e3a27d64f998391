package io.aurora.intelligence.store;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.dao.DataAccessException;

/**
 * Refuses a decision whose trace the store is known to fail, before the router is asked to place its task:
 * the store is fenced, failed a commit under a second ago or one write is trying it again, a commit is stalled past
 * the timeout, or the writer is stopped. A failure longer ago is tried first with one probe write at a time.
 */
final class WriteGate {

	private final GroupCommitter writer;

	/** Whether a decision's probe write is trying a store that failed. */
	private final AtomicBoolean probing = new AtomicBoolean();

	WriteGate(GroupCommitter writer) {
		this.writer = writer;
	}

	/**
	 * Passes when the store takes writes, as far as is known or a probe write finds.
	 * @throws StoreRefusingException saying why not: without trying the store, or because the probe write
	 * failed (then carrying the store's own failure as its cause, which is logged)
	 */
	void require() {
		String reason = writer.refusesWrites();
		if (reason == null && writer.failedLast()) {
			// Not tried for a second: a probe write tries it, so that no decision places a task while the
			// store is still down; its failure is the store's own, answered 503 and logged.
			if (!probing.compareAndSet(false, true)) {
				reason = "another decision's probe write is trying it";
			}
			else {
				try {
					StoreProbe.write(writer);
				}
				catch (DataAccessException ex) {
					throw new StoreRefusingException("The trace store failed a probe write (" + ex.getMessage()
							+ "); the decision was refused before the router was asked to place the task", ex);
				}
				finally {
					probing.set(false);
				}
			}
		}
		if (reason != null) {
			throw new StoreRefusingException("The trace store takes no writes now (" + reason
					+ "); the decision was refused before the router was asked to place the task");
		}
	}

}
