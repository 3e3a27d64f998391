package io.aurora.intelligence.evaluation;

/**
 * A request field an evaluation cannot take, refused before the log is read: an unknown policy, model or baseline, or a
 * segment entry no decision's context could hold; {@link #field()} names it.
 */
public class InvalidFieldException extends IllegalArgumentException {

	private final String field;

	InvalidFieldException(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The request field at fault, such as {@code policy} or {@code context.region}. */
	public String field() {
		return field;
	}

}
