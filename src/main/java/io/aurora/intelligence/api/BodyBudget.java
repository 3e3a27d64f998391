package io.aurora.intelligence.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the memory that request bodies being received and handled may take together, out of a budget
 * of a quarter of the heap, at most {@value #BUDGET_MIB} MiB: while a body arrives it holds twice the
 * bytes received (its growing buffer), and once complete {@value #EXPANSION} times its size (its bytes
 * plus the objects parsing makes of them: measured on Java 25, hostile JSON such as {@code [[{}],[{}], …]}
 * keeps 30 times its size) until its answer is written. A body that cannot reserve within {@value #WAIT_MS} ms is
 * answered 503, so a flood of large bodies slows itself down instead of exhausting the heap, and a
 * body sent slowly holds no more than it has sent. Ordinary requests of a few KiB reserve a few dozen KiB.
 */
final class BodyBudget {

	static final int BUDGET_MIB = 192;

	static final int EXPANSION = 32;

	static final long WAIT_MS = 2_000;


	private final Semaphore permits;

	private final int capacity;

	private final long waitMs;

	BodyBudget() {
		this(budgetKib(Runtime.getRuntime().maxMemory()), WAIT_MS);
	}

	/** The budget for a heap of {@code maxHeapBytes}: a quarter of it, at most {@value #BUDGET_MIB} MiB. */
	static int budgetKib(long maxHeapBytes) {
		return (int) Math.max(1024, Math.min(BUDGET_MIB * 1024L, maxHeapBytes / 4 / 1024));
	}

	BodyBudget(int budgetKib, long waitMs) {
		this.permits = new Semaphore(budgetKib);
		this.capacity = budgetKib;
		this.waitMs = waitMs;
	}

	/** The KiB a body of {@code bytes} reserves: {@value #EXPANSION} times its size, at most the whole budget. */
	int kib(int bytes) {
		return kib(bytes, EXPANSION);
	}

	/** The KiB a body holds while its first {@code bytes} have arrived: twice them, at most the whole budget. */
	int receivingKib(int bytes) {
		return kib(bytes, 2);
	}

	private int kib(int bytes, int times) {
		return (int) Math.min(capacity, Math.max(1, ((long) bytes * times + 1023) / 1024));
	}

	/** Reserves {@code kib} more, waiting at most the budget's wait; false when it stayed exhausted. */
	boolean reserveKib(int kib) throws InterruptedException {
		return kib <= 0 || permits.tryAcquire(kib, waitMs, TimeUnit.MILLISECONDS);
	}

	/** The bytes reserved now, out of the budget. */
	long usedBytes() {
		return (long) (capacity - permits.availablePermits()) * 1024;
	}

	/** The whole budget, in bytes. */
	long limitBytes() {
		return capacity * 1024L;
	}

	/** Gives back what {@link #reserveKib} took. */
	void release(int reserved) {
		permits.release(reserved);
	}

	/** A reservation of nothing yet, for one body. */
	Reservation reservation() {
		return new Reservation(this);
	}

	/** What one body holds of its budget, grown as it needs more and given back once. */
	static final class Reservation {

		private final BodyBudget gate;

		private int kib;

		private Reservation(BodyBudget gate) {
			this.gate = gate;
		}

		/** Holds what a complete body of {@code bytes} needs ({@link #kib}); false when the budget had no room. */
		boolean holdComplete(int bytes) {
			return growTo(gate.kib(bytes));
		}

		/** Holds what a body whose first {@code bytes} have arrived needs; false when the budget had no room. */
		boolean holdReceiving(int bytes) {
			return growTo(gate.receivingKib(bytes));
		}

		/** Holds {@code target} KiB from now on (giving back any excess); false when the budget had no room. */
		private boolean growTo(int target) {
			try {
				if (target > kib && !gate.reserveKib(target - kib)) {
					return false;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			if (target < kib) {
				gate.release(kib - target);
			}
			kib = target;
			return true;
		}

		/** Gives back all it holds. */
		void release() {
			gate.release(kib);
			kib = 0;
		}

	}

}
