package io.aurora.intelligence.strategist;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * SquareCB's features of a request context as a sparse vector of {@value #DIMENSION} dimensions: a
 * bias, a one-hot region slot (of {@value #MAX_REGIONS}), one-hot cpu, memory and latency-budget
 * buckets, and Ψ coherence and density centred on 0.5.
 */
final class ContextVector {

	static final int MAX_REGIONS = 16;

	private static final int REGION_OFFSET = 1;

	private static final int CPU_OFFSET = REGION_OFFSET + MAX_REGIONS;

	private static final int MEM_OFFSET = CPU_OFFSET + 6;

	private static final int LATENCY_OFFSET = MEM_OFFSET + 6;

	private static final int PSI_OFFSET = LATENCY_OFFSET + 4;

	static final int DIMENSION = PSI_OFFSET + 2;

	private ContextVector() {
	}

	/** The dimension of region slot {@code slot}. */
	static int regionDimension(int slot) {
		return REGION_OFFSET + slot;
	}

	/**
	 * {@code x} without its Ψ readings: the features that say where a request falls (bias, region and
	 * buckets), each 1. A candidate's evidence in such a feature is how often it was seen there; in a
	 * continuous reading it would be how far from neutral the past readings were, which says nothing
	 * about whether the candidate was seen in this context.
	 */
	static SparseVector placement(SparseVector x) {
		int n = 0;
		while (n < x.indices().length && x.indices()[n] < PSI_OFFSET) {
			n++;
		}
		return new SparseVector(Arrays.copyOf(x.indices(), n), Arrays.copyOf(x.values(), n));
	}

	/** The vector of {@code f}, with its region in {@code slot}, or without a region feature when null. */
	static SparseVector of(Features f, @Nullable Integer slot) {
		int n = slot == null ? 6 : 7;
		int[] idx = new int[n];
		double[] val = new double[n];
		int i = 0;
		idx[i] = 0;
		val[i++] = 1;
		if (slot != null) {
			idx[i] = regionDimension(slot);
			val[i++] = 1;
		}
		idx[i] = CPU_OFFSET + f.cpuBucket();
		val[i++] = 1;
		idx[i] = MEM_OFFSET + f.memoryBucket();
		val[i++] = 1;
		idx[i] = LATENCY_OFFSET + f.latencyBucket();
		val[i++] = 1;
		idx[i] = PSI_OFFSET;
		val[i++] = f.coherence() - 0.5;
		idx[i] = PSI_OFFSET + 1;
		val[i] = f.density() - 0.5;
		return new SparseVector(idx, val);
	}

}
