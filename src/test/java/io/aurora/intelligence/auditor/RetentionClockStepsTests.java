package io.aurora.intelligence.auditor;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention after the wall clock stepped: a feedback stamped in the future by a clock that was ahead does not
 * hold back the deletion of the older entries after it, and traces made after the clock went back are still
 * swept once they are old. (That a clock stepped forward deletes nothing early is {@code SweepClockTests}'.)
 */
class RetentionClockStepsTests extends AbstractRetentionTests {

	@Test
	void aLogEntryStampedInTheFutureGoesWithTheOldEntriesThatFollowIt() throws Exception {
		try (ConfigurableApplicationContext service = withAnEntryStampedAMonthAhead()) {
			int port = port(service);
			clock.set(Instant.parse("2026-11-01T00:01:00Z"));
			decideAndFeedBack(port, 2);
			awaitSnapshotAt(service, 4);
			clock.set(Instant.parse("2026-11-03T00:00:00Z"));

			Retention.Swept swept = service.getBean(Retention.class).sweep();

			assertThat(swept.logEntries()).as("the entry stamped a month ahead, and the three around it").isEqualTo(4);
			assertThat(get(port, "/status").at("/store/feedback").asLong()).isZero();
		}
	}

	@Test
	void moreFutureStampedEntriesThanASweepReadsAtOnceStillGoWithTheOldOneAfterThem() throws Exception {
		try (ConfigurableApplicationContext service = withAnEntryStampedAMonthAhead()) {
			int port = port(service);
			decideAndFeedBack(port, Retention.CHUNK + 4);
			clock.set(Instant.parse("2026-11-01T00:01:00Z"));
			decideAndFeedBack(port, 1);
			awaitSnapshotAt(service, Retention.CHUNK + 7);
			clock.set(Instant.parse("2026-11-03T00:00:00Z"));

			assertThat(service.getBean(Retention.class).sweep().logEntries()).isEqualTo(Retention.CHUNK + 7);
		}
	}

	@Test
	void aLogEntryStampedInTheFutureWithNothingOldAfterItStays() throws Exception {
		try (ConfigurableApplicationContext service = withAnEntryStampedAMonthAhead()) {
			awaitSnapshotAt(service, 2);
			clock.set(Instant.parse("2026-11-03T00:00:00Z"));

			assertThat(service.getBean(Retention.class).sweep().logEntries()).as("only the old one: the other's age is unknown")
				.isEqualTo(1);
		}
	}

	@Test
	void tracesMadeAfterTheClockWentBackAreStillSweptOnceOld() throws Exception {
		Path store = dir.resolve("d.db");
		clock.set(Instant.parse("2026-11-10T00:00:00Z"));
		try (ConfigurableApplicationContext service = start(store)) {
			int port = port(service);
			Retention retention = service.getBean(Retention.class);
			assertThat(retention.sweep().traces()).isZero();
			clock.set(Instant.parse("2026-11-01T00:00:00Z"));
			String unfed = decide(port);
			clock.set(Instant.parse("2026-11-03T00:00:00Z"));

			assertThat(retention.sweep().traces()).as("stamped before what the first sweep examined").isEqualTo(1);
			assertThat(feedback(port, unfed).statusCode()).isEqualTo(404);
		}
	}

	/** A service whose log holds an entry of 1 November, then one stamped 1 December by a clock a month ahead. */
	private ConfigurableApplicationContext withAnEntryStampedAMonthAhead() throws Exception {
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		ConfigurableApplicationContext service = start(dir.resolve("d.db"));
		decideAndFeedBack(port(service), 1);
		clock.set(Instant.parse("2026-12-01T00:00:00Z"));
		decideAndFeedBack(port(service), 1);
		return service;
	}

}
