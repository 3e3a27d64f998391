package io.aurora.intelligence.strategist;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A solved {@link RidgeRegression}, whose solution arrays are never written again (only its cache of pulled rows
 * is filled in): the weights, and for a shrinkable
 * model its active dimensions with the inverse of {@code A + ridge·I} over them (row-major) and {@code A}'s
 * diagonal over them, and the observations behind it. It holds the shrinkage maths: predictions pulled
 * toward a prior, and how much the model's own observations weigh against that pull.
 */
final class RidgeSolution {

	private final double[] theta;

	private final int[] dims;

	private final double[] inverse;

	private final double[] diagonal;

	private final long observations;

	/** The first diagonal entry of {@code A}: the weight the observations still carry after forgetting. */
	private final double weight;

	/**
	 * Rows of the inverse applied to the last prior predicted with, which stays the same array until that
	 * model's next refit: a prediction then costs a lookup per feature instead of a row of the inverse
	 * each. Rows are filled as predictions first need them, by whichever decision comes first; decisions
	 * that race fill in the same bits.
	 */
	private @Nullable Pulled pulled;

	/**
	 * {@code (A + ridge·I)⁻¹ · prior} over {@link #dims}, row by row: NaN (which no row of a finite
	 * inverse and prior can be) until a prediction computes it; read and written opaquely, so a row is
	 * seen whole or not at all.
	 */
	private record Pulled(double[] prior, double[] rows) {
	}

	private static final VarHandle ROW = MethodHandles.arrayElementVarHandle(double[].class);

	RidgeSolution(double[] theta, int[] dims, double[] inverse, double[] diagonal, long observations, double weight) {
		this.theta = theta;
		this.dims = dims;
		this.inverse = inverse;
		this.diagonal = diagonal;
		this.observations = observations;
		this.weight = weight;
	}

	double[] theta() {
		return theta;
	}

	double[] inverse() {
		return inverse;
	}

	long observations() {
		return observations;
	}

	/**
	 * The prediction for {@code x} with the weights {@code (A + ridge·I)⁻¹ (b + ridge·prior)}, which are
	 * {@code prior}'s in every dimension no observation touched ({@link RidgeRegression#predictShrunkToward}).
	 */
	double predictShrunkToward(SparseVector x, double[] prior, double ridge) {
		double[] rows = pulledRows(prior);
		int[] idx = x.indices();
		double[] val = x.values();
		double sum = 0;
		for (int q = 0; q < idx.length; q++) {
			int at = Arrays.binarySearch(dims, idx[q]);
			sum += at < 0 ? val[q] * prior[idx[q]] : val[q] * (theta[idx[q]] + ridge * pulled(rows, at, prior));
		}
		return sum;
	}

	/** The rows pulled toward {@code prior}: those already filled for it, or a fresh set for a new prior. */
	private double[] pulledRows(double[] prior) {
		@Nullable Pulled last = pulled;
		if (last != null && last.prior() == prior) {
			return last.rows();
		}
		double[] rows = new double[dims.length];
		Arrays.fill(rows, Double.NaN);
		pulled = new Pulled(prior, rows);
		return rows;
	}

	/** Row {@code at} of {@code (A + ridge·I)⁻¹ · prior}, summed in the order it always was, computed once. */
	private double pulled(double[] rows, int at, double[] prior) {
		double known = (double) ROW.getOpaque(rows, at);
		if (!Double.isNaN(known)) {
			return known;
		}
		int n = dims.length;
		double sum = 0;
		for (int j = 0; j < n; j++) {
			sum += inverse[at * n + j] * prior[dims[j]];
		}
		ROW.setOpaque(rows, at, sum);
		return sum;
	}

	/**
	 * {@code w / (w + ridge)}, with {@code w} the {@link #weight} the observations still carry
	 * ({@link RidgeRegression#ownShare()}).
	 */
	double ownShare(double ridge) {
		return weight / (weight + ridge);
	}

	/**
	 * The least, over the features {@code x} carries, of {@code w / (w + ridge)}, with {@code w} the weight the
	 * observations still give that feature, and 0 for a feature none carried
	 * ({@link RidgeRegression#ownShare(SparseVector)}); for a shrinkable model's solution.
	 */
	double ownShare(SparseVector x, double ridge) {
		double least = ownShare(ridge);
		int[] idx = x.indices();
		double[] val = x.values();
		for (int q = 0; q < idx.length && least > 0; q++) {
			if (val[q] == 0) {
				continue;
			}
			int at = Arrays.binarySearch(dims, idx[q]);
			double w = at < 0 ? 0 : diagonal[at] / (val[q] * val[q]);
			least = Math.min(least, w / (w + ridge));
		}
		return least;
	}

}
