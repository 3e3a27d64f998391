package io.aurora.intelligence.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decision request's fingerprint, which an {@code Idempotency-Key} is stored with: it must stay the same across
 * versions, or a retry that reaches a replica of another version during a rolling upgrade is refused as another body.
 */
class DecisionFingerprintTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SEED = """
			{"task_id": "task-123",
			 "context": {"cpu": 8, "memory_gb": 32, "latency_ms": 50, "region": "us-west"},
			 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 1.1}},
			                {"provider": "vast", "sku": "V4"}]}
			""";

	private final DecisionFingerprint fingerprint = new DecisionFingerprint(JSON);

	@Test
	void theSeedRequestsFingerprintIsTheOneEarlierVersionsStoredItsKeysWith() {
		assertThat(fingerprint.of(read(SEED))).as("computed by the version before shadow decisions")
			.isEqualTo(PINNED);
	}

	@Test
	void shadowFalseIsTheSameRequestAsNoShadowAndShadowTrueAnother() {
		String shadowFalse = SEED.replaceFirst("\\{", "{\"shadow\": false, ");
		String shadowTrue = SEED.replaceFirst("\\{", "{\"shadow\": true, ");
		assertThat(fingerprint.of(read(shadowFalse))).isEqualTo(fingerprint.of(read(SEED)));
		assertThat(fingerprint.of(read(shadowTrue))).isNotEqualTo(fingerprint.of(read(SEED)));
	}

	private static DecisionRequest read(String body) {
		return JSON.readValue(body, DecisionRequest.class);
	}

	private static final String PINNED = "b6614554cf83d5874cfe543a467bc03e78a51a38ef93e8e9c5cf66dd9b07736e";

}
