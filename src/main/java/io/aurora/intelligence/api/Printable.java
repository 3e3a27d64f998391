package io.aurora.intelligence.api;

/**
 * The rule for identifiers stored as plain text ({@code task_id}, {@code trace_id}, provider and SKU):
 * no control characters, since PostgreSQL refuses U+0000 in text and none of them belongs in an id,
 * and no unpaired surrogate, which is not text at all (strict JSON parsers refuse it, SQLite stores '?').
 */
final class Printable {

	/** Matches a string without control characters (Unicode category Cc) or unpaired surrogates (Cs). */
	static final String REGEXP = "[^\\p{Cc}\\p{Cs}]*";

	/** What a breach answers. */
	static final String MESSAGE = "must not contain control characters or unpaired surrogates";

	private Printable() {
	}

}
