package io.aurora.intelligence.api;

/**
 * The rule for identifiers stored as plain text ({@code task_id}, {@code trace_id}, provider and SKU):
 * no control characters, since PostgreSQL refuses U+0000 in text and none of them belongs in an id.
 */
final class Printable {

	/** Matches a string without control characters (Unicode category Cc). */
	static final String REGEXP = "\\P{Cc}*";

	/** What a breach answers. */
	static final String MESSAGE = "must not contain control characters";

	private Printable() {
	}

}
