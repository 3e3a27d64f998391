package io.aurora.intelligence.strategist;

import java.util.Arrays;

/**
 * A solved {@link RidgeRegression}, whose arrays are never written again: the weights, and for a shrinkable
 * model its active dimensions with the inverse of {@code A + ridge·I} over them (row-major) and {@code A}'s
 * diagonal over them, and the observations behind it. It holds the shrinkage maths: predictions pulled
 * toward a prior, and how much the model's own observations weigh against that pull.
 *
 * @param weight the first diagonal entry of {@code A}: the weight the observations still carry after forgetting
 */
record RidgeSolution(double[] theta, int[] dims, double[] inverse, double[] diagonal, long observations,
		double weight) {

	/**
	 * The prediction for {@code x} with the weights {@code (A + ridge·I)⁻¹ (b + ridge·prior)}, which are
	 * {@code prior}'s in every dimension no observation touched ({@link RidgeRegression#predictShrunkToward}).
	 */
	double predictShrunkToward(SparseVector x, double[] prior, double ridge) {
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
				pulled += inverse[at * n + j] * prior[dims[j]];
			}
			sum += val[q] * (theta[idx[q]] + ridge * pulled);
		}
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
