package io.aurora.intelligence.strategist;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static io.aurora.intelligence.strategist.PolicyFixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class UcbTableTests {

	private static final List<Action> BOTH = List.of(AKASH, VAST);

	private static final Features S = features("s");

	@Test
	@SuppressWarnings("unchecked")
	void importRefusesCountsThatWouldTurnTheBonusIntoNaN() {
		UcbTable ucb = new UcbTable(0.1);
		ucb.learn(transition(S, AKASH, 1.0, BOTH));
		Map<String, Object> state = TestJson.roundTrip(ucb.exportState());
		Map<String, Object> row = ((List<Map<String, Object>>) state.get("rows")).get(0);
		row.put("visits", 0);
		UcbTable imported = new UcbTable(0.1);
		assertThatThrownBy(() -> imported.importState(state)).isInstanceOf(IllegalArgumentException.class);
		row.put("visits", 1);
		((List<Map<String, Object>>) row.get("stats")).get(0).put("count", 0);
		assertThatThrownBy(() -> imported.importState(state)).isInstanceOf(IllegalArgumentException.class);
		((List<Map<String, Object>>) row.get("stats")).get(0).put("count", 1);
		((List<Map<String, Object>>) row.get("stats")).get(0).put("mean", 1e300);
		assertThatThrownBy(() -> imported.importState(state)).isInstanceOf(IllegalArgumentException.class);
		((List<Map<String, Object>>) row.get("stats")).get(0).put("mean", 1.0);
		Object stats = row.put("stats", List.of());
		assertThatThrownBy(() -> imported.importState(state)).as("an empty row would escape the cap on learned values")
			.isInstanceOf(IllegalArgumentException.class);
		row.put("stats", stats);
		imported.importState(state);
		assertThat(imported.choose(S, BOTH, new SplittableRandom(1)).propensity()).isEqualTo(1.0);
	}

	@Test
	void untriedCandidatesComeFirst() {
		UcbTable ucb = new UcbTable(0.1);
		ucb.learn(transition(S, AKASH, 1.0, BOTH));
		Choice choice = ucb.choose(S, BOTH, new SplittableRandom(1));
		assertThat(choice.action()).isEqualTo(VAST);
		assertThat(choice.explored()).isTrue();
		assertThat(choice.propensity()).isEqualTo(1.0);
	}

	@Test
	void bestMeanWinsOnceTheBonusIsSmall() {
		UcbTable ucb = new UcbTable(0.1);
		for (int i = 0; i < 50; i++) {
			ucb.learn(transition(S, AKASH, 0.2, BOTH));
			ucb.learn(transition(S, VAST, 0.6, BOTH));
		}
		Choice choice = ucb.choose(S, List.of(AKASH, VAST), new SplittableRandom(1));
		assertThat(choice.action()).isEqualTo(VAST);
		assertThat(choice.explored()).isFalse();
		assertThat(choice.qValue()).isCloseTo(0.6, within(1e-9));
		assertThat(ucb.estimate(S, AKASH)).isCloseTo(0.2, within(1e-9));
	}

	@Test
	void largeBonusExploresTheLessTriedCandidate() {
		UcbTable ucb = new UcbTable(2);
		for (int i = 0; i < 50; i++) {
			ucb.learn(transition(S, VAST, 0.6, BOTH));
		}
		ucb.learn(transition(S, AKASH, 0.5, BOTH));
		Choice choice = ucb.choose(S, BOTH, new SplittableRandom(1));
		assertThat(choice.action()).isEqualTo(AKASH);
		assertThat(choice.explored()).isTrue();
	}

	@Test
	void tiesAreSharedInThePropensity() {
		Choice choice = new UcbTable(0.1).choose(S, BOTH, new SplittableRandom(1));
		assertThat(choice.propensity()).isEqualTo(0.5);
	}

}
