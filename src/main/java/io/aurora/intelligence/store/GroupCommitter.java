package io.aurora.intelligence.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Group commit: one writer thread takes every queued write, runs as many as are waiting in one
 * transaction, commits once, and only then runs each write's after-commit action in queue order
 * (releasing a caller whose write has no after-batch action), then each distinct after-batch action
 * once, and releases the remaining callers (a failing write is retried alone, so it fails alone, unless
 * the database itself is out of reach). A watchdog releases callers whose commit is late, withdrawing a
 * write the writer has not taken yet, so a 503 for a withdrawn write means it was not stored. One fsync serves a whole batch, and
 * nothing is acknowledged before it is durable. Housekeeping writes run alone, between batches.
 */
final class GroupCommitter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

	static final int MAX_BATCH = 256;

	private static final long SUBMIT_TIMEOUT_MS = 5_000;

	/** How long a stop waits for the writer to finish its batch. */
	static final long STOP_WAIT_MS = 10_000;

	private final BlockingQueue<PendingWrite> queue = new ArrayBlockingQueue<>(8192);

	private final BatchWriter batches;

	private volatile boolean running;

	private Thread writer;

	/** Callers waiting for their commit, released when it is late. */
	private final CommitWatchdog watchdog;

	private final long commitTimeoutMs;

	private final WriterHealth outcomes;

	/** Told when the writer thread ends while the store should be running. */
	private final Consumer<Throwable> onWriterDeath;

	/** Told of the writer thread when a stop gives up waiting for it, which may then still be writing. */
	private final Consumer<Thread> onWriterStuck;

	private final long stopWaitMs;

	private final StoreTracing tracing;

	GroupCommitter(DataSource dataSource, MeterRegistry meters) {
		this(dataSource, meters, StoreProperties.DEFAULT_TIMEOUT_MS);
	}

	/** A writer whose commits are late after {@code commitTimeoutMs}, and which nothing is told about. */
	GroupCommitter(DataSource dataSource, MeterRegistry meters, long commitTimeoutMs) {
		this(dataSource, meters, commitTimeoutMs, cause -> {
		}, writer -> {
		}, STOP_WAIT_MS, StoreTracing.NONE);
	}

	/**
	 * A writer whose commits are late after {@code commitTimeoutMs}; {@code onWriterDeath} hears of a writer
	 * thread that ended without being stopped (the service then takes no writes), and {@code onWriterStuck}
	 * of the writer thread when a stop gave up after {@code stopWaitMs} waiting for it (a commit on a stalled
	 * volume), so that the store's file is not let go of while it may still be written; {@code tracing} traces a
	 * caller's wait for its commit.
	 */
	GroupCommitter(DataSource dataSource, MeterRegistry meters, long commitTimeoutMs, Consumer<Throwable> onWriterDeath,
			Consumer<Thread> onWriterStuck, long stopWaitMs, StoreTracing tracing) {
		this(dataSource, meters, commitTimeoutMs, onWriterDeath, onWriterStuck, stopWaitMs, tracing, () -> {
		});
	}

	/** As above, with {@code beforeCommit} run in each transaction before its commit (see {@link StoreFileIdentity}). */
	GroupCommitter(DataSource dataSource, MeterRegistry meters, long commitTimeoutMs, Consumer<Throwable> onWriterDeath,
			Consumer<Thread> onWriterStuck, long stopWaitMs, StoreTracing tracing, Runnable beforeCommit) {
		this.tracing = tracing;
		this.stopWaitMs = stopWaitMs;
		this.commitTimeoutMs = commitTimeoutMs;
		this.onWriterDeath = onWriterDeath;
		this.onWriterStuck = onWriterStuck;
		this.outcomes = new WriterHealth(commitTimeoutMs);
		this.watchdog = new CommitWatchdog(commitTimeoutMs);
		this.batches = new BatchWriter(dataSource, outcomes, CommitMeters.register(meters), () -> {
			String fence = outcomes.fenced();
			if (fence != null) {
				throw new DataAccessResourceFailureException("the store takes no more writes from this replica: " + fence);
			}
			beforeCommit.run();
		});
	}

	/** Refuses every write from now on, rolled back before its commit, for {@code reason}: see {@link TraceStore#fence}. */
	void fence(String reason) {
		outcomes.fence(reason);
	}

	/** An after-batch action that does nothing. */
	static final Runnable NOTHING = () -> {
	};

	/**
	 * Queues a write and waits until it is committed; returns what the write returned (rows affected).
	 * {@code afterCommit} runs on the writer thread, after the commit and in commit order;
	 * {@code afterBatch} ({@link #NOTHING} for none) runs after every after-commit action of the batch,
	 * once however many of the batch's writes carry the same instance, and before their callers are
	 * released. {@code what} names the write in its caller's trace ({@link StoreTracing}).
	 * @throws DataAccessException when the write failed, the store is overloaded or the commit is late
	 */
	int submit(String what, ToIntFunction<JdbcClient> write, IntConsumer afterCommit, Runnable afterBatch) {
		return tracing.around(what, traced -> commit(write, afterCommit, afterBatch, false, traced));
	}

	/** As {@link #submit(String, ToIntFunction, IntConsumer, Runnable)}, the write named {@code write}. */
	int submit(ToIntFunction<JdbcClient> write, IntConsumer afterCommit, Runnable afterBatch) {
		return submit("write", write, afterCommit, afterBatch);
	}

	/**
	 * Queues a write that runs in a transaction of its own, between batches, and waits until it is
	 * committed: for housekeeping, whose failure must not touch other writes and which must not
	 * contend with the writer for the database's write lock. {@code what} names it in its caller's trace.
	 * @throws DataAccessException when the write failed, the store is overloaded or the commit is late
	 */
	int submitAlone(String what, ToIntFunction<JdbcClient> write, IntConsumer afterCommit) {
		return tracing.around(what, traced -> commit(write, afterCommit, NOTHING, true, traced));
	}

	/** As {@link #submitAlone(String, ToIntFunction, IntConsumer)}, the write named {@code housekeeping}. */
	int submitAlone(ToIntFunction<JdbcClient> write, IntConsumer afterCommit) {
		return submitAlone("housekeeping", write, afterCommit);
	}

	private int commit(ToIntFunction<JdbcClient> write, IntConsumer afterCommit, Runnable afterBatch, boolean alone,
			StoreTracing.Commit traced) {
		if (!running) {
			throw new DataAccessResourceFailureException("the store's writer is not running");
		}
		PendingWrite pending = new PendingWrite(write, afterCommit, Objects.requireNonNull(afterBatch), alone,
				System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs));
		watchdog.add(pending);
		try {
			if (!queue.offer(pending, Math.min(SUBMIT_TIMEOUT_MS, commitTimeoutMs), TimeUnit.MILLISECONDS)) {
				throw new DataAccessResourceFailureException("the store's write queue is full");
			}
			if (!running && pending.claim()) {
				// Stopped meanwhile: the writer may have drained the queue and left, and the watchdog with it.
				throw new DataAccessResourceFailureException("the store's writer stopped");
			}
			int rows = pending.result().get();
			traced.batch(pending.committedWith());
			return rows;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (pending.claim()) {
				throw new DataAccessResourceFailureException("interrupted before the commit; the write was withdrawn", ex);
			}
			throw new CommitUncertainException("interrupted while the write was being committed; it may be stored", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof DataAccessException dae) {
				throw dae;
			}
			throw new DataAccessResourceFailureException("write failed", ex.getCause());
		}
		finally {
			watchdog.remove(pending);
		}
	}

	/**
	 * The writer thread: takes batches until stopped and the queue is drained. Should it end otherwise
	 * (an error escaping a batch's own handling, an interrupt), the store stops taking writes, every
	 * caller still waiting is released with a 503, and {@code onWriterDeath} is told.
	 */
	private void loop() {
		Throwable cause = null;
		try {
			takeBatches();
		}
		catch (RuntimeException | Error ex) {
			cause = ex;
		}
		finally {
			if (running) {
				writerDied(cause != null ? cause : new IllegalStateException("the store's writer was interrupted"));
			}
		}
	}

	private void writerDied(Throwable cause) {
		running = false;
		watchdog.stop();
		log.error("The store's writer stopped unexpectedly; this replica takes no more writes", cause);
		watchdog.releaseAll(cause);
		BatchWriter.safely(() -> onWriterDeath.accept(cause));
	}

	private void takeBatches() {
		List<PendingWrite> batch = new ArrayList<>(MAX_BATCH);
		while (running || !queue.isEmpty()) {
			try {
				PendingWrite first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, MAX_BATCH - 1);
				batches.take(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				log.error("Store writer failed a batch", ex);
				outcomes.failed(ex);
				batch.forEach(p -> p.fail(ex));
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Why a write submitted now is known to fail, or null when it is not: the writer is stopped, its newest
	 * transaction failed for a reason of the store's under {@value #FAIL_FAST_MS} ms ago or another is
	 * trying the store again, or a commit has run past the timeout ({@link WriterHealth#refusing}).
	 */
	@Nullable String refusesWrites() {
		String fence = outcomes.fenced();
		if (fence != null) {
			return fence;
		}
		if (!running) {
			return "the store's writer is not running";
		}
		if (!outcomes.refusing(TimeUnit.MILLISECONDS.toNanos(FAIL_FAST_MS))) {
			return null;
		}
		String fault = outcomes.lastFault();
		return fault != null ? "its last commit failed (" + fault + ")" : "a commit has run past the timeout";
	}

	/** Whether the store failed the newest transaction, for a reason of its own. */
	boolean failedLast() {
		return outcomes.lastFault() != null;
	}

	/** How long after the store failed a commit writes are refused before they try it again. */
	static final long FAIL_FAST_MS = 1_000;

	/**
	 * The writer's health as readiness reports it ({@link WriterHealth}); a write still queued past its
	 * deadline means the writer takes no writes, whatever its last outcome was.
	 */
	WriterHealth.Report health() {
		PendingWrite oldest = queue.peek();
		return outcomes.report(running, queue.size(), oldest != null && System.nanoTime() - oldest.deadline() > 0);
	}

	/**
	 * The writer's own connection, for reads an after-commit action makes on the writer thread, which
	 * must not wait behind requests holding every pooled connection; not for use elsewhere.
	 */
	JdbcClient writerConnection() {
		return batches.jdbc();
	}

	/** The writer thread, so that a test can end it as an escaping error would. */
	Thread writerThread() {
		return writer;
	}

	/** Writes waiting for the writer to take them. */
	int queued() {
		return queue.size();
	}

	@Override
	public synchronized void start() {
		if (!running && writer != null && writer.isAlive()) {
			throw new IllegalStateException("The store writer stopped before has not ended yet");
		}
		if (!running) {
			running = true;
			writer = new Thread(this::loop, "store-writer");
			writer.setDaemon(true);
			writer.start();
			watchdog.start();
		}
	}

	@Override
	public synchronized void stop() {
		if (running) {
			running = false;
			watchdog.stop();
			try {
				writer.join(stopWaitMs);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (writer.isAlive()) {
				log.warn("The store writer is still running {} ms after the stop asked it to end; the store's file stays "
						+ "claimed until it ends or this process exits", stopWaitMs);
				onWriterStuck.accept(writer);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Starts before and stops after the web server, so every accepted request can still commit. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
