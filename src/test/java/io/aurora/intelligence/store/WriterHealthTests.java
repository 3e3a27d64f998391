package io.aurora.intelligence.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the writer's transactions tell readiness: a transaction run again after a lost connection keeps its start. */
class WriterHealthTests {

	@Test
	void aTransactionRunAgainOnANewConnectionIsTimedFromItsFirstAttempt() throws InterruptedException {
		WriterHealth health = new WriterHealth(50);
		health.began();
		Thread.sleep(80);
		health.began();
		assertThat(health.report(true, 0, false).fault()).as("the first attempt ran past the commit timeout")
			.isEqualTo("a commit has run for over 50 ms");
		assertThat(health.refusing(0)).isTrue();
		health.committed();
		health.began();
		assertThat(health.report(true, 0, false).fault()).as("a new transaction starts its own clock").isNull();
	}

}
