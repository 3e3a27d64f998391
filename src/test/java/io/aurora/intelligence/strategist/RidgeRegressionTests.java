package io.aurora.intelligence.strategist;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
		copy.importState(TestJson.roundTrip(model.exportState()));
		model.refit();
		for (int dim = 0; dim < D; dim++) {
			SparseVector unit = new SparseVector(new int[] { dim }, new double[] { 1 });
			assertThat(copy.predict(unit)).isEqualTo(model.predict(unit));
		}
		assertThat(copy.observations()).isEqualTo(model.observations()).isEqualTo(22);
	}

	@Test
	void importedDimensionWithOnlyATargetTermStillGetsItsWeight() {
		double[] a = new double[D * D];
		double[] b = new double[D];
		b[3] = 2;
		RidgeRegression model = new RidgeRegression(D, 1, 0.5);
		model.importState(java.util.Map.of("a", a, "b", b, "n", 1));
		assertThat(model.predict(new SparseVector(new int[] { 3 }, new double[] { 1 }))).isCloseTo(4, within(1e-12));
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
		for (int c = 0; c < D; c++) {
			int pivot = c;
			for (int r = c + 1; r < D; r++) {
				if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
					pivot = r;
				}
			}
			double[] swap = m[c];
			m[c] = m[pivot];
			m[pivot] = swap;
			for (int r = 0; r < D; r++) {
				if (r != c) {
					double f = m[r][c] / m[c][c];
					for (int k = c; k <= D; k++) {
						m[r][k] -= f * m[c][k];
					}
				}
			}
		}
		double[] x = new double[D];
		for (int i = 0; i < D; i++) {
			x[i] = m[i][D] / m[i][i];
		}
		return x;
	}

}
