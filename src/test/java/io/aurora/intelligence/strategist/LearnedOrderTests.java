package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.IONET;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static io.aurora.intelligence.strategist.PolicyFixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The caps on a model's size: learning beyond them forgets the least recently learned state or
 * candidate, and a model restored from an export forgets the same ones as the original.
 */
class LearnedOrderTests {

	private static final List<Action> ALL = List.of(AKASH, VAST, IONET);

	static Stream<Arguments> tabularPolicies() {
		return Stream.of(Arguments.of("q-table", (IntFunction<Policy>) cap -> new EpsilonGreedyQTable(0.1, 0.5, 0, 1, 0, cap)),
				Arguments.of("ucb", (IntFunction<Policy>) cap -> new UcbTable(0.1, cap)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tabularPolicies")
	void tabularPolicyBeyondItsCapForgetsTheLeastRecentlyLearnedState(String name, IntFunction<Policy> withCap) {
		Policy policy = withCap.apply(2);
		policy.learn(transition(features("eu"), AKASH, 0.9, ALL));
		policy.learn(transition(features("us"), VAST, 0.8, ALL));
		policy.learn(transition(features("eu"), VAST, 0.7, ALL));
		Policy restored = withCap.apply(2);
		restored.importState(TestJson.roundTrip(policy.exportState()));

		for (Policy p : List.of(policy, restored)) {
			p.learn(transition(features("ap"), IONET, 0.6, ALL));
			assertThat(p.estimate(features("us"), VAST)).as("us was learned least recently").isZero();
			assertThat(p.estimate(features("eu"), AKASH)).isPositive();
			assertThat(p.estimate(features("ap"), IONET)).isPositive();
			assertThat(p.stats().states()).isEqualTo(2);
			assertThat(p.stats().stateActionPairs()).isEqualTo(3);
		}
		assertThat(TestJson.roundTrip(restored.exportState())).isEqualTo(TestJson.roundTrip(policy.exportState()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tabularPolicies")
	void importingMoreStatesThanTheCapKeepsTheMostRecentlyLearned(String name, IntFunction<Policy> withCap) {
		Policy large = withCap.apply(10);
		for (String region : List.of("a", "b", "c", "d")) {
			large.learn(transition(features(region), AKASH, 0.5, ALL));
		}
		Policy small = withCap.apply(2);
		small.importState(TestJson.roundTrip(large.exportState()));
		assertThat(small.stats().states()).isEqualTo(2);
		assertThat(small.estimate(features("a"), AKASH)).isZero();
		assertThat(small.estimate(features("d"), AKASH)).isPositive();
	}

	@Test
	void squareCbBeyondItsCapForgetsTheLeastRecentlyLearnedCandidate() {
		Action neverSeen = new Action("render", "R1");
		SquareCb model = new SquareCb(10, 2000, 0.995, 1, 2);
		model.learn(transition(features("eu"), AKASH, 0.9, ALL));
		model.learn(transition(features("eu"), VAST, -0.5, ALL));
		model.learn(transition(features("eu"), AKASH, 0.9, ALL));
		SquareCb restored = new SquareCb(10, 2000, 0.995, 1, 2);
		restored.importState(TestJson.roundTrip(model.exportState()));

		for (SquareCb m : List.of(model, restored)) {
			m.learn(transition(features("eu"), IONET, 0.1, ALL));
			assertThat(m.stats().states()).isEqualTo(2);
			assertThat(m.estimate(features("eu"), VAST)).as("vast is predicted by the shared model alone")
				.isEqualTo(m.estimate(features("eu"), neverSeen));
			assertThat(m.estimate(features("eu"), AKASH)).isGreaterThan(m.estimate(features("eu"), neverSeen));
		}
		assertThat(TestJson.roundTrip(restored.exportState())).isEqualTo(TestJson.roundTrip(model.exportState()));
	}

	@Test
	void capBelowOneIsRefused() {
		assertThatThrownBy(() -> new UcbTable(0.1, 0)).hasMessageContaining("at least 1");
		assertThatThrownBy(() -> new SquareCb(10, 2000, 0.995, 1, 0)).hasMessageContaining("at least 1");
	}

}
