package io.aurora.intelligence.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared budget for request bodies being handled. */
class BodyBudgetTests {

	@Test
	void ordinaryRequestsReserveSixteenTimesTheirSize() throws InterruptedException {
		BodyBudget budget = new BodyBudget();
		assertThat(budget.reserve(2_000)).isEqualTo(32);
		assertThat(budget.reserve(0)).isEqualTo(1);
		assertThat(budget.reserve(BodyLimitFilter.MAX_BODY_BYTES)).isEqualTo(16 * 1024);
	}

	@Test
	void whenTheBudgetIsTakenFurtherBodiesAreRefusedAfterTheWaitUntilItIsGivenBack() throws InterruptedException {
		BodyBudget budget = new BodyBudget(1024, 50);
		int big = budget.reserve(64 * 1024);
		assertThat(big).isEqualTo(1024);
		assertThat(budget.reserve(100)).isZero();
		budget.release(big);
		assertThat(budget.reserve(100)).isEqualTo(2);
	}

	@Test
	void aBodyLargerThanTheWholeBudgetWaitsForAllOfIt() throws InterruptedException {
		BodyBudget budget = new BodyBudget(1024, 50);
		int small = budget.reserve(100);
		assertThat(budget.reserve(BodyLimitFilter.MAX_MODEL_BYTES)).isZero();
		budget.release(small);
		assertThat(budget.reserve(BodyLimitFilter.MAX_MODEL_BYTES)).isEqualTo(1024);
	}

}
