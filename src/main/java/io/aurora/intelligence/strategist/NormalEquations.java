package io.aurora.intelligence.strategist;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The sums a {@link RidgeRegression} learns, {@code A = Σ λ^age x xᵀ} (dense, row-major) and
 * {@code b = Σ λ^age r x}, with the dimensions some observation has touched: only those take part in the
 * scaling and the solve. Changes that can alter the solution say so, for the caller to solve again; an
 * imported pair is refused unless observations could have summed to it.
 */
final class NormalEquations {

	private final int d;

	private final double[] a;

	private final double[] b;

	/** The dimensions some observation has touched, ascending, until forgotten or aged to nothing. */
	private int[] active = new int[0];

	/** A weight below which aged entries are dropped ({@link #dropNegligible}), before they turn subnormal. */
	private static final double TINY = 1e-200;

	/**
	 * The largest entry of {@code A} or {@code b} an import may hold: far above what 2^50 observations
	 * of unit features and targets up to ln(1 + 86,400,000 ms) ≈ 18 can sum to (about 2·10^16).
	 */
	static final double MAX_ENTRY = 1e18;

	NormalEquations(int dimension) {
		this.d = dimension;
		this.a = new double[dimension * dimension];
		this.b = new double[dimension];
	}

	/** Scales every entry by {@code factor}; whether there was anything to scale by a factor other than 1. */
	boolean scale(double factor) {
		if (factor != 1 && active.length > 0) {
			for (int i : active) {
				b[i] *= factor;
				for (int j : active) {
					a[i * d + j] *= factor;
				}
			}
			return true;
		}
		return false;
	}

	/** Adds one observation of {@code x} with {@code target}, at full weight. */
	void add(SparseVector x, double target) {
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
	}

	/** Zeroes dimension {@code dim}'s row and column of {@code A} and its entry of {@code b}; whether it was active. */
	boolean forget(int dim) {
		for (int j = 0; j < d; j++) {
			a[dim * d + j] = 0;
			a[j * d + dim] = 0;
		}
		b[dim] = 0;
		int at = Arrays.binarySearch(active, dim);
		if (at >= 0) {
			int[] shrunk = new int[active.length - 1];
			System.arraycopy(active, 0, shrunk, 0, at);
			System.arraycopy(active, at + 1, shrunk, at, active.length - at - 1);
			active = shrunk;
			return true;
		}
		return false;
	}

	/**
	 * Drops entries under {@link #TINY} in magnitude, and the dimensions left with none, as an import of
	 * the state would; whether any was dropped.
	 */
	boolean dropNegligible() {
		boolean dropped = false;
		for (int i : active) {
			if (b[i] != 0 && Math.abs(b[i]) < TINY) {
				b[i] = 0;
				dropped = true;
			}
			for (int j : active) {
				if (a[i * d + j] != 0 && Math.abs(a[i * d + j]) < TINY) {
					a[i * d + j] = 0;
					dropped = true;
				}
			}
		}
		if (dropped) {
			active = Arrays.stream(active).filter(this::touched).toArray();
		}
		return dropped;
	}

	/** A copy of {@code A}, for an export. */
	double[] copyOfA() {
		return a.clone();
	}

	/** A copy of {@code b}, for an export. */
	double[] copyOfB() {
		return b.clone();
	}

	/**
	 * Replaces {@code A} and {@code b} with the exported {@code "a"} and {@code "b"} of {@code state}, and the
	 * active dimensions with those they touch; refuses an entry beyond {@link #MAX_ENTRY} and an {@code A}
	 * no observations could have summed to.
	 */
	void importState(Map<String, Object> state) {
		StateCodec.doubles(state, "a", a);
		StateCodec.doubles(state, "b", b);
		for (int i = 0; i < a.length; i++) {
			if (Math.abs(a[i]) > MAX_ENTRY || i < b.length && Math.abs(b[i]) > MAX_ENTRY) {
				throw new IllegalArgumentException("model state is not valid (an entry beyond ±" + MAX_ENTRY + ")");
			}
		}
		requireGramLike(a, d);
		requireReachableB(a, b, d);
		active = IntStream.range(0, d).filter(this::touched).toArray();
	}

