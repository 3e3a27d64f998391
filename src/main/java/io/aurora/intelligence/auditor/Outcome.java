package io.aurora.intelligence.auditor;

import java.util.LinkedHashMap;
import java.util.Map;

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

	/** The fields given, by their JSON names, in this order: as the feedback log stores an outcome. */
	public Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		putIfPresent(map, "latency_ms", latencyMs);
		putIfPresent(map, "cost", cost);
		putIfPresent(map, "failures", failures);
		putIfPresent(map, "slo_hit", sloHit);
		return map;
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
