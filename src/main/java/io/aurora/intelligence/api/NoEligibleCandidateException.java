package io.aurora.intelligence.api;

import java.util.Map;

/** The request's constraints excluded every candidate; answered 422 naming the constraints. */
class NoEligibleCandidateException extends RuntimeException {

	private final Map<String, Integer> excludedBy;

	private final Map<String, Integer> undeclared;

	NoEligibleCandidateException(Map<String, Integer> excludedBy, Map<String, Integer> undeclared) {
		super("No candidate satisfies the constraints; excluded by " + excludedBy);
		this.excludedBy = Map.copyOf(excludedBy);
		this.undeclared = Map.copyOf(undeclared);
	}

	/** How many of the excluded candidates each constraint excluded for lack of the metadata field it reads. */
	Map<String, Integer> undeclared() {
		return undeclared;
	}

	/** How many candidates each constraint excluded. */
	Map<String, Integer> excludedBy() {
		return excludedBy;
	}

}
