package io.aurora.intelligence.config;

import java.io.IOException;

/**
 * The hard deadline of the neighbour call running on this thread, for the parts of a call that its
 * cancellation cannot reach: a host-name lookup runs before any socket exists to close, so it waits
 * no longer than what is left of the call.
 */
public final class CallDeadline {

	private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

	private CallDeadline() {
	}

	/** A call that may fail with an I/O error. */
	@FunctionalInterface
	public interface IoCall<T> {

		/** Makes the call. */
		T call() throws IOException;

	}

	/** Runs {@code call} with its deadline at {@code deadlineNanos}, in {@link System#nanoTime()} terms. */
	public static <T> T within(long deadlineNanos, IoCall<T> call) throws IOException {
		Long outer = DEADLINE.get();
		DEADLINE.set(deadlineNanos);
		try {
			return call.call();
		}
		finally {
			if (outer == null) {
				DEADLINE.remove();
			}
			else {
				DEADLINE.set(outer);
			}
		}
	}

	/** What is left of {@code boundNanos} under this thread's call deadline, if one is set (possibly 0 or less). */
	public static long remainingNanos(long boundNanos) {
		Long deadline = DEADLINE.get();
		return deadline == null ? boundNanos : Math.min(boundNanos, deadline - System.nanoTime());
	}

}
