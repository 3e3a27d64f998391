package io.aurora.intelligence.evaluation;

import org.jspecify.annotations.Nullable;

/** A running mean and variance of the values that are not NaN (Welford's), with the mean's 95% interval. */
final class RunningMean {

	private int n;

	private double mean;

	private double squares;

	/** Adds {@code value}, unless it is NaN (an outcome that did not report what the value weighs). */
	void add(double value) {
		if (Double.isNaN(value)) {
			return;
		}
		n++;
		double delta = value - mean;
		mean += delta / n;
		squares += delta * (value - mean);
	}

	/** How many values were added. */
	int count() {
		return n;
	}

	/** The mean with its 95% interval, [-1, 1] below {@value Intervals#MIN_SUPPORTED_SAMPLES}; null when none. */
	OffPolicyEvaluator.@Nullable Estimate estimate() {
		if (n == 0) {
			return null;
		}
		if (n < Intervals.MIN_SUPPORTED_SAMPLES) {
			return new OffPolicyEvaluator.Estimate("mean", mean, -1, 1);
		}
		return OffPolicyEvaluator.Estimate.of("mean", mean, 1.96 * Math.sqrt(squares / (n - 1) / n));
	}

}
