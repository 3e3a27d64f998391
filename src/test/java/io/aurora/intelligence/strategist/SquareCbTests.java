package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.IONET;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static io.aurora.intelligence.strategist.PolicyFixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * SquareCB's choices and the reward estimates it learns: inverse-gap weights, what it knows of candidates and
 * contexts it has not seen, and how its estimates forget a market that shifts.
 */
class SquareCbTests extends AbstractSquareCbTests {

	@Test
	void nonGreedyCandidatesGetInverseGapWeights() {
		SquareCb model = trained();
		Features eu = features("eu");
		double gap = model.estimate(eu, VAST) - model.estimate(eu, AKASH);
		double expected = 1 / (2 + model.gamma() * gap);
		Choice explore = model.choose(eu, BOTH, new PolicyFixtures.FixedRandom(0.0, 0));
		assertThat(explore.action()).isEqualTo(AKASH);
		assertThat(explore.explored()).isTrue();
		assertThat(explore.propensity()).isCloseTo(expected, within(1e-12));
		Choice exploit = model.choose(eu, BOTH, new PolicyFixtures.FixedRandom(0.999, 0));
		assertThat(exploit.action()).isEqualTo(VAST);
		assertThat(exploit.explored()).isFalse();
		assertThat(exploit.propensity()).isCloseTo(1 - expected, within(1e-12));
		assertThat(exploit.qValue()).isEqualTo(model.estimate(eu, VAST));
	}

	@Test
	void untrainedModelChoosesUniformly() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		Choice choice = model.choose(features("eu"), List.of(AKASH, VAST, IONET), new SplittableRandom(1));
		assertThat(choice.propensity()).isCloseTo(1.0 / 3, within(1e-12));
		assertThat(choice.explored()).isFalse();
	}

	@Test
	void candidateOrderDoesNotChangeTheEstimates() {
		SquareCb model = trained();
		Choice a = model.choose(features("eu"), List.of(AKASH, VAST), new PolicyFixtures.FixedRandom(0.999, 0));
		Choice b = model.choose(features("eu"), List.of(VAST, AKASH), new PolicyFixtures.FixedRandom(0.0, 0));
		assertThat(a.action()).isEqualTo(VAST);
		assertThat(b.action()).isEqualTo(VAST);
		assertThat(a.propensity()).isCloseTo(b.propensity(), within(1e-12));
	}

	@Test
	void learnsWhichCandidatePaysInWhichRegion() {
		SquareCb model = trained();
		assertThat(model.estimate(features("eu"), VAST)).isGreaterThan(model.estimate(features("eu"), AKASH) + 0.5);
		assertThat(model.estimate(features("us"), AKASH)).isGreaterThan(model.estimate(features("us"), VAST) + 0.5);
	}

	@Test
	void generalisesToContextsItHasNotSeen() {
		SquareCb model = trained();
		Features unseenSize = new Features("eu", 64, 256, 300, 0.2, 0.3);
		assertThat(model.estimate(unseenSize, VAST)).isGreaterThan(model.estimate(unseenSize, AKASH));
	}

	@Test
	void newCandidateStartsFromTheSharedEstimateNotZero() {
		SquareCb model = new SquareCb(10, 2000, 1, 1);
		for (int i = 0; i < 200; i++) {
			model.learn(transition(features("eu"), AKASH, 0.8, BOTH));
		}
		assertThat(model.estimate(features("eu"), IONET)).isGreaterThan(0.6);
	}

	@Test
	void aNewCandidatesEstimateDoesNotOvershootWhatItEarned() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		Features eu = features("eu");
		for (int i = 1; i <= 30; i++) {
			model.learn(transition(eu, VAST, 1.0, BOTH));
			assertThat(model.estimate(eu, VAST)).as("after %d rewards of 1", i).isBetween(0.0, 1.0 + 1e-9);
		}
		assertThat(model.estimate(eu, VAST)).isCloseTo(1.0, within(0.05));
	}

	@Test
	void forgettingFollowsAMarketThatShifts() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		for (int i = 0; i < 1000; i++) {
			model.learn(transition(features("eu"), VAST, 0.9, BOTH));
		}
		for (int i = 0; i < 300; i++) {
			model.learn(transition(features("eu"), VAST, -0.5, BOTH));
		}
		assertThat(model.estimate(features("eu"), VAST)).as("0.995^300 = 22%% of the weight is left on the old market")
			.isBetween(-0.3, -0.1);
		for (int i = 0; i < 700; i++) {
			model.learn(transition(features("eu"), VAST, -0.5, BOTH));
		}
		assertThat(model.estimate(features("eu"), VAST)).isCloseTo(-0.5, within(0.05));
	}

	@Test
	void aCandidatesEstimateFollowsItsOwnOutcomesNotWhatOthersDoToTheSharedModel() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		Features eu = features("eu");
		for (int i = 0; i < 150; i++) {
			model.learn(transition(eu, AKASH, 0.5, BOTH));
			model.learn(transition(eu, VAST, 0.9, BOTH));
		}
		Action render = new Action("render", "R1");
		List<Action> others = List.of(IONET, render);
		for (int i = 0; i < 100; i++) {
			model.learn(transition(eu, IONET, -0.8, others));
			model.learn(transition(eu, render, -0.8, others));
		}
		assertThat(model.estimate(eu, new Action("lambda", "L1"))).as("the shared model fell below 0")
			.isLessThan(-0.1);
		assertThat(model.estimate(eu, AKASH)).as("akash's own outcomes, 200 steps old, still decide its estimate")
			.isCloseTo(0.5, within(0.1));
		assertThat(model.estimate(eu, VAST)).isCloseTo(0.9, within(0.1));
	}

	@Test
	void aCandidateNotChosenForLongDriftsBackToTheSharedModelSoAShiftReachesIt() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		Features eu = features("eu");
		for (int i = 0; i < 500; i++) {
			model.learn(transition(eu, AKASH, 0.5, BOTH));
			model.learn(transition(eu, VAST, -0.5, BOTH));
		}
		assertThat(model.estimate(eu, VAST)).isCloseTo(-0.5, within(0.05));
		for (int i = 0; i < 1_000; i++) {
			model.learn(transition(eu, AKASH, 1.0, BOTH));
		}
		assertThat(model.estimate(eu, new Action("lambda", "L1"))).as("the market as a whole now pays 1").isCloseTo(1.0, within(0.05));
		assertThat(model.estimate(eu, VAST)).as("1,000 steps of others' learning are not enough to forget vast's own")
			.isLessThan(-0.3);
		for (int i = 0; i < 19_000; i++) {
			model.learn(transition(eu, AKASH, 1.0, BOTH));
		}
		assertThat(model.estimate(eu, VAST)).as("after 20,000: 0.995^(20000/10) of the weight of vast's outcomes is left")
			.isCloseTo(1.0, within(0.1));
	}

	@Test
	void learningIsDeterministic() {
		assertThat(trained().estimate(features("eu"), VAST)).isEqualTo(trained().estimate(features("eu"), VAST));
		assertThat(trained().stats().updates()).isEqualTo(400);
	}

	@Test
	void invalidSettingsAreRefused() {
		assertThatThrownBy(() -> new SquareCb(0, 10, 0.99, 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new SquareCb(10, 10, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
	}

}
