package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.IONET;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The risks SquareCB learns from reported signals such as latency: how much of an estimate is the candidate's
 * own, and that one candidate's absurd outcome moves no other's.
 */
class SquareCbRiskTests extends AbstractSquareCbTests {

	@Test
	void aRisksOwnShareStaysWhileTheCandidatesOutcomesDominateAndFallsAsTheyAge() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		Features eu = features("eu");
		for (int i = 0; i < 500; i++) {
			model.learn(new Transition(eu, 0, IONET, 0.5, eu, List.of(IONET, AKASH), Map.of("latency_ms", 3000.0)));
		}
		Policy.Risk fresh = model.risks(eu, IONET).get("latency_ms");
		assertThat(fresh.observations()).isEqualTo(500);
		assertThat(fresh.ownShare()).isGreaterThan(0.99);
		for (int i = 0; i < 1_400; i++) {
			model.learn(new Transition(eu, 1, AKASH, 0.5, eu, List.of(IONET, AKASH), Map.of("latency_ms", 100.0)));
		}
		Policy.Risk lastWhile = model.risks(eu, IONET).get("latency_ms");
		assertThat(lastWhile.ownShare()).as("1,400 steps halve its outcomes' weight; they still make the estimate")
			.isGreaterThan(0.98);
		assertThat(lastWhile.estimate()).isCloseTo(3000, within(100.0));
		for (int i = 0; i < 10_000; i++) {
			model.learn(new Transition(eu, 1, AKASH, 0.5, eu, List.of(IONET, AKASH), Map.of("latency_ms", 100.0)));
		}
		Policy.Risk stale = model.risks(eu, IONET).get("latency_ms");
		assertThat(stale.observations()).isEqualTo(500);
		assertThat(stale.ownShare()).as("0.995^(11400/10) of their weight is left").isLessThan(0.8);
		assertThat(stale.estimate()).as("drifted from its own 3,000 ms toward the others' 100 ms").isLessThan(2500);
	}

	@Test
	void aRisksOwnShareIsNoneInAContextTheCandidateWasNeverSeenInHoweverOftenItWasSeenElsewhere() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		Features us = features("us-east");
		Features eu = features("eu-west");
		Features sixtyFourCores = new Features("us-east", 64, 256, 60, 0.7, 0.8);
		for (int i = 0; i < 100; i++) {
			model.learn(new Transition(us, 0, IONET, 0.5, us, List.of(IONET, AKASH), Map.of("latency_ms", 50.0)));
			model.learn(new Transition(eu, 1, AKASH, 0.5, eu, List.of(IONET, AKASH), Map.of("latency_ms", 5000.0)));
		}
		assertThat(model.risks(us, IONET).get("latency_ms").ownShare()).as("seen there 100 times").isGreaterThan(0.98);
		Policy.Risk elsewhere = model.risks(eu, IONET).get("latency_ms");
		assertThat(elsewhere.observations()).isEqualTo(100);
		assertThat(elsewhere.ownShare()).as("its eu-west estimate is the others' 5,000 ms, not its own").isZero();
		assertThat(model.risks(sixtyFourCores, IONET).get("latency_ms").ownShare()).as("nor a size it never ran")
			.isZero();
	}

	@Test
	void aRisksOwnShareDoesNotDependOnHowFarTheReadingIsFromTheReadingsItWasLearnedAt() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		Features neutral = new Features("eu", 8, 32, 60, 0.5, 0.5);
		for (int i = 0; i < 1000; i++) {
			model.learn(new Transition(neutral, 0, IONET, -0.5, neutral, List.of(IONET, AKASH), Map.of("latency_ms", 5000.0)));
		}
		for (double psi : new double[] { 0.5, 0.52, 0.7, 0.9 }) {
			Policy.Risk risk = model.risks(neutral.withPsi(psi, psi), IONET).get("latency_ms");
			assertThat(risk.ownShare()).as("Ψ %s: its 1,000 outcomes here are still its own", psi).isGreaterThan(0.99);
			assertThat(risk.estimate()).isCloseTo(5000, within(250.0));
		}
	}

	@Test
	void oneAbsurdLatencyDoesNotDragOtherCandidatesLearnedLatency() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		Features eu = features("eu");
		for (int i = 0; i < 1500; i++) {
			model.learn(new Transition(eu, 0, AKASH, 0.8, eu, BOTH, Map.of("latency_ms", 40.0)));
			model.learn(new Transition(eu, 1, VAST, 0.8, eu, BOTH, Map.of("latency_ms", 40.0)));
		}
		model.learn(new Transition(eu, 0, IONET, -1, eu, List.of(IONET), Map.of("latency_ms", 86_400_000.0)));

		assertThat(model.risks(eu, AKASH).get("latency_ms").estimate()).isCloseTo(40, within(2.0));
		assertThat(model.risks(eu, VAST).get("latency_ms").estimate()).isCloseTo(40, within(2.0));
		assertThat(model.risks(eu, IONET).get("latency_ms").estimate()).as("the reporter's own estimate rises")
			.isGreaterThan(1_000);
	}

}
