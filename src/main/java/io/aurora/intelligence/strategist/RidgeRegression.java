package io.aurora.intelligence.strategist;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Online ridge regression with exponential forgetting: the weights solve {@code (A + ridge·I) θ = b},
 * where {@code A = Σ λ^age x xᵀ} and {@code b = Σ λ^age r x}. Forgetting lets estimates follow a
 * market that changes. Learning may {@link #observe} several observations before one {@link #refit}
 * publishes the weights; predictions read the published weights, an immutable array, so they run
 * concurrently with learning and always see the model as of a refit. Only dimensions some observation
 * has touched take part in the scaling and the solve; the others have zero rows and zero weights.
 */
final class RidgeRegression {

	private final int d;

	private final double forgetting;

	private final double ridge;

	private final double[] a;

	private final double[] b;

	/** The weights as of the last refit: what predictions use. */
	private volatile double[] theta;

	/** The observations behind {@code theta}. */
	private volatile long published;

	/** The weights solved from every observation so far; the learner's own, up to date when not stale. */
	private double[] latest;

	private long observations;

	/** The dimensions any observation has touched, ascending; a dimension never leaves. */
	private int[] active = new int[0];

	private boolean stale;

	RidgeRegression(int dimension, double forgetting, double ridge) {
		this.d = dimension;
		this.forgetting = forgetting;
		this.ridge = ridge;
		this.a = new double[dimension * dimension];
		this.b = new double[dimension];
		this.theta = new double[dimension];
		this.latest = theta;
	}

	/** The prediction of the published model. */
	double predict(SparseVector x) {
		return x.dot(theta);
	}

	/** The prediction from every observation so far, published or not; for the learner only. */
	double predictLatest(SparseVector x) {
		solveIfStale();
		return x.dot(latest);
	}

	private void solveIfStale() {
		if (stale) {
			latest = solve();
			stale = false;
		}
	}

	/** Observations behind the published model. */
	long observations() {
		return published;
	}

	/** Adds one observation and publishes the re-solved weights; callers serialise learning. */
	void learn(SparseVector x, double target) {
		observe(x, target);
		refit();
	}

	/** Adds one observation; predictions keep the published weights until {@link #refit}. */
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
			int at = Arrays.binarySearch(active, idx[i]);
			if (val[i] != 0 && at < 0) {
				int[] grown = Arrays.copyOf(active, active.length + 1);
				System.arraycopy(active, -at - 1, grown, -at, active.length + at + 1);
				grown[-at - 1] = idx[i];
				active = grown;
			}
		}
		observations++;
		stale = true;
	}

	/** Solves for the weights if observations arrived since the last solve, without publishing them. */
	void prepare() {
		solveIfStale();
	}

	/** Solves for the weights if observations arrived since the last solve, and publishes them. */
	void refit() {
		solveIfStale();
		theta = latest;
		published = observations;
	}

	Map<String, Object> exportState() {
		return Map.of("a", a.clone(), "b", b.clone(), "n", observations);
	}

	void importState(Map<String, Object> state) {
		StateCodec.doubles(state, "a", a);
		StateCodec.doubles(state, "b", b);
		observations = StateCodec.number(state, "n").longValue();
		active = IntStream.range(0, d).filter(this::touched).toArray();
		double[] solved = solve();
		for (double w : solved) {
			if (!Double.isFinite(w)) {
				throw new IllegalArgumentException("model state is not a valid regression (weights are not finite)");
			}
		}
		latest = solved;
		stale = false;
		theta = solved;
		published = observations;
	}

	/** Whether dimension {@code i} has any non-zero entry in its row or column of {@code A}, or in {@code b}. */
	private boolean touched(int i) {
		if (b[i] != 0) {
			return true;
		}
		for (int j = 0; j < d; j++) {
			if (a[i * d + j] != 0 || a[j * d + i] != 0) {
				return true;
			}
		}
		return false;
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
