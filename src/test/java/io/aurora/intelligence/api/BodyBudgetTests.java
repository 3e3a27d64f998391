package io.aurora.intelligence.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared budget for request bodies being received and handled. */
class BodyBudgetTests {

	@Test
	void aCompleteBodyReservesThirtyTwoTimesItsSizeAndOneArrivingTwiceWhatHasArrivedPastEightKib() {
		BodyBudget budget = new BodyBudget(BodyBudget.BUDGET_MIB * 1024, BodyBudget.WAIT_MS);
		assertThat(budget.kib(2_000)).isEqualTo(63);
		assertThat(budget.kib(0)).isEqualTo(1);
		assertThat(budget.kib(BodyLimitFilter.MAX_BODY_BYTES)).isEqualTo(32 * 1024);
		assertThat(budget.receivingKib(20_000)).isEqualTo(40);
		assertThat(budget.receivingKib(BodyBudget.SMALL_BYTES)).as("a small body holds nothing while it arrives").isZero();
		assertThat(budget.limitBytes()).isEqualTo(BodyBudget.BUDGET_MIB << 20);
	}

	@Test
	void theBudgetIsAQuarterOfTheHeapAtMost192MiB() {
		assertThat(BodyBudget.budgetKib(192L << 20)).as("-Xmx192m").isEqualTo(48 * 1024);
		assertThat(BodyBudget.budgetKib(665L << 20)).as("the manifests' heap").isEqualTo(665 * 1024 / 4);
		assertThat(BodyBudget.budgetKib(6L << 30)).isEqualTo(192 * 1024);
		assertThat(BodyBudget.budgetKib(1L << 20)).as("never under 1 MiB").isEqualTo(1024);
	}

	@Test
	void aReservationGrowsAsItsBodyArrivesThenHoldsTheCompleteBodysShareAndGivesAllBackOnce() {
		BodyBudget budget = new BodyBudget(1024, 50);
		BodyBudget.Reservation held = budget.reservation();
		assertThat(held.holdReceiving(100 * 1024)).isTrue();
		assertThat(budget.usedBytes()).as("twice what has arrived").isEqualTo(200 * 1024);
		assertThat(held.holdComplete(4 * 1024)).isTrue();
		assertThat(budget.usedBytes()).as("the complete body's share only").isEqualTo(128 * 1024);
		assertThat(held.holdComplete(64 * 1024)).as("more than the share for complete bodies is held as all of it").isTrue();
		assertThat(budget.usedBytes()).isEqualTo(768 * 1024);
		assertThat(budget.reservation().holdComplete(10)).as("no room left for complete bodies").isFalse();
		held.release();
		held.release();
		assertThat(budget.usedBytes()).as("given back once, however often released").isZero();
	}

	@Test
	void slowLargeBodiesFillingTheirShareHoldUpNeitherSmallBodiesNorCompleteOnes() {
		BodyBudget budget = new BodyBudget(1024, 50);
		BodyBudget.Reservation slow = budget.reservation();
		assertThat(slow.holdReceiving(128 * 1024)).isTrue();
		assertThat(budget.reservation().holdReceiving(16 * 1024)).as("the share for arriving bodies is taken").isFalse();
		BodyBudget.Reservation small = budget.reservation();
		assertThat(small.holdReceiving(200)).isTrue();
		assertThat(small.holdComplete(200)).isTrue();
		small.release();
		slow.release();
		assertThat(budget.usedBytes()).isZero();
	}

	@Test
	void twoLargeBodiesArrivingTogetherAreBothParsedInTurn() throws Exception {
		BodyBudget budget = new BodyBudget(32 * 1024, 2_000);
		BodyBudget.Reservation first = budget.reservation();
		BodyBudget.Reservation second = budget.reservation();
		assertThat(first.holdReceiving(1 << 20)).isTrue();
		assertThat(second.holdReceiving(1 << 20)).isTrue();
		assertThat(first.holdComplete(1 << 20)).as("no arriving body stands in its way").isTrue();
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> second.holdComplete(1 << 20));
		Thread.sleep(100);
		assertThat(waiting).as("waits for the first body's parse").isNotDone();
		first.release();
		assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
		second.release();
		assertThat(budget.usedBytes()).isZero();
	}

	@Test
	void aParsedBodyKeepsEightTimesItsSizeUntilAnswered() {
		BodyBudget budget = new BodyBudget(BodyBudget.BUDGET_MIB * 1024, 50);
		BodyBudget.Reservation held = budget.reservation();
		assertThat(held.holdComplete(1 << 20)).isTrue();
		assertThat(budget.usedBytes()).isEqualTo(32 << 20);
		held.holdParsed();
		assertThat(budget.usedBytes()).isEqualTo(8 << 20);
		held.holdParsed();
		assertThat(budget.usedBytes()).as("never grows back").isEqualTo(8 << 20);
		held.release();
		assertThat(budget.usedBytes()).isZero();
		BodyBudget imports = BodyBudget.oneAtATime(50);
		BodyBudget.Reservation model = imports.reservation();
		assertThat(model.holdComplete(1 << 20)).isTrue();
		model.holdParsed();
		assertThat(imports.usedBytes()).as("one at a time, whole").isEqualTo(1024);
	}

	@Test
	void oneAtATimeTakesAnyBodyWholeAndNoOtherUntilItIsGivenBack() {
		BodyBudget imports = BodyBudget.oneAtATime(50);
		BodyBudget.Reservation held = imports.reservation();
		assertThat(held.holdReceiving(10)).isTrue();
		assertThat(held.holdComplete(BodyLimitFilter.MAX_MODEL_BYTES)).isTrue();
		assertThat(imports.reservation().holdReceiving(10)).isFalse();
		held.release();
		assertThat(imports.reservation().holdReceiving(10)).isTrue();
		assertThat(imports.limitBytes()).isEqualTo(1024);
	}

}
