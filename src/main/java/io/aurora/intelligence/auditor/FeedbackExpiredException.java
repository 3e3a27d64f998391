package io.aurora.intelligence.auditor;

import io.aurora.intelligence.store.RecordedFeedback;
import org.jspecify.annotations.Nullable;

/**
 * Feedback arrived after the decision's feedback window closed; answered 410 Gone and not applied. It carries
 * the feedback recorded for the trace when there is one, so that a caller whose first answer was lost near the
 * window's end can tell that its feedback was applied, as a 409 lets it.
 */
public class FeedbackExpiredException extends RefusedFeedbackException {

	/** Creates the exception for a trace id and the window in seconds, with no feedback recorded for the trace. */
	public FeedbackExpiredException(String traceId, long windowSeconds) {
		this(traceId, windowSeconds, null, false);
	}

	/** Creates the exception for a trace id and the window in seconds, with the feedback recorded for it, if any. */
	public FeedbackExpiredException(String traceId, long windowSeconds, @Nullable RecordedFeedback recorded, boolean sameOutcome) {
		super("Trace '" + traceId + "' is older than the feedback window of " + windowSeconds + " s; feedback is no longer accepted"
				+ (recorded == null ? "" : ". It already has feedback, applied once" + (sameOutcome
						? ", with this same outcome: a retry of a feedback that was applied" : "")), recorded, sameOutcome);
	}

}
