/**
 * Offline (off-policy) evaluation: what another policy or setting would have earned on the logged
 * decisions, from their propensities, with IPS, self-normalised IPS and doubly-robust estimators.
 */
@NullMarked
package io.aurora.intelligence.evaluation;

import org.jspecify.annotations.NullMarked;
