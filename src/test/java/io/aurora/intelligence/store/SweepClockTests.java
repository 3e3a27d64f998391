package io.aurora.intelligence.store;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time deletions go by: the wall clock while it moves as the monotonic clock counts, the counted time when
 * the wall clock steps forward, the wall clock at once when it steps back, and on the shared store no later than
 * the database's clock.
 */
@ExtendWith(OutputCaptureExtension.class)
class SweepClockTests {

	private static final Instant START = Instant.parse("2026-12-03T09:00:00Z");

	private final TestClock wall = TestClock.at(START);

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	@Test
	void whileTimePassesAsCountedItIsTheWallClock() {
		SweepClock sweep = new SweepClock(wall, nanos::get, null);
		pass(Duration.ofSeconds(10));
		assertThat(sweep.localMillis()).isEqualTo(START.plusSeconds(10).toEpochMilli());
		assertThat(sweep.millis()).isEqualTo(sweep.storeMillis()).isEqualTo(START.plusSeconds(10).toEpochMilli());
	}

	@Test
	void aWallClockSteppedForwardIsNotFollowedAndSaysSo(CapturedOutput output) {
		SweepClock sweep = new SweepClock(wall, nanos::get, null);
		wall.set(START.plus(Duration.ofDays(8)));
		pass(Duration.ofSeconds(1));
		assertThat(sweep.millis()).as("a second has passed, not eight days").isEqualTo(START.plusSeconds(1).toEpochMilli());
		assertThat(output.getOut()).contains("The wall clock is 691200 s ahead of the time counted");
		pass(Duration.ofMinutes(10));
		assertThat(sweep.localMillis()).isEqualTo(START.plusSeconds(601).toEpochMilli());
	}

	@Test
	void aWallClockSteppedBackIsFollowedAtOnceAndCountedOnFromThere() {
		SweepClock sweep = new SweepClock(wall, nanos::get, null);
		pass(Duration.ofSeconds(5));
		wall.set(START.minus(Duration.ofHours(2)));
		assertThat(sweep.localMillis()).isEqualTo(START.minus(Duration.ofHours(2)).toEpochMilli());
		pass(Duration.ofSeconds(5));
		assertThat(sweep.localMillis()).isEqualTo(START.minus(Duration.ofHours(2)).plusSeconds(5).toEpochMilli());
		wall.set(START.plus(Duration.ofHours(1)));
		assertThat(sweep.localMillis()).as("forward again: counted from where it stepped back")
			.isEqualTo(START.minus(Duration.ofHours(2)).plusSeconds(5).toEpochMilli());
	}

	@Test
	void onTheSharedStoreDeletionsGoByTheEarlierClockAndStampsByTheDatabasesAndASkewIsReported(CapturedOutput output) {
		AtomicLong database = new AtomicLong(START.minus(Duration.ofMinutes(10)).toEpochMilli());
		SweepClock sweep = new SweepClock(wall, nanos::get, database::get);
		assertThat(sweep.millis()).isEqualTo(database.get());
		assertThat(sweep.storeMillis()).isEqualTo(database.get());
		assertThat(sweep.localMillis()).as("a read per request makes no round trip").isEqualTo(START.toEpochMilli());
		assertThat(output.getOut()).contains("This replica's clock is 600 s ahead of the shared store's");
		database.set(START.plus(Duration.ofMinutes(10)).toEpochMilli());
		assertThat(sweep.millis()).as("a database clock ahead does not hurry deletions").isEqualTo(START.toEpochMilli());
		assertThat(output.getOut()).doesNotContain("within 60 s");
		database.set(START.plusSeconds(2).toEpochMilli());
		sweep.storeMillis();
		assertThat(output.getOut()).contains("within 60 s of the shared store's again");
	}

	@Test
	void aWallClockSetRightIsTrustedAgainOnceTheDatabasesAgrees() {
		AtomicLong database = new AtomicLong(START.plus(Duration.ofHours(2)).toEpochMilli());
		SweepClock sweep = new SweepClock(wall, nanos::get, database::get);
		wall.set(START.plus(Duration.ofHours(2)));
		assertThat(sweep.localMillis()).as("two hours behind, set right: not followed alone").isEqualTo(START.toEpochMilli());
		sweep.storeMillis();
		assertThat(sweep.localMillis()).isEqualTo(START.plus(Duration.ofHours(2)).toEpochMilli());
	}

	@Test
	void aFollowingSweepClockGoesWhereverItsClockGoes() {
		SweepClock sweep = SweepClock.following(wall);
		wall.set(START.plus(Duration.ofDays(8)));
		assertThat(sweep.millis()).isEqualTo(START.plus(Duration.ofDays(8)).toEpochMilli());
	}

	private void pass(Duration duration) {
		nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(duration.toMillis()));
		wall.set(wall.instant().plus(duration));
	}

}
