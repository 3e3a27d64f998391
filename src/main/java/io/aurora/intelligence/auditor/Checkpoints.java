package io.aurora.intelligence.auditor;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.aurora.intelligence.store.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a snapshot of the model every {@code CHECKPOINT_INTERVAL_S} when it has moved since the last
 * one (and at once when asked, after a start that found none), so that a restart replays only the
 * log after it. Only the copy of the model holds up learning (and the store's writer at most 200 ms
 * a batch, see {@link WriterPath#committed}); it is serialised and stored after, and should a model
 * be imported meanwhile, the snapshot's older lineage keeps it from ever being loaded. A failed
 * checkpoint is tried again at the next interval.
 */
final class Checkpoints {

	private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

	private final SnapshotStore snapshots;

	private final Supplier<String> fingerprint;

	private final long intervalNanos;

	private long lastAt = System.nanoTime();

	private volatile long lastSeq;

	private final AtomicLong failures = new AtomicLong();

	Checkpoints(SnapshotStore snapshots, Supplier<String> fingerprint, long intervalS) {
		this.snapshots = snapshots;
		this.fingerprint = fingerprint;
		this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalS);
	}

	/** Notes that the model at log entry {@code seq} is already in the store (restored or imported). */
	void stored(long seq) {
		lastSeq = seq;
	}

	/**
	 * Writes a checkpoint when one is due and the model, at log entry {@code applied}, has moved;
	 * {@code copy} takes the model's copy under its lock.
	 */
	void writeIfDue(long applied, Supplier<Copy> copy) {
		if (System.nanoTime() - lastAt >= intervalNanos) {
			writeNow(applied, copy);
		}
	}

	/**
	 * Writes a checkpoint now, unless checkpoints are off or the model, at log entry {@code applied}, is
	 * already stored as of it; the next one falls due an interval later.
	 */
	void writeNow(long applied, Supplier<Copy> copy) {
		if (intervalNanos <= 0 || applied == lastSeq) {
			return;
		}
		lastAt = System.nanoTime();
		Copy model = copy.get();
		try {
			snapshots.save(model.seq(), model.policy(), fingerprint.get(), false, model.lineage(), model.state());
			lastSeq = model.seq();
		}
		catch (RuntimeException ex) {
			failures.incrementAndGet();
			log.warn("Cannot store the model's snapshot at entry {}; trying again in {} s: {}", model.seq(),
					TimeUnit.NANOSECONDS.toSeconds(intervalNanos), ex.toString());
		}
	}

	/** Checkpoints that could not be stored since start. */
	long failures() {
		return failures.get();
	}

	/**
	 * The model as of a log entry, copied for a checkpoint.
	 *
	 * @param seq the last log entry it includes
	 * @param lineage the import it descends from (0: none)
	 * @param policy the policy's name
	 * @param state the learned state
	 */
	record Copy(long seq, long lineage, String policy, Map<String, Object> state) {
	}

}
