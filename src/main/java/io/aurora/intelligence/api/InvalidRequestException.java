package io.aurora.intelligence.api;

import io.aurora.intelligence.strategist.Objectives;

/** A request that is well-formed JSON but makes no sense, such as a candidate offered twice. */
class InvalidRequestException extends RuntimeException {

	private final String field;

	InvalidRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** Refused objective weights, naming the objective at fault ({@code objectives.speed}) where one is. */
	static InvalidRequestException objectives(IllegalArgumentException refused) {
		return new InvalidRequestException(refused instanceof Objectives.InvalidObjectiveException invalid
				? "objectives." + invalid.objective() : "objectives", refused.getMessage());
	}

	String field() {
		return field;
	}

}
