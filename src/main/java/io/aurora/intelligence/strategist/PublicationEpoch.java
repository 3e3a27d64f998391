package io.aurora.intelligence.strategist;

import java.util.function.Supplier;

/**
 * The {@link Strategist}'s sequence lock: a publication of a learning step runs with the epoch odd,
 * under the lock it is given, and a read that overlapped one is made again (a few times, then under that
 * lock, with publications held off), so that what the read returns comes from one published model.
 */
final class PublicationEpoch {

	/** Reads a decision makes without holding publications off before it takes their lock for one. */
	static final int OPTIMISTIC_READS = 4;

	/** The lock publications run under, which the last read of a decision takes too. */
	private final Object lock;

	/** Odd while a learning step is being published; written only under {@link #lock}. */
	private volatile long epoch;

	PublicationEpoch(Object lock) {
		this.lock = lock;
	}

	/**
	 * What {@code read} finds, read again until no publication overlapped it, so that it saw one model;
	 * what it throws is rethrown only when it, too, came from one model. After {@value #OPTIMISTIC_READS}
	 * overlapped reads it reads under the lock publications take, so a decision always ends.
	 */
	<T> T fromOneModel(Supplier<T> read) {
		for (int attempt = 0; attempt < OPTIMISTIC_READS; attempt++) {
			long before = stableEpoch();
			T result;
			try {
				result = read.get();
			}
			catch (RuntimeException ex) {
				if (epoch == before) {
					throw ex;
				}
				continue;
			}
			if (epoch == before) {
				return result;
			}
		}
		// Overlapped every time (a long decision under steady feedback): read while holding publications off.
		synchronized (lock) {
			return read.get();
		}
	}

	/** The epoch once no publication is in progress; publications are short and never block. */
	private long stableEpoch() {
		long e;
		for (int spins = 0; ((e = epoch) & 1) != 0; spins++) {
			if (spins < 64) {
				Thread.onSpinWait();
			}
			else {
				Thread.yield();
			}
		}
		return e;
	}

	/**
	 * Runs {@code publication} with the epoch odd, so that decisions overlapping it are made again; the
	 * caller holds the lock.
	 */
	void publishing(Runnable publication) {
		epoch++;
		try {
			publication.run();
		}
		finally {
			epoch++;
		}
	}

}
