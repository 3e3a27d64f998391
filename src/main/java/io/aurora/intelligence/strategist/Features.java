package io.aurora.intelligence.strategist;

/**
 * What the Strategist knows about a request: the context's region, size and latency budget, and the
 * Ψ reading at the time. Tabular policies use one of its keys; function approximators use the values.
 *
 * @param region the region, {@code global} when not given
 * @param cpu requested cores
 * @param memoryGb requested memory in GiB
 * @param latencyMs the latency budget in milliseconds
 * @param coherence Ψ coherence
 * @param density Ψ density
 */
public record Features(String region, double cpu, double memoryGb, double latencyMs, double coherence, double density) {

	static final String[] CPU_LABELS = { "2", "4", "8", "16", "32", "64+" };

	static final String[] MEM_LABELS = { "8", "16", "32", "64", "128", "256+" };

	static final String[] LATENCY_LABELS = { "<50", "50-100", "100-200", "200+" };

	private static final double[] CPU_BOUNDS = { 2, 4, 8, 16, 32 };

	private static final double[] MEM_BOUNDS = { 8, 16, 32, 64, 128 };

	private static final double[] LATENCY_BOUNDS = { 50, 100, 200 };

	/** The cpu bucket, 0 (≤2) to 5 (64+). */
	int cpuBucket() {
		return atMost(cpu, CPU_BOUNDS);
	}

	/** The memory bucket, 0 (≤8) to 5 (256+). */
	int memoryBucket() {
		return atMost(memoryGb, MEM_BOUNDS);
	}

	/** The latency budget bucket, 0 (&lt;50) to 3 (200+). */
	int latencyBucket() {
		for (int i = 0; i < LATENCY_BOUNDS.length; i++) {
			if (latencyMs < LATENCY_BOUNDS[i]) {
				return i;
			}
		}
		return LATENCY_BOUNDS.length;
	}

	/** The Ψ level used by tabular keys: the mean of coherence and density in thirds, 0 to 2. */
	int psiLevel() {
		double mean = (coherence + density) / 2;
		return mean < 1.0 / 3 ? 0 : mean < 2.0 / 3 ? 1 : 2;
	}

	/**
	 * The context part of every key, e.g. {@code us-west|cpu=8|mem=32|lat=50-100}. The region is as given: a
	 * {@code |} in it cannot be taken for a separator, since a fixed number of parts follows it, so two
	 * regions never share a key, and the keys of regions without one are those earlier versions gave.
	 */
	String contextKey() {
		return region + "|cpu=" + CPU_LABELS[cpuBucket()] + "|mem=" + MEM_LABELS[memoryBucket()] + "|lat="
				+ LATENCY_LABELS[latencyBucket()];
	}

	/**
	 * The state key of our tabular policies: the context with Ψ in three coarse levels, so a drifting
	 * Ψ-field splits a state at most three ways, e.g. {@code us-west|cpu=8|mem=32|lat=50-100|psi=high}.
	 */
	public String key() {
		return contextKey() + "|psi=" + (psiLevel() == 0 ? "low" : psiLevel() == 1 ? "mid" : "high");
	}

	/** The seed's state key, with Ψ rounded to 0.1: {@code us-west|cpu=8|mem=32|lat=50-100|c=0.7|d=0.8}. */
	public String seedKey() {
		return contextKey() + "|c=" + tenths(coherence) + "|d=" + tenths(density);
	}

	/** The same context seen with another Ψ reading. */
	public Features withPsi(double newCoherence, double newDensity) {
		return new Features(region, cpu, memoryGb, latencyMs, newCoherence, newDensity);
	}

	static String tenths(double value) {
		return Double.toString(Math.round(value * 10) / 10.0);
	}

	private static int atMost(double value, double[] bounds) {
		for (int i = 0; i < bounds.length; i++) {
			if (value <= bounds[i]) {
				return i;
			}
		}
		return bounds.length;
	}

}
