package io.aurora.intelligence.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared budget for request bodies being received and handled. */
class BodyBudgetTests {

	@Test
	void aCompleteBodyReservesSixteenTimesItsSizeAndOneArrivingTwiceWhatHasArrived() {
		BodyBudget budget = new BodyBudget();
		assertThat(budget.kib(2_000)).isEqualTo(32);
		assertThat(budget.kib(0)).isEqualTo(1);
		assertThat(budget.kib(BodyLimitFilter.MAX_BODY_BYTES)).isEqualTo(16 * 1024);
		assertThat(budget.receivingKib(2_000)).isEqualTo(4);
		assertThat(budget.receivingKib(10)).isEqualTo(1);
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

}
