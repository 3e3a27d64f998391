package io.aurora.intelligence.auditor;

import io.aurora.intelligence.store.RecordedFeedback;
import org.jspecify.annotations.Nullable;

/**
 * A feedback refused for its trace (a second one, or one after the window), carrying the feedback recorded for
 * the trace when there is one and whether the refused one had its outcome, so that a caller whose first answer
 * was lost can tell that its feedback was applied.
 */
public abstract class RefusedFeedbackException extends RuntimeException {

	private final transient @Nullable RecordedFeedback recorded;

	private final boolean sameOutcome;

	RefusedFeedbackException(String message, @Nullable RecordedFeedback recorded, boolean sameOutcome) {
		super(message);
		this.recorded = recorded;
		this.sameOutcome = sameOutcome;
	}

	/** The feedback recorded for the trace, or null when it has none or it could not be read. */
	public @Nullable RecordedFeedback recorded() {
		return recorded;
	}

	/** Whether the refused feedback had the recorded one's outcome. */
	public boolean sameOutcome() {
		return sameOutcome;
	}

}
