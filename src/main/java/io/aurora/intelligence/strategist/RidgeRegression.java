package io.aurora.intelligence.strategist;

import java.util.Map;

/**
 * Online ridge regression with exponential forgetting: the weights solve {@code (A + ridge·I) θ = b},
 * where {@code A = Σ λ^age x xᵀ} and {@code b = Σ λ^age r x}. Forgetting lets estimates follow a
 * market that changes. Learning may {@link #observe} several observations before one {@link #refit}
 * publishes the weights; predictions read the published weights, an immutable array, so they run
 * concurrently with learning and always see the model as of a refit. Only dimensions some observation
 * has touched take part in the scaling and the solve; the others have zero rows and zero weights. A
 * model made {@link #shrinkable} can also predict as if its ridge penalty pulled its weights toward
 * another model's instead of toward zero ({@link #predictShrunkToward}). The sums live in
 * {@link NormalEquations}, and each solution, with the shrinkage maths, in a {@link RidgeSolution}.
 */
final class RidgeRegression {

	private final double forgetting;

	/** What a shrinkable model keeps of its observations at each step of the clock it shares. */
	private final double clockForgetting;

	private final double ridge;

	/** {@code A} and {@code b}, and the dimensions observations have touched. */
	private final NormalEquations equations;

	/** Whether solutions carry the inverse of {@code A + ridge·I}, for {@link #predictShrunkToward}. */
	private final boolean shrinkable;

	/** The solution as of the last refit: what predictions use. */
	private volatile RidgeSolution published;

	/** The solution from every observation so far; the learner's own, up to date when not stale. */
	private RidgeSolution latest;

	private long observations;

	private boolean stale;

	/** The step of a shared clock to which {@link #observeAt} and {@link #ageTo} aged the observations. */
	private long agedAt;

	RidgeRegression(int dimension, double forgetting, double ridge) {
		this(dimension, forgetting, ridge, false, 1);
	}

	private RidgeRegression(int dimension, double forgetting, double ridge, boolean shrinkable, double clockForgetting) {
		this.forgetting = forgetting;
		this.clockForgetting = clockForgetting;
		this.ridge = ridge;
		this.shrinkable = shrinkable;
		this.equations = new NormalEquations(dimension);
		this.published = new RidgeSolution(new double[dimension], new int[0], new double[0], new double[0], 0, 0);
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
		return published.predictShrunkToward(x, prior, ridge);
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
	 * Drops entries that forgetting has made too small to matter (under {@code 1e-200} in magnitude),
	 * before they turn subnormal, and the dimensions left with none, as an import of the state would
	 * ({@link NormalEquations#dropNegligible}); predictions keep the published weights until {@link #refit}.
	 */
	void dropNegligible() {
		if (equations.dropNegligible()) {
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
		return published.ownShare(ridge);
	}

	/**
	 * How much the published model's own observations weigh in its estimate for {@code x}: the least, over
	 * the features {@code x} carries, of {@code w / (w + ridge)}, with {@code w} the weight its observations
	 * still give that feature (its diagonal entry of {@code A}). A feature none of them carried, such as a
	 * region this candidate was never seen in, gives 0: there the estimate is the prior's. Shrinkable
	 * models only; others answer {@link #ownShare()}.
	 */
	double ownShare(SparseVector x) {
		return shrinkable ? published.ownShare(x, ridge) : ownShare();
	}

	/** The step of its clock to which this model's observations are aged. */
	long agedAt() {
		return agedAt;
	}

	/** Ages every observation by {@code factor}. */
	private void scale(double factor) {
		if (equations.scale(factor)) {
			stale = true;
		}
	}

	/** Adds one observation at full weight. */
	private void add(SparseVector x, double target) {
		equations.add(x, target);
		observations++;
		stale = true;
	}

	/**
	 * Forgets everything learned about dimension {@code dim} (its feature is about to mean something
	 * else); predictions keep the published weights until {@link #refit}.
	 */
	void forget(int dim) {
		if (equations.forget(dim)) {
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
				? Map.of("a", equations.copyOfA(), "b", equations.copyOfB(), "n", observations, "aged_at", agedAt)
				: Map.of("a", equations.copyOfA(), "b", equations.copyOfB(), "n", observations);
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
		equations.importState(state);
		agedAt = aged;
		observations = StateCodec.count(state, "n", 0);
		RidgeSolution solved = solve();
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

	/** Solves the normal equations as they stand ({@link NormalEquations#solve}), without publishing the solution. */
	private RidgeSolution solve() {
		return equations.solve(ridge, shrinkable, observations);
	}

}
