package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Objectives;
import io.aurora.intelligence.strategist.Policy;
import org.jspecify.annotations.Nullable;

/**
 * The checks a decision's request passes beyond Bean Validation (free-form limits, distinct candidates,
 * objectives, learned-risk constraints), and the copies of its parts that the trace stores.
 */
final class DecisionInputs {

	private DecisionInputs() {
	}

	/** Applies {@link JsonLimits} to the context and every candidate's metadata, and refuses a candidate offered twice. */
	static void check(DecisionRequest request) {
		JsonLimits.check("context", request.context());
		List<Candidate> candidates = request.candidates();
		for (int i = 0; i < candidates.size(); i++) {
			JsonLimits.check("candidates[" + i + "].metadata", candidates.get(i).metadata());
		}
		Set<Action> seen = new HashSet<>();
		for (int i = 0; i < candidates.size(); i++) {
			Action action = new Action(candidates.get(i).provider(), candidates.get(i).sku());
			if (!seen.add(action)) {
				throw new InvalidRequestException("candidates[" + i + "]",
						"duplicate candidate " + action + "; each provider/sku may be offered once");
			}
		}
	}

	/** The objectives' weights, normalised; none when the request gives none; a 400 naming {@code objectives} when invalid. */
	static Map<String, Double> weights(@Nullable Map<String, @Nullable Double> objectives) {
		if (objectives == null) {
			return Map.of();
		}
		try {
			return Objectives.normalise(objectives);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidRequestException.objectives(ex);
		}
	}

	/**
	 * The positions of the candidates whose learned risks the constraints allow, in the caller's order;
	 * 422 when none remain, counting what each constraint excluded, the static ones included.
	 */
	static List<Integer> riskScreen(Constraints constraints, Constraints.Eligibility statically,
			List<Map<String, Policy.Risk>> risks) {
		Map<String, Integer> excludedBy = new LinkedHashMap<>(statically.excludedBy());
		List<Integer> safe = new ArrayList<>();
		for (int i = 0; i < risks.size(); i++) {
			List<String> broken = constraints.riskBreaches(risks.get(i));
			broken.forEach(name -> excludedBy.merge(name, 1, Integer::sum));
			if (broken.isEmpty()) {
				safe.add(i);
			}
		}
		if (safe.isEmpty()) {
			throw new NoEligibleCandidateException(excludedBy, statically.undeclared());
		}
		return safe;
	}

	/** The candidate as its decision's trace stores it. */
	static Map<String, Object> traced(Candidate c) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("provider", c.provider());
		map.put("sku", c.sku());
		if (c.metadata() != null) {
			map.put("metadata", copy(c.metadata()));
		}
		return map;
	}

	/** A copy the caller's request cannot change once the decision has been made. */
	static Map<String, Object> copy(Map<String, ?> map) {
		return new LinkedHashMap<>(map);
	}

}
