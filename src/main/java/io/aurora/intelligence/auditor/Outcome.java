package io.aurora.intelligence.auditor;

import org.jspecify.annotations.Nullable;

/**
 * The observed outcome of an executed decision; every field is optional, but at least one is given.
 *
 * @param latencyMs observed latency in milliseconds
 * @param cost observed cost, in the unit the caller's budget uses (1.0 scores zero)
 * @param failures failed attempts; missing counts as 0
 * @param sloHit whether the service-level objective was met
 */
public record Outcome(@Nullable Double latencyMs, @Nullable Double cost, @Nullable Integer failures,
		@Nullable Boolean sloHit) {
}
