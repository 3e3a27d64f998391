package io.aurora.intelligence.api;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * An answer's output that fails once writing it has taken longer than its limit, so that a client
 * reading a large answer slowly, a few bytes at a time, cannot hold what the answer holds (the one
 * model export slot) for as long as it likes; a client that stops reading altogether is cut off by
 * the server's write timeout.
 */
final class DeadlineOutputStream extends FilterOutputStream {

	private final long deadline;

	private final long limitMs;

	private final LongSupplier nanoClock;

	DeadlineOutputStream(OutputStream out, long limitMs, LongSupplier nanoClock) {
		super(out);
		this.limitMs = limitMs;
		this.nanoClock = nanoClock;
		this.deadline = nanoClock.getAsLong() + limitMs * 1_000_000;
	}

	@Override
	public void write(int b) throws IOException {
		check();
		out.write(b);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		check();
		out.write(bytes, offset, length);
	}

	/** The answer was not read in time; what was written stays written, the rest is not. */
	static final class Expired extends IOException {

		Expired(String message) {
			super(message);
		}

	}

	private void check() throws Expired {
		if (nanoClock.getAsLong() - deadline > 0) {
			throw new Expired("the client did not read the answer within " + limitMs + " ms");
		}
	}

}
