package io.aurora.intelligence.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the memory that request bodies being received and handled may take together: each one reserves
 * {@value #EXPANSION} times its size (its bytes plus the objects parsing makes of them, which for
 * hostile JSON such as {@code {"a":{},"b":{}, …}} outgrow the bytes several times over) of a
 * {@value #BUDGET_MIB} MiB budget until its answer is written. A body that cannot reserve within
 * {@value #WAIT_MS} ms is answered 503, so a flood of large bodies slows itself down instead of
 * exhausting the heap. Ordinary requests of a few KiB reserve a few dozen KiB.
 */
final class BodyBudget {

	static final int BUDGET_MIB = 192;

	static final int EXPANSION = 16;

	static final long WAIT_MS = 2_000;

	private static final int BUDGET_KIB = BUDGET_MIB * 1024;

	private final Semaphore permits;

	private final int capacity;

	private final long waitMs;

	BodyBudget() {
		this(BUDGET_KIB, WAIT_MS);
	}

	BodyBudget(int budgetKib, long waitMs) {
		this.permits = new Semaphore(budgetKib);
		this.capacity = budgetKib;
		this.waitMs = waitMs;
	}

	/**
	 * Reserves room for a body of {@code bytes} (at most the whole budget); returns the KiB reserved,
	 * or 0 when the budget stayed exhausted.
	 */
	int reserve(int bytes) throws InterruptedException {
		int reserved = kib(bytes);
		return permits.tryAcquire(reserved, waitMs, TimeUnit.MILLISECONDS) ? reserved : 0;
	}

	/** The KiB a body of {@code bytes} reserves: {@value #EXPANSION} times its size, at most the whole budget. */
	int kib(int bytes) {
		return (int) Math.min(capacity, Math.max(1, ((long) bytes * EXPANSION + 1023) / 1024));
	}

	/** Gives back what {@link #reserve} took. */
	void release(int reserved) {
		permits.release(reserved);
	}

}
