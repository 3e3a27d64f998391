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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SquareCB's exported state: which regions hold its slots, an import that learns on as the original does, and
 * malformed state refused.
 */
class SquareCbStateTests extends AbstractSquareCbTests {

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
	void aRegionTakingAnIdleRegionsSlotInheritsNoneOfItsOutcomes() {
		SquareCb model = new SquareCb(10, 2000, 1, 1);
		for (int i = 0; i < 5; i++) {
			model.learn(slow(features("junk-0"), 5_000));
		}
		for (int r = 1; r < SquareCb.MAX_REGIONS; r++) {
			model.learn(slow(features("junk-" + r), 5_000));
		}
		for (long i = 0; i < SquareCb.REGION_IDLE_UPDATES; i++) {
			model.learn(slow(features("junk-15"), 5_000));
		}
		model.learn(slow(features("us-west"), 100));
		assertThat(model.risks(features("us-west"), AKASH).get("latency_ms").ownShare())
			.as("one outcome of its own at ridge 1, not junk-0's five more: they would let junk-0's latency exclude it")
			.isCloseTo(0.5, within(1e-9));
	}

	private static Transition slow(Features features, double latencyMs) {
		return new Transition(features, 0, AKASH, 0.5, features, BOTH, Map.of("latency_ms", latencyMs));
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

}
