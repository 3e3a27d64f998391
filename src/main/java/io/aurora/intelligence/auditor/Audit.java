package io.aurora.intelligence.auditor;

/**
 * The result of one accepted feedback.
 *
 * @param reward the reward computed from the outcome
 * @param qUpdates learning updates applied so far, this one included
 */
public record Audit(Reward reward, long qUpdates) {
}
