package io.aurora.intelligence.strategist;

/** A feature vector with few non-zero entries: their indices and values. */
record SparseVector(int[] indices, double[] values) {

	/** The dot product with a dense vector. */
	double dot(double[] dense) {
		double sum = 0;
		for (int i = 0; i < indices.length; i++) {
			sum += dense[indices[i]] * values[i];
		}
		return sum;
	}

}
