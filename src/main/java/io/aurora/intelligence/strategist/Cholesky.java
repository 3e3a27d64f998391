package io.aurora.intelligence.strategist;

/**
 * The Cholesky kernel behind {@link RidgeRegression}: factors a positive definite matrix over some of
 * its dimensions, solves with the factor and inverts through it. Matrices are dense and row-major.
 */
final class Cholesky {

	private Cholesky() {
	}

	/**
	 * The lower-triangular {@code L} with {@code L Lᵀ = A + ridge·I} over dimensions {@code dims} of the
	 * {@code d × d} matrix {@code a}, of order {@code dims.length}.
	 */
	static double[] factor(double[] a, int d, int[] dims, double ridge) {
		int n = dims.length;
		double[] l = new double[n * n];
		for (int i = 0; i < n; i++) {
			int row = dims[i] * d;
			for (int j = 0; j <= i; j++) {
				double sum = a[row + dims[j]] + (i == j ? ridge : 0);
				for (int k = 0; k < j; k++) {
					sum -= l[i * n + k] * l[j * n + k];
				}
				l[i * n + j] = i == j ? Math.sqrt(sum) : sum / l[j * n + j];
			}
		}
		return l;
	}

	/** {@code (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹} for the lower-triangular {@code l} of order {@code n}, row-major. */
	static double[] inverse(double[] l, int n) {
		double[] li = new double[n * n];
		for (int c = 0; c < n; c++) {
			li[c * n + c] = 1 / l[c * n + c];
			for (int r = c + 1; r < n; r++) {
				double sum = 0;
				for (int k = c; k < r; k++) {
					sum -= l[r * n + k] * li[k * n + c];
				}
				li[r * n + c] = sum / l[r * n + r];
			}
		}
		double[] m = new double[n * n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j <= i; j++) {
				double sum = 0;
				for (int k = i; k < n; k++) {
					sum += li[k * n + i] * li[k * n + j];
				}
				m[i * n + j] = sum;
				m[j * n + i] = sum;
			}
		}
		return m;
	}

	/** Solves {@code L Lᵀ x = rhs} for the lower-triangular {@code l} of order {@code n}. */
	static double[] solve(double[] l, int n, double[] rhs) {
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			double sum = rhs[i];
			for (int k = 0; k < i; k++) {
				sum -= l[i * n + k] * y[k];
			}
			y[i] = sum / l[i * n + i];
		}
		double[] x = new double[n];
		for (int i = n - 1; i >= 0; i--) {
			double sum = y[i];
			for (int k = i + 1; k < n; k++) {
				sum -= l[k * n + i] * x[k];
			}
			x[i] = sum / l[i * n + i];
		}
		return x;
	}

}
