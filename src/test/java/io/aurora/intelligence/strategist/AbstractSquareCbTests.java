package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.SplittableRandom;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static io.aurora.intelligence.strategist.PolicyFixtures.transition;

/** The SquareCB tests' two candidates and the model they share, trained on who pays in which region. */
abstract class AbstractSquareCbTests {

	static final List<Action> BOTH = List.of(AKASH, VAST);

	/** 400 noisy updates: vast pays in eu and akash in us, 100 of each candidate in each region. */
	static SquareCb trained() {
		SquareCb model = new SquareCb(10, 2000, 0.995, 1);
		SplittableRandom noise = new SplittableRandom(5);
		for (int i = 0; i < 100; i++) {
			model.learn(transition(features("eu"), VAST, 0.8 + 0.1 * noise.nextGaussian(), BOTH));
			model.learn(transition(features("eu"), AKASH, -0.4 + 0.1 * noise.nextGaussian(), BOTH));
			model.learn(transition(features("us"), AKASH, 0.7 + 0.1 * noise.nextGaussian(), BOTH));
			model.learn(transition(features("us"), VAST, -0.3 + 0.1 * noise.nextGaussian(), BOTH));
		}
		return model;
	}

}
