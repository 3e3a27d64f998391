package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
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
 * The caps on a model's size: learning beyond them forgets the least recently learned candidate or
 * state, and a model restored from an export forgets the same ones as the original.
 */
class LearnedOrderTests {

	private static final Action RENDER = new Action("render", "R1");

	private static final List<Action> ALL = List.of(AKASH, VAST, IONET, RENDER);

	/** Tabular policies by name, built from (candidates per state, values in all). */
	static Stream<Arguments> tabularPolicies() {
		return Stream.of(
				Arguments.of("q-table",
						(BiFunction<Integer, Integer, Policy>) (actions, pairs) -> new EpsilonGreedyQTable(0.1, 0.5, 0, 1, 0,
								actions, pairs)),
				Arguments.of("ucb", (BiFunction<Integer, Integer, Policy>) (actions, pairs) -> new UcbTable(0.1, actions, pairs)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tabularPolicies")
	void tabularPolicyOverItsCapForgetsTheLeastRecentlyLearnedState(String name, BiFunction<Integer, Integer, Policy> withCaps) {
		Policy policy = withCaps.apply(10, 3);
		policy.learn(transition(features("eu"), AKASH, 0.9, ALL));
		policy.learn(transition(features("us"), VAST, 0.8, ALL));
		policy.learn(transition(features("eu"), VAST, 0.7, ALL));
		Policy restored = withCaps.apply(10, 3);
		restored.importState(TestJson.roundTrip(policy.exportState()));

		for (Policy p : List.of(policy, restored)) {
			p.learn(transition(features("ap"), IONET, 0.6, ALL));
			assertThat(p.estimate(features("us"), VAST)).as("us was learned least recently").isZero();
			assertThat(p.estimate(features("eu"), AKASH)).isPositive();
			assertThat(p.estimate(features("ap"), IONET)).isPositive();
			assertThat(p.stats().states()).isEqualTo(2);
			assertThat(p.stats().stateActionPairs()).isEqualTo(3);
			assertThat(p.stats().forgotten()).isEqualTo(1);
		}
		assertThat(TestJson.roundTrip(restored.exportState())).isEqualTo(TestJson.roundTrip(policy.exportState()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tabularPolicies")
	void stateOverItsCandidateCapForgetsTheLeastRecentlyLearnedCandidate(String name,
			BiFunction<Integer, Integer, Policy> withCaps) {
		Policy policy = withCaps.apply(2, 100);
		for (Action action : List.of(AKASH, VAST, IONET, AKASH, RENDER)) {
			policy.learn(transition(features("eu"), action, 0.5, ALL));
		}
		assertThat(policy.stats().stateActionPairs()).isEqualTo(2);
		assertThat(policy.stats().forgotten()).isEqualTo(3);
		assertThat(policy.estimate(features("eu"), VAST)).isZero();
		assertThat(policy.estimate(features("eu"), IONET)).isZero();
		assertThat(exportedCandidates(policy)).as("least recently learned first").containsExactly(AKASH, RENDER);

		Policy restored = withCaps.apply(2, 100);
		restored.importState(TestJson.roundTrip(policy.exportState()));
		for (Policy p : List.of(policy, restored)) {
			p.learn(transition(features("eu"), VAST, 0.5, ALL));
			assertThat(exportedCandidates(p)).as("akash is forgotten in both").containsExactly(RENDER, VAST);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tabularPolicies")
	void importingMoreThanTheCapsKeepsTheMostRecentlyLearned(String name, BiFunction<Integer, Integer, Policy> withCaps) {
		Policy large = withCaps.apply(10, 100);
		for (String region : List.of("a", "b", "c", "d")) {
			large.learn(transition(features(region), AKASH, 0.5, ALL));
		}
		Policy small = withCaps.apply(10, 2);
		small.importState(TestJson.roundTrip(large.exportState()));
		assertThat(small.stats().states()).isEqualTo(2);
		assertThat(small.estimate(features("b"), AKASH)).isZero();
		assertThat(small.estimate(features("c"), AKASH)).isPositive();
		assertThat(small.estimate(features("d"), AKASH)).isPositive();
	}

	@Test
	void squareCbOverItsCapForgetsTheLeastRecentlyLearnedCandidate() {
		Action neverSeen = new Action("lambda", "L1");
		SquareCb model = new SquareCb(10, 2000, 0.995, 1, 3);
		for (Action action : List.of(AKASH, VAST, IONET, AKASH)) {
			model.learn(transition(features("eu"), action, AKASH.equals(action) ? 0.9 : -0.5, ALL));
		}
		SquareCb restored = new SquareCb(10, 2000, 0.995, 1, 3);
		restored.importState(TestJson.roundTrip(model.exportState()));

		for (SquareCb m : List.of(model, restored)) {
			m.learn(transition(features("eu"), RENDER, 0.1, ALL));
			assertThat(m.stats().states()).isEqualTo(3);
			assertThat(m.stats().forgotten()).isEqualTo(1);
			assertThat(m.estimate(features("eu"), VAST)).as("vast is predicted by the shared model alone")
				.isEqualTo(m.estimate(features("eu"), neverSeen));
			assertThat(m.estimate(features("eu"), AKASH)).isGreaterThan(m.estimate(features("eu"), neverSeen));
			assertThat(exportedCandidates(m)).containsExactly(IONET, AKASH, RENDER);
		}
		assertThat(TestJson.roundTrip(restored.exportState())).isEqualTo(TestJson.roundTrip(model.exportState()));
	}

	@Test
	void capBelowOneIsRefused() {
		assertThatThrownBy(() -> new UcbTable(0.1, 0, 10)).hasMessageContaining("at least 1");
		assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, 0.5, 0, 1, 0, 10, 0)).hasMessageContaining("at least 1");
		assertThatThrownBy(() -> new SquareCb(10, 2000, 0.995, 1, 0)).hasMessageContaining("at least 1");
	}

	/** The candidates of an export in the order it lists them: the first state's, or SquareCB's reward head's. */
	@SuppressWarnings("unchecked")
	private static List<Action> exportedCandidates(Policy policy) {
		Map<String, Object> state = TestJson.roundTrip(policy.exportState());
		List<Map<String, Object>> entries;
		if (state.containsKey("rows")) {
			Map<String, Object> row = ((List<Map<String, Object>>) state.get("rows")).get(0);
			entries = (List<Map<String, Object>>) row.getOrDefault("values", row.get("stats"));
		}
		else {
			entries = (List<Map<String, Object>>) state.get("actions");
		}
		return entries.stream().map(StateCodec::action).toList();
	}

}
