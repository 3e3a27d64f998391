package io.aurora.intelligence.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A write queued for the {@link GroupCommitter}. Whoever claims it first decides its fate: the writer
 * (it runs) or the watchdog, a stop or a dead writer (it is withdrawn, so its caller's 503 means it
 * was not stored).
 */
record PendingWrite(ToIntFunction<JdbcClient> write, IntConsumer afterCommit, Runnable afterBatch,
		CompletableFuture<Integer> result, AtomicBoolean claimed, AtomicInteger batch, boolean alone, long deadline) {

	PendingWrite(ToIntFunction<JdbcClient> write, IntConsumer afterCommit, Runnable afterBatch, boolean alone, long deadline) {
		this(write, afterCommit, afterBatch, new CompletableFuture<>(), new AtomicBoolean(), new AtomicInteger(), alone,
				deadline);
	}

	/** Claims the write for whoever calls first; true only for that caller. */
	boolean claim() {
		return claimed.compareAndSet(false, true);
	}

	/** Whether its caller has had an answer: its commit, its failure, or its release as late. */
	boolean answered() {
		return result.isDone();
	}

	void fail(Throwable cause) {
		result.completeExceptionally(cause);
	}

	/** Answers its caller: committed, affecting {@code rows}, in a commit of {@code writes} writes. */
	void succeed(int rows, int writes) {
		batch.set(writes);
		result.complete(rows);
	}

	/** How many writes the commit that stored it held: 0 until it is committed; read after {@link #result}. */
	int committedWith() {
		return batch.get();
	}

}
