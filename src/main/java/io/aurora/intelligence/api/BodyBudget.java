package io.aurora.intelligence.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the memory that request bodies being received and handled may take together, out of a budget
 * of a quarter of the heap, at most {@value #BUDGET_MIB} MiB, split in two: a quarter for bodies arriving, which
 * hold twice the bytes received (their growing buffers), and the rest for complete bodies, which hold
 * {@value #EXPANSION} times their size (their bytes plus the objects parsing makes of them: measured on Java 25,
 * hostile JSON such as {@code [[{}],[{}], …]} keeps 30 times its size) until their answers are written. A complete
 * body waits only for bodies being parsed, which never wait in turn, so two large bodies cannot hold each other
 * back; and a body of at most {@value #SMALL_BYTES} bytes holds nothing while it arrives (a connection's own buffers
 * are of that size), so slow large bodies filling their share hold up no ordinary request. A body that cannot
 * reserve within {@value #WAIT_MS} ms is answered 503, so a flood of large bodies slows itself down instead of
 * exhausting the heap, and a body sent slowly holds no more than it has sent.
 */
final class BodyBudget {

	static final int BUDGET_MIB = 192;

	static final int EXPANSION = 32;

	static final long WAIT_MS = 2_000;

	/** The largest body that holds nothing of the budget while it arrives. */
	static final int SMALL_BYTES = 8 * 1024;

	/**
	 * Times its size that a body holds once parsed, until answered: the request objects it became (strings, maps and
	 * lists of a request within the limits), not the transient objects parsing makes and validation throws away.
	 */
	static final int PARSED = 8;

	/** What bodies arriving hold. */
	private final Semaphore receiving;

	/** What complete bodies hold; the same as {@link #receiving} for a budget of one body at a time. */
	private final Semaphore parsing;

	private final int receivingCapacity;

	private final int parsingCapacity;

	private final long waitMs;

	BodyBudget() {
		this(budgetKib(Runtime.getRuntime().maxMemory()), WAIT_MS);
	}

	/** The budget for a heap of {@code maxHeapBytes}: a quarter of it, at most {@value #BUDGET_MIB} MiB. */
	static int budgetKib(long maxHeapBytes) {
		return (int) Math.max(1024, Math.min(BUDGET_MIB * 1024L, maxHeapBytes / 4 / 1024));
	}

	/** A budget of {@code budgetKib}, a quarter for bodies arriving and the rest for complete ones. */
	BodyBudget(int budgetKib, long waitMs) {
		this.receivingCapacity = Math.max(1, budgetKib / 4);
		this.parsingCapacity = Math.max(1, budgetKib - receivingCapacity);
		this.receiving = new Semaphore(receivingCapacity);
		this.parsing = new Semaphore(parsingCapacity);
		this.waitMs = waitMs;
	}

	private BodyBudget(long waitMs) {
		this.receivingCapacity = 1;
		this.parsingCapacity = 1;
		this.receiving = new Semaphore(1);
		this.parsing = receiving;
		this.waitMs = waitMs;
	}

	/** A budget that lets one body at a time be received and handled, whatever its size (model imports). */
	static BodyBudget oneAtATime(long waitMs) {
		return new BodyBudget(waitMs);
	}

	/** The KiB a complete body of {@code bytes} holds: {@value #EXPANSION} times its size, at most the share for them. */
	int kib(int bytes) {
		return kib(bytes, EXPANSION, parsingCapacity);
	}

	/** The KiB a body holds while its first {@code bytes} have arrived: twice them past {@value #SMALL_BYTES} bytes. */
	int receivingKib(int bytes) {
		return bytes <= SMALL_BYTES && parsing != receiving ? 0 : kib(bytes, 2, receivingCapacity);
	}

	private static int kib(int bytes, int times, int capacity) {
		return (int) Math.min(capacity, Math.max(1, ((long) bytes * times + 1023) / 1024));
	}

	/** The bytes reserved now, out of the budget. */
	long usedBytes() {
		int used = receivingCapacity - receiving.availablePermits();
		return 1024L * (parsing == receiving ? used : used + parsingCapacity - parsing.availablePermits());
	}

	/** The whole budget, in bytes. */
	long limitBytes() {
		return 1024L * (parsing == receiving ? receivingCapacity : receivingCapacity + parsingCapacity);
	}

	/** A reservation of nothing yet, for one body. */
	Reservation reservation() {
		return new Reservation(this);
	}

	/**
	 * Takes from {@code pool}, or gives back to it, the difference between the {@code held} KiB and the {@code target},
	 * waiting at most the budget's wait for more; the KiB held now, or -1 when the pool had no room (holding as before).
	 */
	private int resize(Semaphore pool, int held, int target) {
		try {
			if (target > held && !pool.tryAcquire(target - held, waitMs, TimeUnit.MILLISECONDS)) {
				return -1;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
		pool.release(Math.max(0, held - target));
		return target;
	}

	/** What one body holds of its budget, grown as it needs more and given back once. */
	static final class Reservation {

		private final BodyBudget gate;

		private int receivingKib;

		private int parsingKib;

		/** The size of the complete body, once {@link #holdComplete} has held its share. */
		private int bytes;

		private Reservation(BodyBudget gate) {
			this.gate = gate;
		}

		/** Holds what a body whose first {@code bytes} have arrived needs; false when its share had no room. */
		boolean holdReceiving(int bytes) {
			int held = gate.resize(gate.receiving, receivingKib, Math.max(receivingKib, gate.receivingKib(bytes)));
			if (held < 0) {
				return false;
			}
			receivingKib = held;
			return true;
		}

		/**
		 * Holds what a complete body of {@code bytes} needs ({@link #kib}) and gives back what it held while arriving;
		 * false when the share for complete bodies had no room.
		 */
		boolean holdComplete(int bytes) {
			boolean oneAtATime = gate.parsing == gate.receiving;
			int held = gate.resize(gate.parsing, oneAtATime ? receivingKib : parsingKib, gate.kib(bytes));
			if (held < 0) {
				return false;
			}
			if (oneAtATime) {
				receivingKib = held;
				return true;
			}
			parsingKib = held;
			receivingKib = gate.resize(gate.receiving, receivingKib, 0);
			this.bytes = bytes;
			return true;
		}

		/**
		 * Gives back what parsing needed beyond what the parsed request keeps ({@value #PARSED} times the body's size),
		 * so that a large request waiting on the router does not hold up the parsing of others; nothing changes for a
		 * budget of one body at a time.
		 */
		void holdParsed() {
			if (gate.parsing != gate.receiving && bytes > 0) {
				parsingKib = gate.resize(gate.parsing, parsingKib, Math.min(parsingKib, kib(bytes, PARSED, gate.parsingCapacity)));
			}
		}

		/** Gives back all it holds. */
		void release() {
			gate.receiving.release(receivingKib);
			gate.parsing.release(parsingKib);
			receivingKib = 0;
			parsingKib = 0;
		}

	}

}
