package io.aurora.intelligence.store;

import java.sql.SQLException;
import java.util.function.ToIntFunction;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Traces a request's wait for its write's commit: a span of the request's, named {@value #SPAN_NAME} and tagged
 * {@value #WRITE_TAG} with what the write was ({@code trace}, {@code feedback}, {@code claim}, …) and, once it is
 * committed, {@value #BATCH_TAG} with how many writes its commit held, so that a trace shows what the durable write
 * took of a decision or a feedback, a slow disk's fsync or a large batch among it. Writes made outside
 * a request (retention, expiry) are not traced. A failure is recorded by its type and SQLState only: a database's
 * message may quote the statement and its values.
 */
@FunctionalInterface
interface StoreTracing {

	/** The commit's span name. */
	String SPAN_NAME = "aurora-store commit";

	/** The tag saying what the write was. */
	String WRITE_TAG = "aurora.store.write";

	/** The tag saying how many writes the commit that stored it held (1 for a write run alone). */
	String BATCH_TAG = "aurora.store.batch";

	/** Traces nothing: no tracing. */
	StoreTracing NONE = what -> Commit.NONE;

	/** Starts the span of a write, named {@code what}, about to be queued for commit. */
	Commit start(String what);

	/**
	 * Runs {@code commit}, a caller's wait for its write's commit, in a span, which it tells the commit's batch;
	 * returns what it returns.
	 */
	default int around(String what, ToIntFunction<Commit> commit) {
		Commit traced = start(what);
		try {
			int rows = commit.applyAsInt(traced);
			traced.end(null);
			return rows;
		}
		catch (RuntimeException | Error ex) {
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

		/** Records that the write was committed in a batch of {@code writes}; nothing when not traced. */
		default void batch(int writes) {
		}

		/** Ends the wait's span, marked as an error by {@code failure}'s type when the write was not committed. */
		void end(@Nullable Throwable failure);

	}

	/** Spans by {@code tracer}, children of the current one; {@link #NONE} without tracing. */
	static StoreTracing of(@Nullable Tracer tracer) {
		if (tracer == null) {
			return NONE;
		}
		return what -> {
			Span request = tracer.currentSpan();
			if (request == null) {
				return Commit.NONE;
			}
			Span span = tracer.nextSpan(request).name(SPAN_NAME).tag(WRITE_TAG, what).start();
			return new Commit() {

				@Override
				public void batch(int writes) {
					span.tag(BATCH_TAG, writes);
				}

				@Override
				public void end(@Nullable Throwable failure) {
					if (failure != null) {
						span.tag("error.type", failure.getClass().getName());
						span.error(new CommitFailed(failure));
					}
					span.end();
				}

			};
		};
	}

	/** Why a traced commit failed, as its span records it: the failure's type and SQLState, no message, no stack trace. */
	final class CommitFailed extends RuntimeException {

		CommitFailed(Throwable failure) {
			super(description(failure), null, false, false);
		}

		static String description(Throwable failure) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof SQLException sql && sql.getSQLState() != null) {
					return failure.getClass().getSimpleName() + " (SQLState " + sql.getSQLState() + ")";
				}
			}
			return failure.getClass().getSimpleName();
		}

	}

}
