package io.aurora.intelligence.strategist;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Cholesky kernel: a factor, a solve and an inverse over the chosen dimensions of a matrix. */
class CholeskyTests {

	/** A symmetric 4 × 4 matrix, positive definite over dimensions 0, 1 and 3; dimension 2 is left out. */
	private static final double[] A = {
			4, 2, 9, 0.6,
			2, 5, 9, 1,
			9, 9, 9, 9,
			0.6, 1, 9, 3 };

	private static final int[] DIMS = { 0, 1, 3 };

	private static final double RIDGE = 0.5;

	@Test
	void theFactorTimesItsTransposeIsTheMatrixWithItsRidgeOverTheChosenDimensions() {
		double[] l = Cholesky.factor(A, 4, DIMS, RIDGE);
		double[] m = reduced();
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++) {
				double sum = 0;
				for (int k = 0; k < 3; k++) {
					sum += l[i * 3 + k] * l[j * 3 + k];
				}
				assertThat(sum).as("(L Lᵀ)[%d][%d]", i, j).isCloseTo(m[i * 3 + j], within(1e-12));
			}
			for (int j = i + 1; j < 3; j++) {
				assertThat(l[i * 3 + j]).as("lower-triangular").isZero();
			}
		}
	}

	@Test
	void solveAndInverseAnswerTheSystemTheFactorCameFrom() {
		double[] l = Cholesky.factor(A, 4, DIMS, RIDGE);
		double[] m = reduced();
		double[] rhs = { 1, -2, 0.5 };
		double[] x = Cholesky.solve(l, 3, rhs);
		double[] inverse = Cholesky.inverse(l, 3);
		for (int i = 0; i < 3; i++) {
			double sum = 0;
			for (int k = 0; k < 3; k++) {
				sum += m[i * 3 + k] * x[k];
			}
			assertThat(sum).as("row %d of M x", i).isCloseTo(rhs[i], within(1e-12));
			for (int j = 0; j < 3; j++) {
				double product = 0;
				for (int k = 0; k < 3; k++) {
					product += m[i * 3 + k] * inverse[k * 3 + j];
				}
				assertThat(product).as("(M M⁻¹)[%d][%d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-12));
			}
		}
	}

	/** {@code A + ridge·I} over {@link #DIMS}. */
	private static double[] reduced() {
		double[] m = new double[9];
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++) {
				m[i * 3 + j] = A[DIMS[i] * 4 + DIMS[j]] + (i == j ? RIDGE : 0);
			}
		}
		return m;
	}

}
