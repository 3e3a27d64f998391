package io.aurora.intelligence.simulator;

import java.util.List;
import java.util.SplittableRandom;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Transition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinUcbTests {

	private static final List<Action> ACTIONS = List.of(new Action("akash", "A8"), new Action("vast", "V4"));

	@Test
	void learnsWhichCandidateIsBestInEachRegion() {
		LinUcb policy = new LinUcb(LinUcb.ALPHA);
		SplittableRandom random = new SplittableRandom(1);
		int best = 0;
		for (int t = 0; t < 2_000; t++) {
			boolean west = random.nextBoolean();
			Features features = new Features(west ? "us-west" : "eu-west", 8, 32, 100, 0.5, 0.5);
			Choice choice = policy.choose(features, ACTIONS, random);
			boolean akash = choice.index() == 0;
			double reward = (akash == west ? 0.7 : 0.3) + random.nextDouble(-0.1, 0.1);
			policy.learn(new Transition(features, choice.index(), choice.action(), reward, features, ACTIONS));
			best += t >= 1_000 && akash == west ? 1 : 0;
		}
		assertThat(best).as("best choices in the last 1,000").isGreaterThan(950);
		Features west = new Features("us-west", 8, 32, 100, 0.5, 0.5);
		assertThat(policy.estimate(west, ACTIONS.get(0))).isCloseTo(0.7, within(0.05));
		assertThat(policy.estimate(west, ACTIONS.get(1))).isCloseTo(0.3, within(0.1));
	}

	@Test
	void aTieIsBrokenAtRandomAndItsPropensityIsOneOverTheTiedCandidates() {
		LinUcb policy = new LinUcb(LinUcb.ALPHA);
		Features features = new Features("us-east", 4, 16, 100, 0.5, 0.5);
		List<Action> three = List.of(ACTIONS.get(0), ACTIONS.get(1), new Action("ionet", "H100"));
		SplittableRandom random = new SplittableRandom(3);
		int[] chosen = new int[3];
		for (int i = 0; i < 300; i++) {
			Choice untried = policy.choose(features, three, random);
			assertThat(untried.propensity()).as("three untried candidates tie").isCloseTo(1.0 / 3, within(1e-12));
			chosen[untried.index()]++;
		}
		assertThat(java.util.Arrays.stream(chosen).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(70, 130));
		policy.learn(new Transition(features, 0, three.get(0), 1, features, three));
		assertThat(policy.choose(features, three, random).propensity()).as("two untried left").isEqualTo(0.5);
	}

	@Test
	void aCandidateNeverTriedIsTriedFirst() {
		LinUcb policy = new LinUcb(LinUcb.ALPHA);
		Features features = new Features("us-east", 4, 16, 100, 0.5, 0.5);
		policy.learn(new Transition(features, 0, ACTIONS.get(0), 1, features, ACTIONS));
		assertThat(policy.choose(features, ACTIONS, new SplittableRandom(2)).index()).isEqualTo(1);
	}

}
