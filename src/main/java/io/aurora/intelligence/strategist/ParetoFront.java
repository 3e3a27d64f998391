package io.aurora.intelligence.strategist;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Pareto front of a decision's candidates over their estimated objectives, which its answer lists. */
final class ParetoFront {

	private ParetoFront() {
	}

	/** The candidates that no other candidate matches or beats on every objective and beats on one. */
	static List<Action> of(List<Action> actions, List<Map<String, Double>> estimates) {
		if (estimates.isEmpty() || estimates.get(0).isEmpty()) {
			return List.of();
		}
		List<Action> front = new ArrayList<>();
		for (int i = 0; i < actions.size(); i++) {
			boolean dominated = false;
			for (int j = 0; j < actions.size() && !dominated; j++) {
				dominated = j != i && dominates(estimates.get(j), estimates.get(i));
			}
			if (!dominated) {
				front.add(actions.get(i));
			}
		}
		return front;
	}

	private static boolean dominates(Map<String, Double> a, Map<String, Double> b) {
		boolean better = false;
		for (Map.Entry<String, Double> e : a.entrySet()) {
			double other = b.get(e.getKey());
			if (e.getValue() < other) {
				return false;
			}
			better |= e.getValue() > other;
		}
		return better;
	}

}
