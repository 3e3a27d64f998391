package io.aurora.intelligence.api;

import java.util.Map;

import io.aurora.intelligence.strategist.Policy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Learned-risk limits exclude a candidate only on history that is long enough and still makes its estimate. */
class ConstraintsTests {

	private static final Constraints LIMITS = new Constraints(null, null, null, 200.0, 0.9);

	@Test
	void aRiskExcludesOnlyOnEnoughObservationsThatStillCarryWeight() {
		assertThat(LIMITS.riskBreaches(risks(1000, 50, 0.9, 0.2))).containsExactly("max_latency_ms", "min_slo_rate");
		assertThat(LIMITS.riskBreaches(risks(1000, 19, 1, 0.2))).as("too few observations").isEmpty();
		assertThat(LIMITS.riskBreaches(risks(1000, 500, 0.79, 0.2))).as("many, but aged until others' outcomes weigh in")
			.isEmpty();
		assertThat(LIMITS.riskBreaches(risks(230, 50, 1, 0.85))).as("within the margins").isEmpty();
	}

	@Test
	void aRiskExcludesOnlyPastItsMarginOf120PercentOfTheLatencyLimitOrATenthUnderTheSloFloor() {
		assertThat(LIMITS.riskBreaches(risks(239, 20, 0.8, 0.81))).as("just within both margins, on just enough history")
			.isEmpty();
		assertThat(LIMITS.riskBreaches(risks(241, 20, 0.8, 0.79))).as("just past both margins")
			.containsExactly("max_latency_ms", "min_slo_rate");
		assertThat(LIMITS.riskBreaches(risks(241, 20, 0.79, 0.79))).as("an own share just under four fifths").isEmpty();
	}

	private static Map<String, Policy.Risk> risks(double latency, long observations, double ownShare, double slo) {
		return Map.of("latency_ms", new Policy.Risk(latency, observations, ownShare), "slo",
				new Policy.Risk(slo, observations, ownShare));
	}

}
