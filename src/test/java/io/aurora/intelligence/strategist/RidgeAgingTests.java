package io.aurora.intelligence.strategist;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** How a ridge regression's observations age on the shared clock, and what aging leaves of them. */
class RidgeAgingTests {

	private static final int D = 12;

	@Test
	void observationsAgeWithTheirOwnLaterOnesAndOnTheSharedClockWhetherOrNotThisModelLearnsInBetween() {
		double f = 0.97;
		double clock = 0.995;
		RidgeRegression model = RidgeRegression.shrinkable(D, f, 1, clock);
		long[] steps = { 2, 3, 9, 40 };
		double[] targets = { 0.8, -0.2, 0.5, 0.1 };
		SparseVector x = new SparseVector(new int[] { 0, 2 }, new double[] { 1, 0.5 });
		for (int i = 0; i < steps.length; i++) {
			model.observeAt(steps[i], x, targets[i]);
		}
		model.ageTo(75);
		model.ageTo(60);
		Map<String, Object> state = model.exportState();
		double[] a = (double[]) state.get("a");
		double[] b = (double[]) state.get("b");
		double weight = 0;
		double weighted = 0;
		for (int i = 0; i < steps.length; i++) {
			double w = Math.pow(clock, 75 - steps[i]) * Math.pow(f, steps.length - 1 - i);
			weight += w;
			weighted += w * targets[i];
		}
		assertThat(a[0]).as("each observation weighs f per later one of its own, and clock per step since it was made")
			.isCloseTo(weight, within(1e-12));
		assertThat(a[2 * D + 2]).isCloseTo(0.25 * weight, within(1e-12));
		assertThat(b[0]).isCloseTo(weighted, within(1e-12));
		assertThat(state.get("aged_at")).as("aging never runs backwards").isEqualTo(75L);
		assertThat(model.predictShrunkToward(x, new double[D])).as("published only by a refit").isZero();
		model.refit();
		assertThat(model.predictShrunkToward(x, new double[D])).isNotZero();
	}

	@Test
	void aModelAgedFarBeyondItsObservationsPredictsItsPrior() {
		RidgeRegression model = RidgeRegression.shrinkable(D, 0.995, 1, 0.995);
		SparseVector x = new SparseVector(new int[] { 0, 1 }, new double[] { 1, 1 });
		for (int i = 0; i < 500; i++) {
			model.observeAt(i, x, -0.9);
		}
		double[] prior = new double[D];
		prior[0] = 0.6;
		model.refit();
		assertThat(model.predictShrunkToward(x, prior)).isCloseTo(-0.9, within(0.02));
		model.ageTo(200_000);
		model.refit();
		assertThat(model.predictShrunkToward(x, prior)).isEqualTo(0.6);
		assertThat((double[]) model.exportState().get("a")).as("weights too small to matter are dropped, not left subnormal")
			.containsOnly(0.0);
	}

	@Test
	void observationsAgedALittleAtATimeAreDroppedBeforeTheyTurnSubnormal() {
		RidgeRegression model = RidgeRegression.shrinkable(D, 0.995, 1, StrictMath.pow(0.995, 0.1));
		SparseVector x = new SparseVector(new int[] { 0, 3 }, new double[] { 1, 0.7 });
		for (int i = 0; i < 50; i++) {
			model.observeAt(i, x, 0.4);
		}
		long step = 50;
		for (int i = 0; i < 1200; i++) {
			step += RewardHead.agingInterval(StrictMath.pow(0.995, 0.1));
			model.ageTo(step);
			model.dropNegligible();
			for (double v : (double[]) model.exportState().get("a")) {
				assertThat(v == 0 || Math.abs(v) >= Double.MIN_NORMAL).as("never subnormal").isTrue();
			}
		}
		assertThat((double[]) model.exportState().get("a")).containsOnly(0.0);
	}

	@Test
	void stateAgedBeyondItsClockIsRefused() {
		RidgeRegression model = RidgeRegression.shrinkable(D, 0.99, 1, 0.999);
		model.observeAt(7, new SparseVector(new int[] { 0 }, new double[] { 1 }), 0.5);
		Map<String, Object> state = model.exportState();
		RidgeRegression copy = RidgeRegression.shrinkable(D, 0.99, 1, 0.999);
		copy.importState(state, 7);
		assertThat(copy.agedAt()).isEqualTo(7);
		assertThatIllegalArgumentException().isThrownBy(() -> RidgeRegression.shrinkable(D, 0.99, 1, 0.999).importState(state, 6))
			.withMessageContaining("aged_at");
	}

}
