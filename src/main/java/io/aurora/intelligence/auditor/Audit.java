package io.aurora.intelligence.auditor;

/**
 * The result of one accepted feedback.
 *
 * @param reward the reward computed from the outcome
 * @param qUpdates learning updates applied so far, this one included unless this replica is more than
 * a page of entries behind the log, behind a gap retention left, or its model stays locked for over
 * 200 ms (a checkpoint or export copying it), when the poller applies it shortly
 */
public record Audit(Reward reward, long qUpdates) {
}
