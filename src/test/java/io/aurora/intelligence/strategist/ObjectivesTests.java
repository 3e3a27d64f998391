package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.IONET;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ObjectivesTests {

	@Test
	void weightsAreNormalisedAndZeroWeightsDropped() {
		assertThat(Objectives.normalise(Map.of("latency", 3, "cost", 1, "reliability", 0)))
			.containsExactly(Map.entry("latency", 0.75), Map.entry("cost", 0.25));
		assertThat(Objectives.parse("latency=0.4, cost=0.3,reliability=0.3")).containsEntry("reliability", 0.3);
	}

	@Test
	void hugeWeightsKeepTheirProportions() {
		assertThat(Objectives.normalise(Map.of("latency", 1e308, "cost", 1e308)))
			.containsExactly(entry("latency", 0.5), entry("cost", 0.5));
		assertThat(Objectives.normalise(Map.of("latency", 3e-320, "reliability", 1e-320)).get("latency"))
			.isCloseTo(0.75, within(1e-3));
	}

	@Test
	void badWeightsNameTheProblem() {
		assertThatThrownBy(() -> Objectives.normalise(Map.of("speed", 1))).hasMessageContaining("unknown objective 'speed'");
		assertThatThrownBy(() -> Objectives.normalise(Map.of("o".repeat(50_000), 1))).as("a long name is cut, not echoed whole")
			.hasMessage("unknown objective '" + "o".repeat(64) + "...'; use latency, cost, reliability");
		assertThatThrownBy(() -> Objectives.normalise(Map.of("\uD83D\uDE00".repeat(65), 1))).as("cut between characters")
			.hasMessageStartingWith("unknown objective '" + "\uD83D\uDE00".repeat(64) + "...'");
		assertThatThrownBy(() -> Objectives.normalise(Map.of("cost", -1))).hasMessageContaining("non-negative");
		assertThatThrownBy(() -> Objectives.normalise(Map.of("cost", Double.POSITIVE_INFINITY)))
			.as("a 900-digit weight is too large, not negative").hasMessageContaining("beyond the range of a number");
		assertThatThrownBy(() -> Objectives.normalise(Map.of("cost", 0))).hasMessageContaining("positive weight");
		assertThatThrownBy(() -> Objectives.parse("latency")).hasMessageContaining("name=weight");
	}

	@Test
	void aNullWeightIsAsIfLeftOut() {
		Map<String, Double> withNull = new java.util.HashMap<>();
		withNull.put("latency", null);
		withNull.put("cost", 2.0);
		assertThat(Objectives.normalise(withNull)).containsExactly(entry("cost", 1.0));
		withNull.put("cost", null);
		assertThatThrownBy(() -> Objectives.normalise(withNull)).hasMessageContaining("positive weight");
	}

	@Test
	void paretoFrontKeepsOnlyUndominatedCandidates() {
		List<Map<String, Double>> estimates = List.of(Map.of("latency", 0.9, "cost", 0.1), Map.of("latency", 0.2, "cost", 0.8),
				Map.of("latency", 0.1, "cost", 0.1));
		assertThat(ParetoFront.of(List.of(AKASH, VAST, IONET), estimates)).containsExactly(AKASH, VAST);
		List<Map<String, Double>> tied = List.of(Map.of("latency", 0.5, "cost", 0.5), Map.of("latency", 0.4, "cost", 0.5),
				Map.of("latency", 0.5, "cost", 0.5));
		assertThat(ParetoFront.of(List.of(AKASH, VAST, IONET), tied))
			.as("equal on cost and worse on latency is dominated; equal on both is not").containsExactly(AKASH, IONET);
	}

	@Test
	void squareCbLearnsEachObjectiveAndChoosesByTheCallersWeights() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		List<Action> both = List.of(AKASH, VAST);
		for (int i = 0; i < 200; i++) {
			model.learn(new Transition(features("eu"), 0, AKASH, 0.5, features("eu"), both,
					Map.of("latency", 0.9, "cost", -0.5, "reliability", 1.0)));
			model.learn(new Transition(features("eu"), 1, VAST, 0.5, features("eu"), both,
					Map.of("latency", 0.1, "cost", 0.9, "reliability", 1.0)));
		}
		assertThat(model.objectiveEstimates(features("eu"), AKASH).get("latency")).isCloseTo(0.9, within(0.05));
		assertThat(model.objectiveEstimates(features("eu"), VAST).get("cost")).isCloseTo(0.9, within(0.05));
		Choice fast = model.choose(features("eu"), both, Map.of("latency", 1.0), new PolicyFixtures.FixedRandom(0.0, 0));
		Choice cheap = model.choose(features("eu"), both, Map.of("cost", 1.0), new PolicyFixtures.FixedRandom(0.999, 0));
		assertThat(fast.action()).isEqualTo(AKASH);
		assertThat(cheap.action()).isEqualTo(VAST);
		assertThat(fast.explored()).isFalse();
	}

	@Test
	void tabularPoliciesRefuseObjectives() {
		assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, 0.2, 0.9).choose(features("eu"), List.of(AKASH),
				Map.of("cost", 1.0), new java.util.SplittableRandom(1)))
			.isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("squarecb");
	}

}
