package io.aurora.intelligence.auditor;

import io.aurora.intelligence.store.RecordedFeedback;
import org.jspecify.annotations.Nullable;

/**
 * A trace already has its feedback; a second one is refused with 409 and changes nothing. It carries the
 * recorded feedback, so that a caller retrying after a lost answer can tell its own from another's.
 */
public class FeedbackConflictException extends RefusedFeedbackException {

	/** Creates the exception for a trace id, with the feedback recorded for it when it could be read. */
	public FeedbackConflictException(String traceId, @Nullable RecordedFeedback recorded, boolean sameOutcome) {
		super("Trace '" + traceId + "' already has feedback; it was applied once and is not applied again"
				+ (sameOutcome ? ". It had this same outcome: a retry of a feedback that was applied" : ""), recorded,
				sameOutcome);
	}

}
