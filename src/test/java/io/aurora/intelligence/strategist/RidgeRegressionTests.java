package io.aurora.intelligence.strategist;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RidgeRegressionTests {

	private static final int D = 12;

	@Test
	void weightsSolveTheForgettingRidgeSystemOverAllDimensions() {
		RidgeRegression model = new RidgeRegression(D, 0.98, 0.5);
		double[] a = new double[D * D];
		double[] b = new double[D];
		SplittableRandom random = new SplittableRandom(3);
		for (int step = 0; step < 300; step++) {
			SparseVector x = sparse(random, step < 150 ? 6 : D);
			double target = random.nextDouble(-1, 1);
			model.learn(x, target);
			for (int i = 0; i < D * D; i++) {
				a[i] *= 0.98;
			}
			for (int i = 0; i < D; i++) {
				b[i] *= 0.98;
			}
			for (int i = 0; i < x.indices().length; i++) {
				b[x.indices()[i]] += target * x.values()[i];
				for (int j = 0; j < x.indices().length; j++) {
					a[x.indices()[i] * D + x.indices()[j]] += x.values()[i] * x.values()[j];
				}
			}
			if (step == 149 || step == 299) {
				double[] expected = gaussianSolve(a, b, 0.5);
				for (int dim = 0; dim < D; dim++) {
					assertThat(model.predict(new SparseVector(new int[] { dim }, new double[] { 1 })))
						.as("weight %d after %d steps", dim, step + 1)
						.isCloseTo(expected[dim], within(1e-9));
				}
			}
		}
	}

	@Test
	void observedStepsArePublishedByRefit() {
		RidgeRegression model = new RidgeRegression(D, 1, 1);
		SparseVector bias = new SparseVector(new int[] { 0 }, new double[] { 1 });
		model.observe(bias, 4);
		assertThat(model.predict(bias)).isZero();
		assertThat(model.observations()).isZero();
		assertThat(model.predictLatest(bias)).isCloseTo(4 / (1 + 1.0), within(1e-12));
		assertThat(model.predict(bias)).isZero();
		model.refit();
		assertThat(model.predict(bias)).isCloseTo(4 / (1 + 1.0), within(1e-12));
		assertThat(model.observations()).isEqualTo(1);
	}

	@Test
	void stateExportedBeforeARefitImportsAsTheRefittedModel() {
		RidgeRegression model = new RidgeRegression(D, 0.99, 1);
		SplittableRandom random = new SplittableRandom(8);
		for (int i = 0; i < 20; i++) {
			model.learn(sparse(random, D), random.nextDouble());
		}
		model.observe(sparse(random, D), 0.9);
		model.observe(sparse(random, D), -0.4);
		RidgeRegression copy = new RidgeRegression(D, 0.99, 1);
		copy.importState(TestJson.roundTrip(model.exportState()), 0);
		model.refit();
		for (int dim = 0; dim < D; dim++) {
			SparseVector unit = new SparseVector(new int[] { dim }, new double[] { 1 });
			assertThat(copy.predict(unit)).isEqualTo(model.predict(unit));
		}
		assertThat(copy.observations()).isEqualTo(model.observations()).isEqualTo(22);
	}

	@Test
	void importedDimensionWithOnlyATargetTermStillGetsItsWeight() {
		// Its diagonal entry aged below the smallest kept, its target term not yet: what learning can leave.
		double[] a = new double[D * D];
		a[0] = 1;
		double[] b = new double[D];
		b[3] = 2e-95;
		RidgeRegression model = new RidgeRegression(D, 1, 0.5);
		model.importState(Map.of("a", a, "b", b, "n", 1), 0);
		assertThat(model.predict(new SparseVector(new int[] { 3 }, new double[] { 1 }))).isCloseTo(4e-95, within(1e-107));
	}

	@Test
	void importRefusesAMatrixNoObservationsCouldHaveSummedTo() {
		RidgeRegression model = new RidgeRegression(D, 1, 1);
		SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < 50; i++) {
			model.observe(sparse(random, D), random.nextDouble());
		}
		model.refit();
		Map<String, Object> state = model.exportState();
		assertThatCode(() -> new RidgeRegression(D, 1, 1).importState(state, 0)).as("a real one").doesNotThrowAnyException();
		// Each solves, with ridge 1, to finite weights: only the matrix's own shape gives it away.
		double[] negative = new double[D * D];
		negative[0] = -0.5;
		double[] asymmetric = new double[D * D];
		asymmetric[0] = asymmetric[D + 1] = 4;
		asymmetric[1] = 1;
		asymmetric[D] = 1.5;
		double[] beyond = new double[D * D];
		beyond[0] = beyond[D + 1] = 1;
		beyond[1] = beyond[D] = 1.5;
		for (double[] a : java.util.List.of(negative, asymmetric, beyond)) {
			double[] b = new double[D];
			b[0] = 1;
			assertThatThrownBy(() -> new RidgeRegression(D, 1, 1).importState(Map.of("a", a, "b", b, "n", 50), 0))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid regression");
		}
	}

	/** Dimensions below {@code span} only, each present with probability one half. */
	private static SparseVector sparse(SplittableRandom random, int span) {
		int[] idx = java.util.stream.IntStream.range(0, span).filter(i -> random.nextBoolean()).toArray();
		double[] val = java.util.Arrays.stream(idx).mapToDouble(i -> random.nextDouble(-1, 1)).toArray();
		return new SparseVector(idx, val);
	}

	/** Plain Gaussian elimination with partial pivoting on {@code (A + ridge·I) θ = b}. */
	private static double[] gaussianSolve(double[] a, double[] b, double ridge) {
		double[][] m = new double[D][D + 1];
		for (int i = 0; i < D; i++) {
			for (int j = 0; j < D; j++) {
				m[i][j] = a[i * D + j] + (i == j ? ridge : 0);
			}
			m[i][D] = b[i];
		}
		return gauss(m);
	}


	@Test
	void aShrinkablePredictionEqualsTheRidgeSolutionPulledTowardThePrior() {
		RidgeRegression model = RidgeRegression.shrinkable(D, 0.99, 0.7, 1);
		SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < 40; i++) {
			int a = random.nextInt(3);
			SparseVector x = new SparseVector(new int[] { 0, 1 + a, 4 }, new double[] { 1, 1, random.nextDouble() });
			model.learn(x, 0.3 * a + random.nextGaussian() * 0.1);
		}
		double[] prior = { 0.2, -0.4, 0.1, 0.9, 0.3, 0.5, -0.7, 0.0, 0, 0, 0, 0 };
		double[] next = { -0.5, 0.3, 0.8, -0.1, 0.6, 0, 0.4, 0.0, 0, 0, 0, 0 };
		Map<String, Object> state = model.exportState();
		double[] a = (double[]) state.get("a");
		double[] b = (double[]) state.get("b");
		double ridge = 0.7;
		int[] dims = { 0, 1, 2, 3, 4 };
		// Each prior, first prediction and again (rows kept for it), then the first prior once more.
		for (double[] toward : new double[][] { prior, prior, next, next, prior }) {
			double[][] m = new double[dims.length][dims.length + 1];
			for (int i = 0; i < dims.length; i++) {
				for (int j = 0; j < dims.length; j++) {
					m[i][j] = a[dims[i] * D + dims[j]] + (i == j ? ridge : 0);
				}
				m[i][dims.length] = b[dims[i]] + ridge * toward[dims[i]];
			}
			double[] theta = gauss(m);
			SparseVector x = new SparseVector(new int[] { 0, 2, 4, 6 }, new double[] { 1, 1, 0.5, 2 });
			double expected = theta[0] + theta[2] + 0.5 * theta[4] + 2 * toward[6];
			assertThat(model.predictShrunkToward(x, toward)).as("dimension 6 was never touched: the prior's weight")
				.isCloseTo(expected, within(1e-9));
			SparseVector other = new SparseVector(new int[] { 1, 3 }, new double[] { 1, 1 });
			assertThat(model.predictShrunkToward(other, toward)).as("rows first needed by a later prediction")
				.isCloseTo(theta[1] + theta[3], within(1e-9));
		}
	}

	@Test
	void forgettingADimensionLeavesTheModelAsIfItHadNeverSeenThatFeature() {
		RidgeRegression model = new RidgeRegression(D, 1, 1);
		RidgeRegression without = new RidgeRegression(D, 1, 1);
		for (int i = 0; i < 30; i++) {
			model.learn(new SparseVector(new int[] { 0, 3 }, new double[] { 1, 1 }), -1.0);
			model.learn(new SparseVector(new int[] { 0, 5 }, new double[] { 1, 1 }), 0.5);
			without.learn(new SparseVector(new int[] { 0 }, new double[] { 1 }), -1.0);
			without.learn(new SparseVector(new int[] { 0, 5 }, new double[] { 1, 1 }), 0.5);
		}
		model.forget(3);
		model.refit();
		SparseVector query = new SparseVector(new int[] { 0, 3, 5 }, new double[] { 1, 1, 1 });
		assertThat(model.predict(query)).as("dimension 3's weight is gone; what the bias learned stays")
			.isCloseTo(without.predict(query), within(1e-12));
		double[] a = (double[]) model.exportState().get("a");
		for (int j = 0; j < D; j++) {
			assertThat(a[3 * D + j]).isZero();
			assertThat(a[j * D + 3]).isZero();
		}
	}

	/** Solves an augmented system by Gaussian elimination with partial pivoting. */
	private static double[] gauss(double[][] m) {
		int n = m.length;
		for (int c = 0; c < n; c++) {
			int pivot = c;
			for (int r = c + 1; r < n; r++) {
				if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
					pivot = r;
				}
			}
			double[] t = m[c];
			m[c] = m[pivot];
			m[pivot] = t;
			for (int r = 0; r < n; r++) {
				if (r != c) {
					double f = m[r][c] / m[c][c];
					for (int k = c; k <= n; k++) {
						m[r][k] -= f * m[c][k];
					}
				}
			}
		}
		double[] x = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = m[i][n] / m[i][i];
		}
		return x;
	}

}
