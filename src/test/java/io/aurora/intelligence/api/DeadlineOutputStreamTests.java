package io.aurora.intelligence.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How an answer written to a slow reader is cut off. */
class DeadlineOutputStreamTests {

	private final AtomicLong now = new AtomicLong();

	private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

	private final DeadlineOutputStream out = new DeadlineOutputStream(sink, 100, now::get);

	@Test
	void writesWithinTheLimitPassThrough() throws IOException {
		out.write(new byte[] { 1, 2, 3 }, 0, 3);
		now.addAndGet(100_000_000);
		out.write(4);
		assertThat(sink.toByteArray()).containsExactly(1, 2, 3, 4);
	}

	@Test
	void aWriteAfterTheLimitFailsAndWritesNothing() throws IOException {
		out.write(1);
		now.addAndGet(100_000_001);
		assertThatThrownBy(() -> out.write(new byte[] { 2 }, 0, 1)).isInstanceOf(IOException.class)
			.hasMessageContaining("within 100 ms");
		assertThatThrownBy(() -> out.write(3)).isInstanceOf(IOException.class);
		assertThat(sink.toByteArray()).containsExactly(1);
	}

}
