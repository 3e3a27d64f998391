package io.aurora.intelligence.simulator;

/**
 * What one policy's run amounted to.
 *
 * @param policy the policy's label
 * @param mean mean regret over all decisions
 * @param lastQuarter mean regret over the last quarter
 * @param afterShift mean regret after the shift (NaN without one)
 * @param preShift mean regret over the 2,000 decisions before the shift (NaN without one)
 * @param recovery decisions after the shift until the trailing 500-decision mean regret is back under
 * twice {@code preShift} (-1 if it never is; 0 without a shift)
 * @param cumulative cumulative regret after each decision
 */
record RegretSummary(String policy, double mean, double lastQuarter, double afterShift, double preShift, int recovery,
		double[] cumulative) {

	static final int WINDOW = 500;

	static RegretSummary of(String policy, double[] regret, int shiftStep) {
		int n = regret.length;
		double[] cumulative = new double[n];
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += regret[i];
			cumulative[i] = sum;
		}
		double mean = n == 0 ? 0 : sum / n;
		double lastQuarter = mean(cumulative, n - n / 4, n);
		if (shiftStep <= 0) {
			return new RegretSummary(policy, mean, lastQuarter, Double.NaN, Double.NaN, 0, cumulative);
		}
		double pre = mean(cumulative, Math.max(0, shiftStep - 2000), shiftStep);
		double after = mean(cumulative, shiftStep, n);
		int recovery = -1;
		for (int t = shiftStep + WINDOW; t <= n; t++) {
			if (mean(cumulative, t - WINDOW, t) <= 2 * pre) {
				recovery = t - shiftStep;
				break;
			}
		}
		return new RegretSummary(policy, mean, lastQuarter, after, pre, recovery, cumulative);
	}

	/** Mean regret over decisions [from, to) from the cumulative sums. */
	private static double mean(double[] cumulative, int from, int to) {
		if (to <= from) {
			return Double.NaN;
		}
		double upper = cumulative[to - 1];
		double lower = from == 0 ? 0 : cumulative[from - 1];
		return (upper - lower) / (to - from);
	}

}
