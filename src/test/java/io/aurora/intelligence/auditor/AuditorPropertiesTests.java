package io.aurora.intelligence.auditor;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditorPropertiesTests {

	@Test
	void aBudgetIsBeyondTheFixedScaleFromTwiceRewardLatencyMsOn() {
		AuditorProperties fixed = properties(200, AuditorProperties.LatencyReference.FIXED);
		assertThat(fixed.budgetBeyondScale(Map.of("latency_ms", 399.9))).isNull();
		assertThat(fixed.budgetBeyondScale(Map.of("latency_ms", 400))).startsWith(
				"the decision's latency_ms budget (400 ms) is at least twice REWARD_LATENCY_MS (200 ms), so a job that takes "
						+ "its budget (any latency of 400 ms or more) scores its latency -1");
		assertThat(fixed.budgetBeyondScale(Map.of("latency_ms", "120000"))).contains("(120000 ms)");
		assertThat(fixed.budgetBeyondScale(Map.of())).as("no budget").isNull();
		assertThat(properties(200.5, AuditorProperties.LatencyReference.FIXED).budgetBeyondScale(Map.of("latency_ms", 401)))
			.as("numbers as they are, not rounded into a contradiction").contains("(401 ms)", "(200.5 ms)");
		assertThat(properties(200, AuditorProperties.LatencyReference.REQUEST).budgetBeyondScale(Map.of("latency_ms", 120000)))
			.as("scored on its own budget").isNull();
	}

	private static AuditorProperties properties(double latencyMs, AuditorProperties.LatencyReference reference) {
		return new AuditorProperties(86_400, 0, 0, latencyMs, 1, reference);
	}

}
