package io.aurora.intelligence.strategist;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.psi.PsiReading;

/**
 * The Strategist's decision: the features it saw, the policy's choice, the Ψ reading that shaped the
 * features, which policy chose, the configured exploration rate, the objective weights used (empty for
 * the scalar reward), every candidate's value and per-objective estimates by position, the candidates
 * no other candidate beats on every estimated objective, and the other candidates' positions from
 * next-best down, for failover.
 */
public record Decision(Features features, Choice choice, PsiReading psi, String policy, double epsilon,
		Map<String, Double> weights, List<Double> values, List<Map<String, Double>> estimates, List<Action> paretoFront,
		List<Integer> fallbacks) {

	/** Copies the lists and the weights (keeping their order), so that a decision cannot change once made. */
	public Decision {
		weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
		values = List.copyOf(values);
		estimates = List.copyOf(estimates);
		paretoFront = List.copyOf(paretoFront);
		fallbacks = List.copyOf(fallbacks);
	}

	/** The state key reported in explanations and traces. */
	public String state() {
		return features.key();
	}

	/**
	 * The model's value of the candidate at {@code index} as reported: the policy's own for its choice,
	 * else the estimate; within the reward's range [-1, 1] for the policies that estimate one reward (a
	 * regression fitted on few outcomes can overshoot it), as it is for {@code q-table}, whose values are
	 * discounted returns.
	 */
	public double value(int index) {
		double value = index == choice.index() ? choice.qValue() : values.get(index);
		return "q-table".equals(policy) ? value : inRewardRange(value);
	}

	/**
	 * The model's value of the candidate at {@code index} as a score in the reward's range [-1, 1]: the
	 * {@link #value} clipped, which for {@code q-table} (a discounted return) can lie outside it.
	 */
	public double score(int index) {
		return inRewardRange(value(index));
	}

	/** The per-objective estimates of the candidate at {@code index}, within [-1, 1]; empty for a policy of one scalar. */
	public Map<String, Double> objectives(int index) {
		Map<String, Double> reported = new LinkedHashMap<>();
		estimates.get(index).forEach((name, estimate) -> reported.put(name, inRewardRange(estimate)));
		return reported;
	}

	private static double inRewardRange(double estimate) {
		return Math.max(-1, Math.min(1, estimate));
	}

}
