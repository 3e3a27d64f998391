package io.aurora.intelligence.strategist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An imported model must be one that learning could have produced: learned rewards within the rewards' range,
 * state keys as decisions give them, and regression sums that observations could have added up to. Each other import is refused with a message naming the field.
 */
class ImportBoundsTests {

	private static final List<Action> BOTH = List.of(PolicyFixtures.AKASH, PolicyFixtures.VAST);

	@Test
	void aQTableRewardOutsideTheRewardsRangeIsRefused() {
		Map<String, Object> value = firstValue(trained(new EpsilonGreedyQTable(0.1, 0.5, 0.92)), "values");
		value.put("reward", 1e6);
		assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, 0.5, 0.92).importState(exported))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'reward' beyond ±1.0");
	}

	@Test
	void aUcbMeanOutsideTheRewardsRangeIsRefused() {
		Map<String, Object> stat = firstValue(trained(new UcbTable(0.1)), "stats");
		stat.put("mean", -50.0);
		assertThatThrownBy(() -> new UcbTable(0.1).importState(exported))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mean'");
	}

	@Test
	void aTabularStateKeyNoDecisionCouldGiveIsRefused() {
		for (Object key : new Object[] { null, "", "  ", "x".repeat(StateCodec.MAX_STATE_LENGTH + 1), 42 }) {
			Map<String, Object> row = firstRow(trained(new UcbTable(0.1)));
			row.put("state", key);
			assertThatThrownBy(() -> new UcbTable(0.1).importState(exported)).as(String.valueOf(key))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'state'");
			Map<String, Object> qRow = firstRow(trained(new EpsilonGreedyQTable(0.1, 0.5, 0.92)));
			qRow.put("state", key);
			assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, 0.5, 0.92).importState(exported)).as(String.valueOf(key))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'state'");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void aRegressionWhoseSumsNoObservationsCouldGiveIsRefused() {
		Map<String, Object> state = trained(new SquareCb(10, 2000, 0.995, 1));
		Map<String, Object> shared = (Map<String, Object>) state.get("shared");
		List<Object> a = (List<Object>) shared.get("a");
		assertThatCode(() -> new SquareCb(10, 2000, 0.995, 1).importState(TestJson.roundTrip(state))).doesNotThrowAnyException();
		shared.put("a", new ArrayList<>(Collections.nCopies(a.size(), 0.0)));
		assertThatThrownBy(() -> new SquareCb(10, 2000, 0.995, 1).importState(exported))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b beyond what its matrix allows");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aCandidateListedTwiceIsRefusedRatherThanReplacingTheFirst() {
		Map<String, Object> qState = trained(new EpsilonGreedyQTable(0.1, 0.5, 0.92));
		List<Map<String, Object>> values = (List<Map<String, Object>>) firstRow(qState).get("values");
		values.get(1).putAll(Map.of("provider", values.get(0).get("provider"), "sku", values.get(0).get("sku")));
		assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, 0.5, 0.92).importState(exported))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice in 'values'");
		Map<String, Object> ucbState = trained(new UcbTable(0.1));
		List<Map<String, Object>> stats = (List<Map<String, Object>>) firstRow(ucbState).get("stats");
		stats.get(1).putAll(Map.of("provider", stats.get(0).get("provider"), "sku", stats.get(0).get("sku")));
		assertThatThrownBy(() -> new UcbTable(0.1).importState(exported))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice in 'stats'");
		Map<String, Object> cbState = trained(new SquareCb(10, 2000, 0.995, 1));
		List<Map<String, Object>> actions = (List<Map<String, Object>>) cbState.get("actions");
		actions.add(TestJson.roundTrip(actions.get(0)));
		assertThatThrownBy(() -> new SquareCb(10, 2000, 0.995, 1).importState(exported))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("provider '" + PolicyFixtures.AKASH.provider() + "'").hasMessageContaining("twice in 'actions'");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aStateListedInTwoRowsIsRefusedRatherThanReplacingTheFirst() {
		for (Policy policy : List.<Policy>of(new EpsilonGreedyQTable(0.1, 0.5, 0.92), new UcbTable(0.1))) {
			Map<String, Object> state = trained(policy);
			List<Map<String, Object>> rows = (List<Map<String, Object>>) state.get("rows");
			rows.add(TestJson.roundTrip(rows.get(0)));
			Policy fresh = policy instanceof UcbTable ? new UcbTable(0.1) : new EpsilonGreedyQTable(0.1, 0.5, 0.92);
			assertThatThrownBy(() -> fresh.importState(exported)).as(policy.getClass().getSimpleName())
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in two rows");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void anObjectiveModelUnderANameTheServiceDoesNotLearnIsRefused() {
		Map<String, Object> state = trained(new SquareCb(10, 2000, 0.995, 1));
		Map<String, Object> heads = (Map<String, Object>) state.get("objectives");
		heads.put("latencyy", heads.get("latency"));
		assertThatThrownBy(() -> new SquareCb(10, 2000, 0.995, 1).importState(exported))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latencyy'");
		heads.remove("latencyy");
		state.remove("objectives");
		assertThatCode(() -> new SquareCb(10, 2000, 0.995, 1).importState(exported))
			.as("an export made before the objective models existed").doesNotThrowAnyException();
	}

	@Test
	void whatAgingLeavesOfAModelLongUnlearnedStillImports() {
		// The bias entry of A aged below the smallest kept and was dropped; b's, a latency target times it, not yet.
		double[] a = new double[SquareCb.DIMENSION * SquareCb.DIMENSION];
		double[] b = new double[SquareCb.DIMENSION];
		b[0] = 4.6e-201;
		assertThatCode(() -> new RidgeRegression(SquareCb.DIMENSION, 0.995, 1).importState(Map.of("a", a, "b", b, "n", 50), 0))
			.doesNotThrowAnyException();
		b[0] = 1e-3;
		assertThatThrownBy(() -> new RidgeRegression(SquareCb.DIMENSION, 0.995, 1).importState(Map.of("a", a, "b", b, "n", 50), 0))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b beyond what its matrix allows");
	}

	private Map<String, Object> exported;

	private Map<String, Object> trained(Policy policy) {
		Features state = PolicyFixtures.features("us-west");
		for (int i = 0; i < 20; i++) {
			policy.learn(PolicyFixtures.transition(state, BOTH.get(i % 2), i % 2 == 0 ? 0.8 : 0.3, BOTH));
		}
		policy.refit();
		exported = TestJson.roundTrip(policy.exportState());
		return exported;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> firstRow(Map<String, Object> state) {
		return ((List<Map<String, Object>>) state.get("rows")).get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> firstValue(Map<String, Object> state, String values) {
		return ((List<Map<String, Object>>) firstRow(state).get(values)).get(0);
	}

}
