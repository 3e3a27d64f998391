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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SquareCbTests {

	private static final List<Action> BOTH = List.of(AKASH, VAST);

	@Test
	void learnsWhichCandidatePaysInWhichRegion() {
		SquareCb model = trained();
		assertThat(model.estimate(features("eu"), VAST)).isGreaterThan(model.estimate(features("eu"), AKASH) + 0.5);
		assertThat(model.estimate(features("us"), AKASH)).isGreaterThan(model.estimate(features("us"), VAST) + 0.5);
	}

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
	void aNewRegionTakesTheSlotOfAnIdleRegionOnceAllAreTaken() {
		SquareCb model = new SquareCb(10, 2000, 1, 1);
		for (int r = 0; r < SquareCb.MAX_REGIONS; r++) {
			model.learn(transition(features("junk-" + r), AKASH, -1.0, BOTH));
		}
		model.learn(transition(features("us-west"), AKASH, 0.9, BOTH));
		assertThat(TestJson.roundTrip(model.exportState()).get("regions").toString()).as("every slot's region is still in use")
			.doesNotContain("us-west");
		for (long i = 0; i < SquareCb.REGION_IDLE_UPDATES; i++) {
			model.learn(transition(features("junk-15"), AKASH, -1.0, BOTH));
		}
		for (int i = 0; i < 200; i++) {
			model.learn(transition(features("us-west"), AKASH, 0.9, BOTH));
			model.learn(transition(features("eu"), AKASH, -0.9, BOTH));
		}
		assertThat(model.estimate(features("us-west"), AKASH)).as("made-up regions cannot hold every slot").isGreaterThan(0.7);
		assertThat(model.estimate(features("eu"), AKASH)).isLessThan(-0.7);
		@SuppressWarnings("unchecked")
		Map<String, Object> regions = (Map<String, Object>) model.exportState().get("regions");
		assertThat(regions).hasSize(SquareCb.MAX_REGIONS).containsKeys("us-west", "eu").doesNotContainKeys("junk-0", "junk-1");

		SquareCb restored = new SquareCb(10, 2000, 1, 1);
		restored.importState(TestJson.roundTrip(model.exportState()));
		model.learn(transition(features("ap"), AKASH, 0.5, BOTH));
		restored.learn(transition(features("ap"), AKASH, 0.5, BOTH));
		assertThat(TestJson.roundTrip(restored.exportState())).as("a restored model gives up the same slot")
			.isEqualTo(TestJson.roundTrip(model.exportState()));
		assertThat(restored.estimate(features("us-west"), AKASH)).isEqualTo(model.estimate(features("us-west"), AKASH));
		assertThat(TestJson.roundTrip(model.exportState()).get("regions").toString()).doesNotContain("junk-2=");
	}

	@Test
	void moreRegionsInSteadyUseThanSlotsDoNotMakeTheSlotsChangeHands() {
		SquareCb model = new SquareCb(10, 2000, 1, 1);
		for (int round = 0; round < 50; round++) {
			for (int r = 0; r < SquareCb.MAX_REGIONS + 4; r++) {
				model.learn(transition(features("region-" + r), AKASH, r < 8 ? 0.9 : -0.9, BOTH));
			}
		}
		String regions = TestJson.roundTrip(model.exportState()).get("regions").toString();
		for (int r = 0; r < SquareCb.MAX_REGIONS; r++) {
			assertThat(regions).as("the first 16 keep their slots").contains("region-" + r + "=");
		}
		assertThat(regions).doesNotContain("region-16=", "region-19=");
		assertThat(model.estimate(features("region-0"), AKASH)).isGreaterThan(0.7);
		assertThat(model.estimate(features("region-15"), AKASH)).isLessThan(-0.7);
	}

	@Test
	void generalisesToContextsItHasNotSeen() {
		SquareCb model = trained();
		Features unseenSize = new Features("eu", 64, 256, 300, 0.2, 0.3);
		assertThat(model.estimate(unseenSize, VAST)).isGreaterThan(model.estimate(unseenSize, AKASH));
	}

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
	void newCandidateStartsFromTheSharedEstimateNotZero() {
		SquareCb model = new SquareCb(10, 2000, 1, 1);
		for (int i = 0; i < 200; i++) {
			model.learn(transition(features("eu"), AKASH, 0.8, BOTH));
		}
		assertThat(model.estimate(features("eu"), IONET)).isGreaterThan(0.6);
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

	@Test
	void learningIsDeterministic() {
		assertThat(trained().estimate(features("eu"), VAST)).isEqualTo(trained().estimate(features("eu"), VAST));
		assertThat(trained().stats().updates()).isEqualTo(400);
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

	@Test
	void aModelWhoseOldOutcomesAgedAwayImportsIntoOneThatLearnsIdentically() {
		SquareCb live = new SquareCb(10, 2000, 0.5, 0.7);
		SplittableRandom noise = new SplittableRandom(5);
		for (int i = 0; i < 10_000; i++) {
			boolean early = i < 1_000;
			Features f = features(early ? "old" : i % 2 == 0 ? "eu" : "ap");
			Action action = early ? new Action("retired", "R" + i % 3) : i % 3 == 0 ? AKASH : VAST;
			live.learn(new Transition(f, 0, action, noise.nextDouble(-1, 1), f, List.of(action, IONET),
					Map.of("latency_ms", 400 * noise.nextDouble(), "slo", noise.nextDouble())));
		}
		java.util.Map<String, Object> exported = TestJson.roundTrip(live.exportState());
		assertThat(exported.toString()).as("the retired candidates' outcomes aged to nothing").contains("retired");
		SquareCb copy = new SquareCb(10, 2000, 0.5, 0.7);
		copy.importState(exported);
		for (int i = 0; i < 500; i++) {
			Features f = features(i % 2 == 0 ? "eu" : "old");
			Action action = i % 2 == 0 ? AKASH : new Action("retired", "R1");
			Transition t = new Transition(f, 0, action, noise.nextDouble(-1, 1), f, List.of(action, IONET),
					Map.of("latency_ms", 400 * noise.nextDouble()));
			live.learn(t);
			copy.learn(t);
		}
		assertThat(TestJson.roundTrip(copy.exportState())).isEqualTo(TestJson.roundTrip(live.exportState()));
		for (Action a : List.of(AKASH, VAST, new Action("retired", "R0"), new Action("retired", "R1"))) {
			assertThat(copy.estimate(features("old"), a)).isEqualTo(live.estimate(features("old"), a));
			assertThat(copy.risks(features("eu"), a)).isEqualTo(live.risks(features("eu"), a));
		}
	}

	@Test
	void exportedStateImportsIntoAnIdenticalModel() {
		SquareCb original = trained();
		SquareCb copy = new SquareCb(10, 2000, 0.995, 1);
		copy.importState(TestJson.roundTrip(original.exportState()));
		assertThat(copy.estimate(features("eu"), VAST)).isEqualTo(original.estimate(features("eu"), VAST));
		assertThat(copy.estimate(features("us"), AKASH)).isEqualTo(original.estimate(features("us"), AKASH));
		assertThat(copy.stats()).isEqualTo(original.stats());
	}

	@Test
	void malformedStateIsRefusedWithoutTouchingTheModel() {
		SquareCb model = trained();
		double before = model.estimate(features("eu"), VAST);
		java.util.Map<String, Object> state = new java.util.HashMap<>(TestJson.roundTrip(model.exportState()));
		state.put("regions", java.util.Map.of("eu", 99));
		SquareCb target = new SquareCb(10, 2000, 0.995, 1);
		assertThatThrownBy(() -> target.importState(state)).isInstanceOf(IllegalArgumentException.class);
		assertThat(model.estimate(features("eu"), VAST)).isEqualTo(before);
	}

	@Test
	void countsThatCannotBeAndRegionsThatAreNotNamesAreRefused() {
		java.util.Map<String, Object> good = TestJson.roundTrip(trained().exportState());
		List<java.util.function.Consumer<java.util.Map<String, Object>>> faults = List.of(
				state -> state.put("updates", -5),
				state -> state.put("updates", 1e300),
				state -> state.put("updates", 2.5),
				state -> state.put("region_order", java.util.Arrays.asList((Object) null)),
				state -> state.put("region_learned", java.util.Map.of("eu", "y")),
				state -> state.put("region_learned", java.util.Map.of("eu", 401)),
				state -> state.put("shared", new java.util.HashMap<>(java.util.Map.of("a", ((java.util.Map<?, ?>) good.get("shared")).get("a"),
						"b", ((java.util.Map<?, ?>) good.get("shared")).get("b"), "n", -1))),
				state -> {
					List<Object> b = new java.util.ArrayList<>((List<?>) ((java.util.Map<?, ?>) good.get("shared")).get("b"));
					b.set(20, 1e300);
					state.put("shared", new java.util.HashMap<>(java.util.Map.of("a", ((java.util.Map<?, ?>) good.get("shared")).get("a"),
							"b", b, "n", 400)));
				});
		for (var fault : faults) {
			java.util.Map<String, Object> state = new java.util.HashMap<>(good);
			fault.accept(state);
			assertThatThrownBy(() -> new SquareCb(10, 2000, 0.995, 1).importState(state)).as(state.toString().substring(0, 40))
				.isInstanceOf(IllegalArgumentException.class);
		}
		SquareCb copy = new SquareCb(10, 2000, 0.995, 1);
		copy.importState(new java.util.HashMap<>(good));
		assertThat(copy.stats().updates()).isEqualTo(400);
	}

	@Test
	void invalidSettingsAreRefused() {
		assertThatThrownBy(() -> new SquareCb(0, 10, 0.99, 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new SquareCb(10, 10, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
	}

	private static SquareCb trained() {
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
