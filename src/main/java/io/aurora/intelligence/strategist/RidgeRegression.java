package io.aurora.intelligence.strategist;

import java.util.Map;

/**
 * Online ridge regression with exponential forgetting: after each observation the weights solve
 * {@code (A + ridge·I) θ = b}, where {@code A = Σ λ^age x xᵀ} and {@code b = Σ λ^age r x}. Forgetting
 * lets estimates follow a market that changes. Predictions read an immutable weight array, so they
 * may run concurrently with learning.
 */
final class RidgeRegression {

	private final int d;

	private final double forgetting;

	private final double ridge;

	private final double[] a;

	private final double[] b;

	private volatile double[] theta;

	private long observations;

	RidgeRegression(int dimension, double forgetting, double ridge) {
		this.d = dimension;
		this.forgetting = forgetting;
		this.ridge = ridge;
		this.a = new double[dimension * dimension];
		this.b = new double[dimension];
		this.theta = new double[dimension];
	}

	double predict(SparseVector x) {
		return x.dot(theta);
	}

	long observations() {
		return observations;
	}

	/** Adds one observation and re-solves for the weights; callers serialise learning. */
	void learn(SparseVector x, double target) {
		if (forgetting != 1) {
			for (int i = 0; i < a.length; i++) {
				a[i] *= forgetting;
			}
			for (int i = 0; i < d; i++) {
				b[i] *= forgetting;
			}
		}
		int[] idx = x.indices();
		double[] val = x.values();
		for (int i = 0; i < idx.length; i++) {
			b[idx[i]] += target * val[i];
			for (int j = 0; j < idx.length; j++) {
				a[idx[i] * d + idx[j]] += val[i] * val[j];
			}
		}
		observations++;
		theta = solve();
	}

	Map<String, Object> exportState() {
		return Map.of("a", a.clone(), "b", b.clone(), "n", observations);
	}

	void importState(Map<String, Object> state) {
		StateCodec.doubles(state, "a", a);
		StateCodec.doubles(state, "b", b);
		observations = StateCodec.number(state, "n").longValue();
		double[] solved = solve();
		for (double w : solved) {
			if (!Double.isFinite(w)) {
				throw new IllegalArgumentException("model state is not a valid regression (weights are not finite)");
			}
		}
		theta = solved;
	}

	/** Solves {@code (A + ridge·I) θ = b} by Cholesky decomposition; the matrix is positive definite. */
	private double[] solve() {
		double[] l = new double[d * d];
		for (int i = 0; i < d; i++) {
			for (int j = 0; j <= i; j++) {
				double sum = a[i * d + j] + (i == j ? ridge : 0);
				for (int k = 0; k < j; k++) {
					sum -= l[i * d + k] * l[j * d + k];
				}
				l[i * d + j] = i == j ? Math.sqrt(sum) : sum / l[j * d + j];
			}
		}
		double[] y = new double[d];
		for (int i = 0; i < d; i++) {
			double sum = b[i];
			for (int k = 0; k < i; k++) {
				sum -= l[i * d + k] * y[k];
			}
			y[i] = sum / l[i * d + i];
		}
		double[] x = new double[d];
		for (int i = d - 1; i >= 0; i--) {
			double sum = y[i];
			for (int k = i + 1; k < d; k++) {
				sum -= l[k * d + i] * x[k];
			}
			x[i] = sum / l[i * d + i];
		}
		return x;
	}

}
