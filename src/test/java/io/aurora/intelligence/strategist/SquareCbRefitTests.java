package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.IONET;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static io.aurora.intelligence.strategist.PolicyFixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Observing outcomes in a batch and refitting once: choices see nothing of the batch until the refit, which
 * then gives the model that learning each outcome in turn gives.
 */
class SquareCbRefitTests extends AbstractSquareCbTests {

	@Test
	void choicesSeeNothingOfAnObservationBeforeTheRefit() {
		SquareCb model = trained();
		double gamma = model.gamma();
		double estimate = model.estimate(features("eu"), VAST);
		model.observe(transition(features("eu"), VAST, -1.0, BOTH));
		model.prepare();
		assertThat(model.gamma()).isEqualTo(gamma);
		assertThat(model.estimate(features("eu"), VAST)).isEqualTo(estimate);
		model.refit();
		assertThat(model.gamma()).isGreaterThan(gamma);
		assertThat(model.estimate(features("eu"), VAST)).isLessThan(estimate);
	}

	@Test
	void theExplorationScaleGrowsWithTheSquareRootOfUpdatesUntilItsCap() {
		SquareCb model = new SquareCb(10, 25, 1, 1);
		Features eu = features("eu");
		assertThat(model.gamma()).as("SQUARECB_GAMMA0 before any update").isEqualTo(10);
		for (int i = 0; i < 3; i++) {
			model.learn(transition(eu, VAST, 0.5, BOTH));
		}
		assertThat(model.gamma()).as("10 · √(1 + 3)").isCloseTo(20, within(1e-12));
		model.learn(transition(eu, VAST, 0.5, BOTH));
		model.learn(transition(eu, VAST, 0.5, BOTH));
		assertThat(model.gamma()).as("10 · √6").isCloseTo(10 * Math.sqrt(6), within(1e-12));
		for (int i = 0; i < 100; i++) {
			model.learn(transition(eu, VAST, 0.5, BOTH));
		}
		assertThat(model.gamma()).as("SQUARECB_GAMMA_MAX keeps some exploration for a market that shifts").isEqualTo(25);
	}

	@Test
	void aCandidateForgottenAtTheCapKeepsItsPublishedEstimateUntilTheRefit() {
		SquareCb model = new SquareCb(10, 2000, 1, 1, 1);
		Features eu = features("eu");
		for (int i = 0; i < 20; i++) {
			model.learn(new Transition(eu, 0, AKASH, 1.0, eu, BOTH, Map.of("latency_ms", 100.0)));
		}
		double estimate = model.estimate(eu, AKASH);
		assertThat(model.risks(eu, AKASH).get("latency_ms").observations()).isEqualTo(20);

		model.observe(new Transition(eu, 1, VAST, -1.0, eu, BOTH, Map.of("latency_ms", 900.0)));
		model.prepare();
		assertThat(model.estimate(eu, AKASH)).as("akash's residual is forgotten, but not yet published").isEqualTo(estimate);
		assertThat(model.risks(eu, AKASH).get("latency_ms").observations()).isEqualTo(20);

		model.refit();
		assertThat(model.stats().forgotten()).isEqualTo(1);
		assertThat(model.risks(eu, AKASH).get("latency_ms").observations()).isZero();
		assertThat(model.estimate(eu, AKASH)).as("the shared part alone, pulled down by vast's outcome").isLessThan(estimate);
	}

	@Test
	void observingABatchChangesNoEstimateUntilTheRefitGivesWhatLearningEachInTurnGives() {
		assertThat(400 + 1_100).as("the batch crosses an aging of every candidate model")
			.isGreaterThan((int) RewardHead.agingInterval(StrictMath.pow(0.995, 0.1)));
		SquareCb oneByOne = trained();
		SquareCb batched = trained();
		SplittableRandom noise = new SplittableRandom(9);
		for (int i = 0; i < 1_100; i++) {
			Features f = features(i % 2 == 0 ? "eu" : "ap");
			Action action = i % 3 == 0 ? IONET : VAST;
			java.util.Map<String, Double> signals = java.util.Map.of("latency", noise.nextDouble(), "cost", noise.nextDouble(),
					"reliability", noise.nextDouble(), "latency_ms", 200 * noise.nextDouble(), "slo", noise.nextDouble());
			Transition t = new Transition(f, 0, action, noise.nextDouble(), f, List.of(action, AKASH), signals);
			oneByOne.learn(t);
			batched.observe(t);
		}
		SquareCb before = trained();
		for (Action a : List.of(AKASH, VAST, IONET)) {
			assertThat(batched.estimate(features("eu"), a)).isEqualTo(before.estimate(features("eu"), a));
		}
		assertThat(batched.estimate(features("ap"), IONET)).isNotEqualTo(oneByOne.estimate(features("ap"), IONET));
		batched.refit();
		for (String region : List.of("eu", "us", "ap")) {
			for (Action a : List.of(AKASH, VAST, IONET)) {
				assertThat(batched.estimate(features(region), a)).isEqualTo(oneByOne.estimate(features(region), a));
				assertThat(batched.objectiveEstimates(features(region), a))
					.isEqualTo(oneByOne.objectiveEstimates(features(region), a));
				assertThat(batched.risks(features(region), a)).isEqualTo(oneByOne.risks(features(region), a));
			}
		}
		assertThat(TestJson.roundTrip(batched.exportState())).isEqualTo(TestJson.roundTrip(oneByOne.exportState()));
	}

}
