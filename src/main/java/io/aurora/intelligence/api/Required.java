package io.aurora.intelligence.api;

/**
 * What a required field of a request says when it fails: that it is required, so that a field left out (or
 * misspelt) does not read as one sent blank.
 */
final class Required {

	/** A required field of any type. */
	static final String FIELD = "is required";

	/** A required string, which may not be blank either. */
	static final String TEXT = "is required, and must not be blank";

	private Required() {
	}

}
