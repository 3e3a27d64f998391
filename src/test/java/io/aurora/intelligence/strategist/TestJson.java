package io.aurora.intelligence.strategist;

import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Sends exported state through JSON, as snapshots and {@code GET /model} do. */
final class TestJson {

	private static final JsonMapper JSON = new JsonMapper();

	private TestJson() {
	}

	static Map<String, Object> roundTrip(Map<String, Object> state) {
		return JSON.readValue(JSON.writeValueAsString(state), new TypeReference<Map<String, Object>>() {
		});
	}

}
