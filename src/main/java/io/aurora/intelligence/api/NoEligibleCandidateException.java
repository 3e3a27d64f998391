package io.aurora.intelligence.api;

import java.util.Map;

/** The request's constraints excluded every candidate; answered 422 naming the constraints. */
class NoEligibleCandidateException extends RuntimeException {

	private final Map<String, Integer> excludedBy;

	NoEligibleCandidateException(Map<String, Integer> excludedBy) {
		super("No candidate satisfies the constraints; excluded by " + excludedBy);
		this.excludedBy = Map.copyOf(excludedBy);
	}

	/** How many candidates each constraint excluded. */
	Map<String, Integer> excludedBy() {
		return excludedBy;
	}

}
