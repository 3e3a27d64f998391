package io.aurora.intelligence.strategist;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Online ridge regression with exponential forgetting: after each observation the weights solve
 * {@code (A + ridge·I) θ = b}, where {@code A = Σ λ^age x xᵀ} and {@code b = Σ λ^age r x}. Forgetting
 * lets estimates follow a market that changes. Predictions read an immutable weight array, so they
 * may run concurrently with learning. Only dimensions some observation has touched take part in the
 * scaling and the solve (the others have zero rows and zero weights), and {@link #observe} lets a
 * caller learn several observations before one {@link #refit}.
 */
final class RidgeRegression {

	private final int d;

	private final double forgetting;

	private final double ridge;

	private final double[] a;

	private final double[] b;

	private volatile double[] theta;

	private long observations;

	/** The dimensions with a non-zero diagonal in {@code A}, ascending. */
	private int[] active = new int[0];

	private boolean stale;

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
		observe(x, target);
		refit();
	}

	/** Adds one observation without re-solving: predictions keep the previous weights until {@link #refit}. */
	void observe(SparseVector x, double target) {
		if (forgetting != 1) {
			for (int i : active) {
				b[i] *= forgetting;
				for (int j : active) {
					a[i * d + j] *= forgetting;
				}
			}
		}
		int[] idx = x.indices();
		double[] val = x.values();
		for (int i = 0; i < idx.length; i++) {
			b[idx[i]] += target * val[i];
			for (int j = 0; j < idx.length; j++) {
				a[idx[i] * d + idx[j]] += val[i] * val[j];
			}
			if (val[i] != 0 && Arrays.binarySearch(active, idx[i]) < 0) {
				active = activeDimensions();
			}
		}
		observations++;
		stale = true;
	}

	/** Re-solves for the weights if observations arrived since the last solve. */
	void refit() {
		if (stale) {
			theta = solve();
			stale = false;
		}
	}

	Map<String, Object> exportState() {
		return Map.of("a", a.clone(), "b", b.clone(), "n", observations);
	}

	void importState(Map<String, Object> state) {
		StateCodec.doubles(state, "a", a);
		StateCodec.doubles(state, "b", b);
		observations = StateCodec.number(state, "n").longValue();
		active = activeDimensions();
		double[] solved = solve();
		for (double w : solved) {
			if (!Double.isFinite(w)) {
				throw new IllegalArgumentException("model state is not a valid regression (weights are not finite)");
			}
		}
		theta = solved;
	}

	private int[] activeDimensions() {
		return IntStream.range(0, d).filter(i -> a[i * d + i] != 0).toArray();
	}

	/**
	 * Solves {@code (A + ridge·I) θ = b} by Cholesky decomposition over the active dimensions; the
	 * matrix is positive definite, and an inactive dimension's weight is 0.
	 */
	private double[] solve() {
		int[] dims = active;
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
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			double sum = b[dims[i]];
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
		double[] weights = new double[d];
		for (int i = 0; i < n; i++) {
			weights[dims[i]] = x[i];
		}
		return weights;
	}

}