	/**
	 * Refuses an {@code A} that no observations could have summed to: a sum of weighted outer products is
	 * symmetric, has no negative diagonal entry, and no entry beyond the geometric mean of its two
	 * diagonal ones (every 2×2 principal minor is non-negative). Such a matrix would solve to finite
	 * but absurd weights.
	 */
	private static void requireGramLike(double[] a, int d) {
		for (int i = 0; i < d; i++) {
			if (a[i * d + i] < 0) {
				throw new IllegalArgumentException("model state is not a valid regression (a negative diagonal entry)");
			}
			for (int j = 0; j < i; j++) {
				double aij = a[i * d + j];
				if (aij != a[j * d + i]) {
					throw new IllegalArgumentException("model state is not a valid regression (its matrix is not symmetric)");
				}
				// A diagonal entry aged below TINY was dropped while its row's entries, smaller still relative
				// to the other diagonal, may remain: allow for what the dropped one could have been.
				double aii = a[i * d + i];
				double ajj = a[j * d + j];
				if (aij * aij > aii * ajj * (1 + 1e-9) + TINY * Math.max(aii, ajj)) {
					throw new IllegalArgumentException(
							"model state is not a valid regression (an entry beyond what its diagonal allows)");
				}
			}
		}
	}

	/** The largest target in magnitude a model learns: a cost as feedback may report it. */
	static final double MAX_TARGET = 1e9;

	/**
	 * Refuses a {@code b} that no observations could have summed to with {@code A}: with the bias feature's
	 * entry {@code A[0][0]} the observations' total weight, Cauchy–Schwarz bounds each {@code b[i]²} by
	 * {@code A[i][i] · A[0][0] · MAX_TARGET²} (so an {@code A} of zeros needs a {@code b} of next to nothing).
	 */
	private static void requireReachableB(double[] a, double[] b, int d) {
		// Entries aged below TINY are dropped from A and b apart: a dropped one counts as TINY, the most it was.
		double weight = Math.sqrt(Math.max(a[0], TINY));
		for (int i = 0; i < d; i++) {
			double bound = Math.sqrt(Math.max(a[i * d + i], TINY)) * weight * MAX_TARGET * (1 + 1e-9);
			if (Math.abs(b[i]) > bound) {
				throw new IllegalArgumentException("model state is not a valid regression (b beyond what its matrix allows)");
			}
		}
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
	 * Solves {@code (A + ridge·I) θ = b} by Cholesky decomposition over the active dimensions, and for a
	 * shrinkable model inverts {@code A + ridge·I} there too; the matrix is positive definite, and an
	 * inactive dimension's weight is 0. The solution counts {@code observations} behind it.
	 */
	RidgeSolution solve(double ridge, boolean shrinkable, long observations) {
		int[] dims = active;
		int n = dims.length;
		double[] l = Cholesky.factor(a, d, dims, ridge);
		double[] rhs = new double[n];
		for (int i = 0; i < n; i++) {
			rhs[i] = b[dims[i]];
		}
		double[] x = Cholesky.solve(l, n, rhs);
		double[] weights = new double[d];
		for (int i = 0; i < n; i++) {
			weights[dims[i]] = x[i];
		}
		double[] diagonal = new double[shrinkable ? n : 0];
		for (int i = 0; i < diagonal.length; i++) {
			diagonal[i] = a[dims[i] * d + dims[i]];
		}
		return new RidgeSolution(weights, shrinkable ? dims : new int[0], shrinkable ? Cholesky.inverse(l, n) : new double[0],
				diagonal, observations, a[0]);
	}

}
