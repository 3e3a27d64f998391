package io.aurora.intelligence.simulator;

import java.util.List;
import java.util.Locale;

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
 * @param cumulative cumulative regret after each decision (every run of a scenario has as many)
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

	/** The Markdown table of one scenario's runs, as {@code results.md} holds it. */
	static String table(Scenario scenario, int steps, long seed, List<RegretSummary> runs, boolean drawn) {
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT, "### %s (%d decisions, seed %d%s)%n%n", scenario.label(), steps, seed,
				drawn ? ", market drawn from the seed" : ""));
		md.append("| policy | mean regret | last quarter | pre-shift | after shift | recovery (decisions) |\n");
		md.append("|---|---:|---:|---:|---:|---:|\n");
		for (RegretSummary r : runs) {
			md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %s | %s | %s |%n", r.policy(), r.mean(),
					r.lastQuarter(), Double.isNaN(r.preShift()) ? "-" : fraction(r.preShift()),
					Double.isNaN(r.afterShift()) ? "-" : fraction(r.afterShift()),
					r.recoveryColumn(steps - steps / 2, !Double.isNaN(r.preShift()))));
		}
		return md.toString();
	}

	/**
	 * The mean regret of each {@code block} decisions, one row per block and one column per run, as CSV: the block's
	 * first and last decision (counted from 1; the last block may be shorter) and then each run's mean regret in it.
	 */
	static String blocks(List<RegretSummary> runs, int block) {
		StringBuilder csv = new StringBuilder("first,last");
		runs.forEach(r -> csv.append(',').append(csvField(r.policy())));
		csv.append('\n');
		int n = runs.isEmpty() ? 0 : runs.get(0).cumulative().length;
		for (int from = 0; from < n; from += block) {
			int to = Math.min(n, from + block);
			csv.append(from + 1).append(',').append(to);
			for (RegretSummary r : runs) {
				csv.append(',').append(fraction(mean(r.cumulative(), from, to)));
			}
			csv.append('\n');
		}
		return csv.toString();
	}

	/** A CSV field: quoted when it holds a comma, a quote or a line break. */
	private static String csvField(String value) {
		return value.matches("[^,\"\r\n]*") ? value : '"' + value.replace("\"", "\"\"") + '"';
	}

	/** A regret as the tables print it. */
	static String fraction(double value) {
		return String.format(Locale.ROOT, "%.4f", value);
	}

	/**
	 * The recovery column: {@code -} without a shift, {@code n/a} when the run ends too soon after it for one
	 * {@value RegretSummary#WINDOW}-decision window, {@code never} when it does not recover, {@code ≤ 500} when the
	 * first window after the shift is already back (the window is as fine as it measures), else the decisions it took.
	 */
	String recoveryColumn(int afterShift, boolean shifted) {
		if (!shifted) {
			return "-";
		}
		if (afterShift < WINDOW) {
			return "n/a";
		}
		return recovery < 0 ? "never" : recovery == WINDOW ? "≤ " + WINDOW : String.valueOf(recovery);
	}

}
