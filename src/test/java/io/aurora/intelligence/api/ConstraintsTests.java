package io.aurora.intelligence.api;

import java.util.Map;

import io.aurora.intelligence.strategist.Policy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Learned-risk limits exclude a candidate only on history that is long enough and still counts. */
class ConstraintsTests {

	private static final Constraints LIMITS = new Constraints(null, null, null, 200.0, 0.9);

	@Test
	void aRiskExcludesOnlyOnEnoughObservationsThatStillCarryWeight() {
		assertThat(LIMITS.riskBreaches(risks(1000, 50, 0.9, 0.2))).containsExactly("max_latency_ms", "min_slo_rate");
		assertThat(LIMITS.riskBreaches(risks(1000, 19, 1, 0.2))).as("too few observations").isEmpty();
		assertThat(LIMITS.riskBreaches(risks(1000, 500, 0.49, 0.2))).as("many, but long unlearned: they count too little")
			.isEmpty();
		assertThat(LIMITS.riskBreaches(risks(230, 50, 1, 0.85))).as("within the margins").isEmpty();
	}

	private static Map<String, Policy.Risk> risks(double latency, long observations, double freshness, double slo) {
		return Map.of("latency_ms", new Policy.Risk(latency, observations, freshness), "slo",
				new Policy.Risk(slo, observations, freshness));
	}

}
