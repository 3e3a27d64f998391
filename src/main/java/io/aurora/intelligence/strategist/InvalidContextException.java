package io.aurora.intelligence.strategist;

/**
 * A request context that cannot be featurised, such as {@code "cpu": "lots"}; the API answers it
 * with a 400 naming the field.
 */
public class InvalidContextException extends RuntimeException {

	private final String field;

	/** Creates the exception for a context field and a human-readable reason. */
	public InvalidContextException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The offending context key, for example {@code memory_gb}. */
	public String field() {
		return field;
	}

}
