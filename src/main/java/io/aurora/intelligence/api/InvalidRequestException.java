package io.aurora.intelligence.api;

/** A request that is well-formed JSON but makes no sense, such as a candidate offered twice. */
class InvalidRequestException extends RuntimeException {

	private final String field;

	InvalidRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	String field() {
		return field;
	}

}
