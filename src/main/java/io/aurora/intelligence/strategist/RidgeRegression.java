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
 * has touched take part in the scaling and the solve; the others have zero rows and zero weights. A
 * model made {@link #shrinkable} can also predict as if its ridge penalty pulled its weights toward
 * another model's instead of toward zero ({@link #predictShrunkToward}).
 */
final class RidgeRegression {

	private final int d;

	private final double forgetting;

	/** What a shrinkable model keeps of its observations at each step of the clock it shares. */
	private final double clockForgetting;

	private final double ridge;

	private final double[] a;

	private final double[] b;

	/** Whether solutions carry the inverse of {@code A + ridge·I}, for {@link #predictShrunkToward}. */
	private final boolean shrinkable;

	/** The solution as of the last refit: what predictions use. */
	private volatile Solution published;

	/** The solution from every observation so far; the learner's own, up to date when not stale. */
	private Solution latest;

	private long observations;

	/** The dimensions any observation has touched, ascending; a dimension never leaves. */
	private int[] active = new int[0];

	private boolean stale;

	/** The step of a shared clock to which {@link #observeAt} and {@link #ageTo} aged the observations. */
	private long agedAt;

	/** A weight below which aged entries are dropped ({@link #dropNegligible}), before they turn subnormal. */
	private static final double TINY = 1e-200;

	/**
	 * The largest entry of {@code A} or {@code b} an import may hold: far above what 2^50 observations
	 * of unit features and targets up to ln(1 + 86,400,000 ms) ≈ 18 can sum to (about 2·10^16).
	 */
	static final double MAX_ENTRY = 1e18;

	RidgeRegression(int dimension, double forgetting, double ridge) {
		this(dimension, forgetting, ridge, false, 1);
	}

	private RidgeRegression(int dimension, double forgetting, double ridge, boolean shrinkable, double clockForgetting) {
		this.d = dimension;
		this.forgetting = forgetting;
		this.clockForgetting = clockForgetting;
		this.ridge = ridge;
		this.shrinkable = shrinkable;
		this.a = new double[dimension * dimension];
		this.b = new double[dimension];
		this.published = new Solution(new double[dimension], new int[0], new double[0], new double[0], 0, 0);
		this.latest = published;
	}

	/**
	 * A model that can also predict shrunk toward another model's weights, and that forgets by
	 * {@code forgetting} at each observation of its own and by {@code clockForgetting} at each step of
	 * a clock it shares with others ({@link #observeAt}, {@link #ageTo}).
	 */
	static RidgeRegression shrinkable(int dimension, double forgetting, double ridge, double clockForgetting) {
		return new RidgeRegression(dimension, forgetting, ridge, true, clockForgetting);
	}

	/** The prediction of the published model. */
	double predict(SparseVector x) {
		return x.dot(published.theta());
	}

	/** The published weights, an array never written again; for predictions shrunk toward this model. */
	double[] weights() {
		return published.theta();
	}

	/**
	 * The prediction of the published model had its penalty been {@code ridge·|θ − prior|²}: the weights
	 * {@code (A + ridge·I)⁻¹ (b + ridge·prior)}, which are {@code prior}'s in every dimension no observation
	 * touched. With few observations it predicts close to the prior, with many close to its own data.
	 */
	double predictShrunkToward(SparseVector x, double[] prior) {
		Solution solution = published;
		int[] dims = solution.dims();
		int n = dims.length;
		int[] idx = x.indices();
		double[] val = x.values();
		double sum = 0;
		for (int q = 0; q < idx.length; q++) {
			int at = Arrays.binarySearch(dims, idx[q]);
			if (at < 0) {
				sum += val[q] * prior[idx[q]];
				continue;
			}
			double pulled = 0;
			for (int j = 0; j < n; j++) {
				pulled += solution.inverse()[at * n + j] * prior[dims[j]];
			}
			sum += val[q] * (solution.theta()[idx[q]] + ridge * pulled);
		}
		return sum;
	}

	/** The prediction from every observation so far, published or not; for the learner only. */
	double predictLatest(SparseVector x) {
		solveIfStale();
		return x.dot(latest.theta());
	}

	private void solveIfStale() {
		if (stale) {
			latest = solve();
			stale = false;
		}
	}

	/** Observations behind the published model. */
	long observations() {
		return published.observations();
	}

	/** Observations learned so far, published or not; for the learner only. */
	long learned() {
		return observations;
	}

	/** Adds one observation and publishes the re-solved weights; callers serialise learning. */
	void learn(SparseVector x, double target) {
		observe(x, target);
		refit();
	}

	/** Adds one observation; predictions keep the published weights until {@link #refit}. */
	void observe(SparseVector x, double target) {
		scale(forgetting);
		add(x, target);
	}

	/**
	 * Adds one observation made at step {@code step} of a clock this model shares with others, first
	 * aging what it learned before by the steps since it was last aged ({@link #ageTo}) and by one
	 * observation of its own.
	 */
	void observeAt(long step, SparseVector x, double target) {
		ageTo(step);
		scale(forgetting);
		add(x, target);
	}

	/**
	 * Ages what this model learned to step {@code step} of its clock, by {@code clockForgetting} at
	 * every step since it was last aged; predictions keep the published weights until {@link #refit}.
	 */
	void ageTo(long step) {
		if (step > agedAt) {
			scale(StrictMath.pow(clockForgetting, step - agedAt));
			agedAt = step;
		}
	}

	/**
	 * Drops entries that forgetting has made too small to matter (under {@link #TINY} in magnitude),
	 * before they turn subnormal, and the dimensions left with none, as an import of the state would;
	 * predictions keep the published weights until {@link #refit}.
	 */
	void dropNegligible() {
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
			stale = true;
		}
	}

	/**
	 * How much the published model's own observations weigh against its ridge penalty, from 0 (none: it
	 * predicts its prior) toward 1: {@code w / (w + ridge)}, with {@code w} the weight they still carry
	 * after forgetting (the first diagonal entry of {@code A}, that of the bias feature every
	 * observation carries with value 1).
	 */
	double ownShare() {
		double w = published.weight();
		return w / (w + ridge);
	}

	/**
	 * How much the published model's own observations weigh in its estimate for {@code x}: the least, over
	 * the features {@code x} carries, of {@code w / (w + ridge)}, with {@code w} the weight its observations
	 * still give that feature (its diagonal entry of {@code A}). A feature none of them carried, such as a
	 * region this candidate was never seen in, gives 0: there the estimate is the prior's. Shrinkable
	 * models only; others answer {@link #ownShare()}.
	 */
	double ownShare(SparseVector x) {
		Solution solution = published;
		if (!shrinkable) {
			return ownShare();
		}
		double least = solution.weight() / (solution.weight() + ridge);
		int[] idx = x.indices();
		double[] val = x.values();
		for (int q = 0; q < idx.length && least > 0; q++) {
			if (val[q] == 0) {
				continue;
			}
			int at = Arrays.binarySearch(solution.dims(), idx[q]);
			double w = at < 0 ? 0 : solution.diagonal()[at] / (val[q] * val[q]);
			least = Math.min(least, w / (w + ridge));
		}
		return least;
	}

	/** The step of its clock to which this model's observations are aged. */
	long agedAt() {
		return agedAt;
	}

	private void scale(double factor) {
		if (factor != 1 && active.length > 0) {
			for (int i : active) {
				b[i] *= factor;
				for (int j : active) {
					a[i * d + j] *= factor;
				}
			}
			stale = true;
		}
	}

	private void add(SparseVector x, double target) {
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

	/**
	 * Forgets everything learned about dimension {@code dim} (its feature is about to mean something
	 * else); predictions keep the published weights until {@link #refit}.
	 */
	void forget(int dim) {
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
			stale = true;
		}
	}

	/** Solves for the weights if observations arrived since the last solve, without publishing them. */
	void prepare() {
		solveIfStale();
	}

	/** Solves for the weights if observations arrived since the last solve, and publishes them. */
	void refit() {
		solveIfStale();
		published = latest;
	}

	Map<String, Object> exportState() {
		return shrinkable
				? Map.of("a", a.clone(), "b", b.clone(), "n", observations, "aged_at", agedAt)
				: Map.of("a", a.clone(), "b", b.clone(), "n", observations);
	}

	/**
	 * Replaces this model's state with an exported one; a shrinkable model's observations must not be
	 * aged beyond {@code clock}, the step its clock has reached.
	 */
	void importState(Map<String, Object> state, long clock) {
		long aged = shrinkable ? StateCodec.count(state, "aged_at", 0) : 0;
		if (aged > clock) {
			throw new IllegalArgumentException("model state is not valid (aged_at beyond its clock)");
		}
		StateCodec.doubles(state, "a", a);
		StateCodec.doubles(state, "b", b);
		for (int i = 0; i < a.length; i++) {
			if (Math.abs(a[i]) > MAX_ENTRY || i < b.length && Math.abs(b[i]) > MAX_ENTRY) {
				throw new IllegalArgumentException("model state is not valid (an entry beyond ±" + MAX_ENTRY + ")");
			}
		}
		requireGramLike(a, d);
		agedAt = aged;
		observations = StateCodec.count(state, "n", 0);
		active = IntStream.range(0, d).filter(this::touched).toArray();
		Solution solved = solve();
		for (double w : solved.theta()) {
			if (!Double.isFinite(w)) {
				throw new IllegalArgumentException("model state is not a valid regression (weights are not finite)");
			}
		}
		for (double w : solved.inverse()) {
			if (!Double.isFinite(w)) {
				throw new IllegalArgumentException("model state is not a valid regression (its inverse is not finite)");
			}
		}
		latest = solved;
		stale = false;
		published = solved;
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
	 * inactive dimension's weight is 0.
	 */
	private Solution solve() {
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
		return new Solution(weights, shrinkable ? dims : new int[0], shrinkable ? Cholesky.inverse(l, n) : new double[0],
				diagonal, observations, a[0]);
	}

	/**
	 * A solved model: the weights, and for a shrinkable model its active dimensions with the inverse of
	 * {@code A + ridge·I} over them (row-major) and {@code A}'s diagonal over them, and the observations behind it.
	 */
	private record Solution(double[] theta, int[] dims, double[] inverse, double[] diagonal, long observations,
			double weight) {
	}

}
