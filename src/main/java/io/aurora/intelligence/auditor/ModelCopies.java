package io.aurora.intelligence.auditor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Lets one whole copy of the model besides the one in use exist at a time: an import (its parsed
 * document, prepared model and stored snapshot), the load of an import made elsewhere or of a snapshot,
 * a checkpoint, an export, or an evaluation's models fitted on the log. Each of these takes several
 * times the model's heap for a moment, so two at once could exhaust a heap that fits either alone.
 * Requests wait a while for the slot; background work skips a round instead.
 */
@Component
public final class ModelCopies {

	/** How long an import, export or evaluation waits for the slot before it is answered 503. */
	static final long WAIT_MS = 10_000;

	private final ReentrantLock slot = new ReentrantLock();

	private final long waitMs;

	/** A slot that requests wait {@value #WAIT_MS} ms for. */
	public ModelCopies() {
		this(WAIT_MS);
	}

	/** A slot that requests wait {@code waitMs} ms for. */
	public ModelCopies(long waitMs) {
		this.waitMs = waitMs;
	}

	/**
	 * Takes the slot for {@code what}, waiting at most the slot's wait.
	 * @throws ModelBusyException when another copy held it all that time
	 */
	public Held take(String what) {
		try {
			if (slot.tryLock(waitMs, TimeUnit.MILLISECONDS)) {
				return slot::unlock;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new ModelBusyException("Another whole-model copy (an import, export, checkpoint, evaluation, or the load of "
				+ "an import or snapshot) was being made all the while " + what + " waited for it; they are made one at a "
				+ "time, so retry", 2);
	}

	/** Takes the slot if it is free at once; null when another copy holds it. */
	@Nullable Held tryTake() {
		return slot.tryLock() ? slot::unlock : null;
	}

	/** The slot, held until closed by the thread that took it. */
	public interface Held extends AutoCloseable {

		@Override
		void close();

	}

}
