package io.aurora.intelligence.auditor;

import io.aurora.intelligence.strategist.Action;
import org.jspecify.annotations.Nullable;

/**
 * The result of one accepted feedback.
 *
 * @param reward the reward computed from the outcome
 * @param qUpdates learning updates applied so far, this one included unless this replica is more than
 * a page of entries behind the log, behind a gap retention left, or its model stays locked for over
 * 200 ms (a checkpoint or export copying it), when the poller applies it shortly
 * @param advice a word for the caller on how the reward was scored, when its settings scored it poorly whatever the
 * outcome (a latency budget beyond the scale), or null
 * @param ran the candidate learned as where the task ran when the caller's own scheduler chose it (the feedback's
 * {@code ran}, or a shadow decision's answer), or null when it ran on the service's choice
 * @param ranPropensity the probability the caller's rules chose {@code ran} with, as its feedback gave it, or null
 */
public record Audit(Reward reward, long qUpdates, @Nullable String advice, @Nullable Action ran,
		@Nullable Double ranPropensity) {

	/** The result of a feedback that gave no propensity. */
	public Audit(Reward reward, long qUpdates, @Nullable String advice, @Nullable Action ran) {
		this(reward, qUpdates, advice, ran, null);
	}

	/** The result of a feedback with nothing to advise. */
	public Audit(Reward reward, long qUpdates) {
		this(reward, qUpdates, null, null, null);
	}

	/** The result of a feedback whose task ran on the service's choice. */
	public Audit(Reward reward, long qUpdates, @Nullable String advice) {
		this(reward, qUpdates, advice, null, null);
	}

}
