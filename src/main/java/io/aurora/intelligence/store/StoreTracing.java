package io.aurora.intelligence.store;

import java.util.function.IntSupplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Traces a request's wait for its write's commit: a span of the request's, named {@value #SPAN_NAME}, so that a
 * trace shows what the durable write took of a decision or a feedback, a slow disk's fsync among it. Writes made
 * outside a request (retention, housekeeping) are not traced.
 */
@FunctionalInterface
interface StoreTracing {

	/** The commit's span name. */
	String SPAN_NAME = "aurora-store commit";

	/** Traces nothing: no tracing. */
	StoreTracing NONE = () -> Commit.NONE;

	/** Starts the span of a write about to be queued for commit. */
	Commit start();

	/** Runs {@code commit}, a caller's wait for its write's commit, in a span; returns what it returns. */
	default int around(IntSupplier commit) {
		Commit traced = start();
		try {
			int rows = commit.getAsInt();
			traced.end(null);
			return rows;
		}
		catch (RuntimeException ex) {
			traced.end(ex);
			throw ex;
		}
	}

	/** A commit being waited for. */
	@FunctionalInterface
	interface Commit {

		/** A wait not traced. */
		Commit NONE = failure -> {
		};

		/** Ends the wait's span, marked as an error with {@code failure}'s message when the write was not committed. */
		void end(@Nullable RuntimeException failure);

	}

	/** Spans by {@code tracer}, children of the current one; {@link #NONE} without tracing. */
	static StoreTracing of(@Nullable Tracer tracer) {
		if (tracer == null) {
			return NONE;
		}
		return () -> {
			Span request = tracer.currentSpan();
			if (request == null) {
				return Commit.NONE;
			}
			Span span = tracer.nextSpan(request).name(SPAN_NAME).start();
			return failure -> {
				if (failure != null) {
					span.error(new CommitFailed(String.valueOf(failure.getMessage())));
				}
				span.end();
			};
		};
	}

	/** Why a traced commit failed, as its span records it; no stack trace is taken. */
	final class CommitFailed extends RuntimeException {

		CommitFailed(String message) {
			super(message, null, false, false);
		}

	}

}
