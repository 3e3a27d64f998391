package io.aurora.intelligence.auditor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One whole-model copy at a time: requests wait a while for it, background work skips a round. */
class ModelCopiesTests {

	private final ModelCopies copies = new ModelCopies(50);

	@Test
	void aSecondCopyWaitsForTheSlotThenIsRefusedWithARetryAfter() {
		try (ModelCopies.Held held = copies.take("an export")) {
			CompletableFuture<Object> other = CompletableFuture.supplyAsync(() -> copies.take("an import"));
			assertThat(other).failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOfSatisfying(ModelBusyException.class, (ex) -> {
					assertThat(ex.retryAfterSeconds()).isEqualTo(2);
					assertThat(ex.getMessage()).contains("while an import waited");
				});
			assertThat(CompletableFuture.supplyAsync(copies::tryTake).join()).as("background work skips its round").isNull();
		}
		try (ModelCopies.Held again = copies.tryTake()) {
			assertThat(again).as("free once closed").isNotNull();
		}
	}

	@Test
	void anInterruptedWaitIsRefusedAndKeepsTheInterrupt() {
		try (ModelCopies.Held held = copies.take("an export")) {
			CompletableFuture<Boolean> interrupted = CompletableFuture.supplyAsync(() -> {
				Thread.currentThread().interrupt();
				try {
					copies.take("an import");
					return false;
				}
				catch (ModelBusyException ex) {
					return Thread.interrupted(); // reads and clears the flag, leaving the pool's thread as it was
				}
			});
			assertThat(interrupted.join()).isTrue();
		}
	}

}
