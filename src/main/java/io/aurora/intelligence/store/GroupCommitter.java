package io.aurora.intelligence.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

import javax.sql.DataSource;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: one writer thread takes every queued write, runs as many as are waiting in one
 * transaction, commits once, and only then runs each write's after-commit action in queue order
 * (releasing a caller whose write has no after-batch action), then each distinct after-batch action
 * once, and releases the remaining callers (a failing write is retried alone, so it fails alone, unless
 * the database itself is out of reach). A
 * watchdog releases callers whose commit is late, withdrawing a write the writer has not taken yet,
 * so a 503 for a withdrawn write means it was not stored. One fsync serves a whole batch, and
 * nothing is acknowledged before it is durable. Housekeeping writes run alone, between batches.
 */
final class GroupCommitter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

	static final int MAX_BATCH = 256;

	private static final long SUBMIT_TIMEOUT_MS = 5_000;

	/** How often the watchdog looks for callers whose commit is late. */
	private static final long WATCH_MS = 100;

	private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(8192);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private volatile boolean running;

	private Thread writer;

	private Thread watchdog;

	/** Callers waiting for their commit, which the watchdog releases when it is late. */
	private final Set<Pending> waiting = ConcurrentHashMap.newKeySet();

	private final long commitTimeoutMs;

	private final DistributionSummary batchSizes;

	private final Timer batchTimes;

	private final WriterHealth outcomes;

	/** Told when the writer thread ends while the store should be running. */
	private final Consumer<Throwable> onWriterDeath;

	GroupCommitter(DataSource dataSource, MeterRegistry meters) {
		this(dataSource, meters, StoreProperties.DEFAULT_TIMEOUT_MS);
	}

	GroupCommitter(DataSource dataSource, MeterRegistry meters, long commitTimeoutMs) {
		this(dataSource, meters, commitTimeoutMs, cause -> {
		});
	}

	/**
	 * A writer whose commits are late after {@code commitTimeoutMs}; {@code onWriterDeath} hears of a
	 * writer thread that ended without being stopped (the service then takes no writes).
	 */
	GroupCommitter(DataSource dataSource, MeterRegistry meters, long commitTimeoutMs, Consumer<Throwable> onWriterDeath) {
		this.commitTimeoutMs = commitTimeoutMs;
		this.onWriterDeath = onWriterDeath;
		this.outcomes = new WriterHealth(commitTimeoutMs);
		this.batchSizes = DistributionSummary.builder(MetricNames.STORE_COMMIT_BATCH)
			.description("Writes per store commit")
			.register(meters);
		this.batchTimes = Timer.builder(MetricNames.STORE_COMMIT_LATENCY)
			.description("Time per store batch: writes, commit and after-commit actions")
			.register(meters);
		this.jdbc = JdbcClient.create(dataSource);
		JdbcTransactionManager manager = new JdbcTransactionManager(dataSource);
		this.transactions = new TransactionTemplate(manager);
	}

	/** An after-batch action that does nothing. */
	static final Runnable NOTHING = () -> {
	};

	/**
	 * Queues a write and waits until it is committed; returns what the write returned (rows affected).
	 * {@code afterCommit} runs on the writer thread, after the commit and in commit order;
	 * {@code afterBatch} ({@link #NOTHING} for none) runs after every after-commit action of the batch,
	 * once however many of the batch's writes carry the same instance, and before their callers are
	 * released.
	 * @throws DataAccessException when the write failed, the store is overloaded or the commit is late
	 */
	int submit(ToIntFunction<JdbcClient> write, IntConsumer afterCommit, Runnable afterBatch) {
		return submit(write, afterCommit, afterBatch, false);
	}

	/**
	 * Queues a write that runs in a transaction of its own, between batches, and waits until it is
	 * committed: for housekeeping, whose failure must not touch other writes and which must not
	 * contend with the writer for the database's write lock.
	 * @throws DataAccessException when the write failed, the store is overloaded or the commit is late
	 */
	int submitAlone(ToIntFunction<JdbcClient> write, IntConsumer afterCommit) {
		return submit(write, afterCommit, NOTHING, true);
	}

	private int submit(ToIntFunction<JdbcClient> write, IntConsumer afterCommit, Runnable afterBatch, boolean alone) {
		if (!running) {
			throw new DataAccessResourceFailureException("the store's writer is not running");
		}
		Pending pending = new Pending(write, afterCommit, Objects.requireNonNull(afterBatch), new CompletableFuture<>(),
				new AtomicBoolean(), alone, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs));
		waiting.add(pending);
		try {
			if (!queue.offer(pending, Math.min(SUBMIT_TIMEOUT_MS, commitTimeoutMs), TimeUnit.MILLISECONDS)) {
				throw new DataAccessResourceFailureException("the store's write queue is full");
			}
			if (!running && pending.claimed().compareAndSet(false, true)) {
				// Stopped meanwhile: the writer may have drained the queue and left, and the watchdog with it.
				throw new DataAccessResourceFailureException("the store's writer stopped");
			}
			return pending.result().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (pending.claimed().compareAndSet(false, true)) {
				throw new DataAccessResourceFailureException("interrupted before the commit; the write was withdrawn", ex);
			}
			throw new DataAccessResourceFailureException("interrupted while the write was being committed; it may be stored",
					ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof DataAccessException dae) {
				throw dae;
			}
			throw new DataAccessResourceFailureException("write failed", ex.getCause());
		}
		finally {
			waiting.remove(pending);
		}
	}

	/**
	 * Releases callers whose commit is late: a write the writer has not taken by its deadline is
	 * withdrawn (so its 503 means it was not stored); one taken but still not committed a timeout
	 * later is given up on. One thread doing this replaces a timer per waiting caller.
	 */
	private void watch() {
		long now = System.nanoTime();
		for (Pending p : waiting) {
			long late = now - p.deadline();
			if (late < 0 || p.result().isDone()) {
				continue;
			}
			if (p.claimed().compareAndSet(false, true)) {
				p.result().completeExceptionally(new QueryTimeoutException(
						"no commit within " + commitTimeoutMs + " ms; the write was withdrawn"));
			}
			else if (late > TimeUnit.MILLISECONDS.toNanos(commitTimeoutMs)) {
				p.result().completeExceptionally(new QueryTimeoutException("no commit within " + 2 * commitTimeoutMs + " ms"));
			}
		}
	}

	private void watchLoop() {
		while (running) {
			try {
				Thread.sleep(WATCH_MS);
				watch();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				log.error("Store watchdog failed a round", ex);
			}
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
		log.error("The store's writer stopped unexpectedly; this replica takes no more writes", cause);
		for (Pending p : waiting) {
			boolean withdrawn = p.claimed().compareAndSet(false, true);
			p.result().completeExceptionally(new DataAccessResourceFailureException(withdrawn
					? "the store's writer stopped; the write was withdrawn"
					: "the store's writer stopped during the write's commit; it may be stored", cause));
		}
		safely(() -> onWriterDeath.accept(cause));
	}

	private void takeBatches() {
		List<Pending> batch = new ArrayList<>(MAX_BATCH);
		while (running || !queue.isEmpty()) {
			try {
				Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, MAX_BATCH - 1);
				boolean housekeeping = batch.stream().anyMatch(Pending::alone);
				List<Pending> grouped = housekeeping ? batch.stream().filter(p -> !p.alone()).toList() : batch;
				if (!grouped.isEmpty()) {
					long start = System.nanoTime();
					commit(grouped);
					batchTimes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				}
				if (housekeeping) {
					batch.stream().filter(Pending::alone).filter(p -> p.claimed().compareAndSet(false, true)).forEach(p -> {
						long start = System.nanoTime();
						runAlone(p);
						batchTimes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
					});
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				log.error("Store writer failed a batch", ex);
				outcomes.failed(ex);
				batch.forEach(p -> p.result().completeExceptionally(ex));
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Commits a batch in one transaction. Should one write fail, the batch is rolled back and every
	 * write whose caller still waits is retried in a transaction of its own, so the failure stays with
	 * its write; when the database is out of reach, the whole batch fails at once.
	 */
	private void commit(List<Pending> claimed) {
		List<Pending> batch = claimed.stream().filter(p -> p.claimed().compareAndSet(false, true)).toList();
		int n = batch.size();
		if (n == 0) {
			return;
		}
		int[] rows = new int[n];
		try {
			outcomes.began();
			transactions.executeWithoutResult(status -> {
				for (int i = 0; i < n; i++) {
					rows[i] = batch.get(i).write().applyAsInt(jdbc);
				}
			});
			outcomes.committed();
		}
		catch (RuntimeException batchFailed) {
			if (n == 1 || WriterHealth.unavailable(batchFailed)) {
				outcomes.failed(batchFailed);
				batch.forEach(p -> p.result().completeExceptionally(batchFailed));
				return;
			}
			for (Pending p : batch) {
				// A caller given up on meanwhile was answered 503: rolled back with the batch, its write stays unstored.
				if (!p.result().isDone()) {
					runAlone(p);
				}
			}
			return;
		}
		batchSizes.record(n);
		List<Runnable> afterBatch = new ArrayList<>();
		int[] held = new int[n];
		int heldCount = 0;
		for (int i = 0; i < n; i++) {
			Pending p = batch.get(i);
			int row = rows[i];
			safely(() -> p.afterCommit().accept(row));
			if (p.afterBatch() == NOTHING) {
				p.result().complete(row);
				continue;
			}
			if (afterBatch.stream().noneMatch(r -> r == p.afterBatch())) {
				afterBatch.add(p.afterBatch());
			}
			held[heldCount++] = i;
		}
		afterBatch.forEach(GroupCommitter::safely);
		for (int h = 0; h < heldCount; h++) {
			batch.get(held[h]).result().complete(rows[held[h]]);
		}
	}

	/** Runs one write in a transaction of its own: a housekeeping write, or a write retried after its batch failed. */
	private void runAlone(Pending p) {
		try {
			outcomes.began();
			int rows = transactions.execute(status -> p.write().applyAsInt(jdbc));
			outcomes.committed();
			batchSizes.record(1);
			safely(() -> p.afterCommit().accept(rows));
			safely(p.afterBatch());
			p.result().complete(rows);
		}
		catch (RuntimeException ex) {
			outcomes.failed(ex);
			p.result().completeExceptionally(ex);
		}
	}

	/**
	 * The writer's health as readiness reports it ({@link WriterHealth}); a write still queued past its
	 * deadline means the writer takes no writes, whatever its last outcome was.
	 */
	WriterHealth.Report health() {
		Pending oldest = queue.peek();
		return outcomes.report(running, queue.size(), oldest != null && System.nanoTime() - oldest.deadline() > 0);
	}

	private static void safely(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException | Error ex) {
			log.error("An after-commit or after-batch action failed; the write itself is committed", ex);
		}
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
		if (!running) {
			running = true;
			writer = new Thread(this::loop, "store-writer");
			writer.setDaemon(true);
			writer.start();
			watchdog = new Thread(this::watchLoop, "store-watchdog");
			watchdog.setDaemon(true);
			watchdog.start();
		}
	}

	@Override
	public synchronized void stop() {
		if (running) {
			running = false;
			try {
				writer.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
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

	/** A queued write; whoever sets {@code claimed} first decides whether it runs (the writer) or is withdrawn. */
	private record Pending(ToIntFunction<JdbcClient> write, IntConsumer afterCommit, Runnable afterBatch,
			CompletableFuture<Integer> result, AtomicBoolean claimed, boolean alone, long deadline) {
	}

}
