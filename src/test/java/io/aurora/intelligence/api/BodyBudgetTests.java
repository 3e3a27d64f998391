package io.aurora.intelligence.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared budget for request bodies being received and handled. */
class BodyBudgetTests {

	@Test
	void aCompleteBodyReservesThirtyTwoTimesItsSizeAndOneArrivingTwiceWhatHasArrived() {
		BodyBudget budget = new BodyBudget(BodyBudget.BUDGET_MIB * 1024, BodyBudget.WAIT_MS);
		assertThat(budget.kib(2_000)).isEqualTo(63);
		assertThat(budget.kib(0)).isEqualTo(1);
		assertThat(budget.kib(BodyLimitFilter.MAX_BODY_BYTES)).isEqualTo(32 * 1024);
		assertThat(budget.receivingKib(2_000)).isEqualTo(4);
		assertThat(budget.receivingKib(10)).isEqualTo(1);
	}

	@Test
	void theBudgetIsAQuarterOfTheHeapAtMost192MiB() {
		assertThat(BodyBudget.budgetKib(192L << 20)).as("-Xmx192m").isEqualTo(48 * 1024);
		assertThat(BodyBudget.budgetKib(665L << 20)).as("the manifests' heap").isEqualTo(665 * 1024 / 4);
		assertThat(BodyBudget.budgetKib(6L << 30)).isEqualTo(192 * 1024);
		assertThat(BodyBudget.budgetKib(1L << 20)).as("never under 1 MiB").isEqualTo(1024);
	}

	@Test
	void whenTheBudgetIsTakenFurtherReservationsAreRefusedAfterTheWaitUntilItIsGivenBack() throws InterruptedException {
		BodyBudget budget = new BodyBudget(1024, 50);
		assertThat(budget.usedBytes()).isZero();
		assertThat(budget.reserveKib(budget.kib(64 * 1024))).isTrue();
		assertThat(budget.usedBytes()).as("what the gauge shows").isEqualTo(1024 * 1024);
		assertThat(budget.reserveKib(2)).isFalse();
		budget.release(1024);
		assertThat(budget.reserveKib(2)).isTrue();
		assertThat(budget.usedBytes()).isEqualTo(2 * 1024);
	}

	@Test
	void aBodyLargerThanTheWholeBudgetWaitsForAllOfIt() throws InterruptedException {
		BodyBudget budget = new BodyBudget(1024, 50);
		assertThat(budget.reserveKib(2)).isTrue();
		assertThat(budget.kib(BodyLimitFilter.MAX_MODEL_BYTES)).isEqualTo(1024);
		assertThat(budget.reserveKib(1024)).isFalse();
		budget.release(2);
		assertThat(budget.reserveKib(1024)).isTrue();
	}

	@Test
	void aReservationGrowsAsItsBodyArrivesHoldsTheCompleteBodysShareAndGivesAllBackOnce() {
		BodyBudget budget = new BodyBudget(1024, 50);
		BodyBudget.Reservation held = budget.reservation();
		assertThat(held.holdReceiving(100 * 1024)).isTrue();
		assertThat(budget.usedBytes()).as("twice what has arrived").isEqualTo(200 * 1024);
		assertThat(held.holdComplete(4 * 1024)).isTrue();
		assertThat(budget.usedBytes()).as("a smaller complete body gives back the excess").isEqualTo(128 * 1024);
		assertThat(held.holdComplete(64 * 1024)).as("more than the whole budget is held as all of it").isTrue();
		assertThat(budget.usedBytes()).isEqualTo(1024 * 1024);
		assertThat(budget.reservation().holdReceiving(10)).as("no room left").isFalse();
		held.release();
		held.release();
		assertThat(budget.usedBytes()).as("given back once, however often released").isZero();
		assertThat(budget.limitBytes()).isEqualTo(1024 * 1024);
	}

}
