package io.aurora.intelligence.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated request: a job's context, the Ψ reading at the time, and the offerings offered, in
 * the order the caller listed them.
 */
record Request(String region, int cpu, int memoryGb, int latencyBudgetMs, double coherence, double density,
		List<Integer> candidates) {

	/** The context as a caller sends it in {@code POST /decisions}. */
	Map<String, Object> context() {
		Map<String, Object> context = new LinkedHashMap<>();
		context.put("region", region);
		context.put("cpu", cpu);
		context.put("memory_gb", memoryGb);
		context.put("latency_ms", latencyBudgetMs);
		return context;
	}

}
