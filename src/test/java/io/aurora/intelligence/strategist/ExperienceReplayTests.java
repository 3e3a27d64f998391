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
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExperienceReplayTests {

	private static final List<Action> BOTH = List.of(AKASH, VAST);

	@Test
	void replayReappliesPastTransitionsButCountsOnlyLoggedOnes() {
		EpsilonGreedyQTable inner = new EpsilonGreedyQTable(0.1, 0.2, 0);
		ExperienceReplay replay = new ExperienceReplay(inner, 100);
		for (int i = 0; i < 10; i++) {
			replay.learn(transition(features("s"), AKASH, 1.0, BOTH));
		}
		assertThat(replay.stats().updates()).isEqualTo(10);
		assertThat(inner.stats().updates()).isEqualTo(10 + 2 * 9);
		assertThat(replay.exportState().toString()).as("replays re-apply rewards but count none").contains("count=10");
	}

	@Test
	void replaysDoNotDecayAStatesEpsilonOnlyItsOwnFeedbackDoes() {
		EpsilonGreedyQTable inner = new EpsilonGreedyQTable(0.8, 0.5, 0, 0.5, 0);
		ExperienceReplay replay = new ExperienceReplay(inner, 100);
		for (int i = 0; i < 3; i++) {
			replay.learn(transition(features("s"), AKASH, 1.0, BOTH));
		}
		Choice choice = replay.choose(features("s"), BOTH, new SplittableRandom(3));
		double epsilon = 0.8 * 0.5 * 0.5 * 0.5;
		assertThat(choice.propensity()).as("ε after three visits, not after three visits and four replays")
			.isEqualTo(choice.action().equals(AKASH) ? epsilon / 2 + (1 - epsilon) : epsilon / 2, within(1e-12));
	}

	@Test
	void exportedStateWithItsBufferContinuesExactlyLikeTheOriginal() {
		ExperienceReplay original = new ExperienceReplay(new SquareCb(10, 2000, 0.995, 1), 8);
		for (int i = 0; i < 5; i++) {
			original.learn(transition(features("s" + i % 2), i % 2 == 0 ? AKASH : VAST, i / 5.0, BOTH));
		}
		ExperienceReplay restored = new ExperienceReplay(new SquareCb(10, 2000, 0.995, 1), 8);
		restored.importState(original.exportState());
		for (int i = 0; i < 20; i++) {
			Transition t = transition(features("s" + i % 3), i % 2 == 0 ? VAST : AKASH, (i % 4) / 4.0, BOTH);
			original.learn(t);
			restored.learn(t);
		}
		assertThat(TestJson.roundTrip(restored.exportState())).isEqualTo(TestJson.roundTrip(original.exportState()));
		assertThat(restored.estimate(features("s1"), VAST)).isEqualTo(original.estimate(features("s1"), VAST));
	}

	@Test
	void importOfABufferOfAnotherSizeIsRefused() {
		ExperienceReplay small = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 4);
		small.learn(transition(features("s"), AKASH, 1.0, BOTH));
		ExperienceReplay large = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 8);
		assertThatThrownBy(() -> large.importState(small.exportState())).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("REPLAY_SIZE");
	}

	@Test
	void replayingTheSameLogRebuildsTheSameModel() {
		ExperienceReplay a = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 5);
		ExperienceReplay b = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 5);
		for (int i = 0; i < 40; i++) {
			Transition t = transition(features("s" + i % 3), i % 2 == 0 ? AKASH : VAST, (i % 7) / 7.0, BOTH);
			a.learn(t);
			b.learn(t);
		}
		for (int i = 0; i < 3; i++) {
			assertThat(a.estimate(features("s" + i), AKASH)).isEqualTo(b.estimate(features("s" + i), AKASH));
			assertThat(a.estimate(features("s" + i), VAST)).isEqualTo(b.estimate(features("s" + i), VAST));
		}
		assertThat(a.parameters()).containsEntry("replay_size", 5);
	}

	@Test
	void aBatchObservedAndThenRefittedEqualsLearningOneByOneAndIsUnseenUntilTheRefit() {
		ExperienceReplay oneByOne = new ExperienceReplay(new SquareCb(10, 2000, 0.995, 1), 5);
		ExperienceReplay batched = new ExperienceReplay(new SquareCb(10, 2000, 0.995, 1), 5);
		for (int i = 0; i < 30; i++) {
			Transition t = transition(features(i % 2 == 0 ? "eu" : "us"), i % 3 == 0 ? AKASH : VAST, (i % 5) / 5.0, BOTH);
			oneByOne.learn(t);
			batched.observe(t);
		}
		assertThat(batched.publishesOnObserve()).isFalse();
		assertThat(batched.estimate(features("eu"), VAST)).as("nothing published before the refit").isZero();
		batched.prepare();
		batched.refit();
		assertThat(TestJson.roundTrip(batched.exportState())).isEqualTo(TestJson.roundTrip(oneByOne.exportState()));
	}

	@Test
	void aBufferPastItsByteBudgetKeepsOnlyTheNewestTransitionsAndReplaysOnlyThose() {
		Transition sample = transition(features("s0"), AKASH, 0.0, BOTH);
		EpsilonGreedyQTable inner = new EpsilonGreedyQTable(0.1, 0.2, 0);
		ExperienceReplay replay = new ExperienceReplay(inner, 8, 3 * ExperienceReplay.bytes(sample));
		for (int i = 0; i < 10; i++) {
			replay.learn(transition(features("s" + i), AKASH, i / 10.0, BOTH));
		}
		Map<String, Object> state = TestJson.roundTrip(replay.exportState());
		assertThat(state).containsEntry("filled", 3);
		assertThat(keptRewards(state)).containsExactlyInAnyOrder(0.7, 0.8, 0.9);
		assertThat(inner.stats().updates()).as("every update still replays two kept transitions").isEqualTo(10 + 2 * 9);
	}

	@Test
	void aFullBufferPushedPastItsBudgetDropsItsOldestAndKeepsReplayingAndRestoring() {
		Transition sample = transition(features("s0"), AKASH, 0.0, BOTH);
		long budget = 4 * ExperienceReplay.bytes(sample) + ExperienceReplay.bytes(sample) / 2;
		ExperienceReplay replay = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 4, budget);
		for (int i = 0; i < 6; i++) {
			replay.learn(transition(features("s" + i), AKASH, i / 10.0, BOTH));
		}
		List<Action> three = List.of(AKASH, VAST, new Action("io-net-".repeat(40), "H100"));
		replay.learn(transition(features("s6"), AKASH, 0.6, three));
		Map<String, Object> state = TestJson.roundTrip(replay.exportState());
		assertThat(keptRewards(state)).as("the newest, and as many before it as fit").containsExactlyInAnyOrder(0.4, 0.5, 0.6);
		for (int i = 7; i < 30; i++) {
			replay.learn(transition(features("s" + i % 10), i % 2 == 0 ? AKASH : VAST, i / 30.0, i % 3 == 0 ? three : BOTH));
		}
		ExperienceReplay restored = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 4, budget);
		restored.importState(TestJson.roundTrip(replay.exportState()));
		assertThat(TestJson.roundTrip(restored.exportState())).isEqualTo(TestJson.roundTrip(replay.exportState()));
	}

	@Test
	void aLongCandidateListTakesMoreOfTheBudgetThanAShortOne() {
		List<Action> many = java.util.stream.IntStream.range(0, 256)
			.mapToObj(i -> new Action("p".repeat(200) + i, "s".repeat(200)))
			.toList();
		assertThat(ExperienceReplay.bytes(transition(features("s"), many.get(0), 0.0, many)))
			.isGreaterThan(200 * ExperienceReplay.bytes(transition(features("s"), AKASH, 0.0, BOTH)))
			.isGreaterThan(200_000);
	}

	@Test
	void aBufferThatDroppedTransitionsContinuesExactlyLikeTheOriginalOnceRestored() {
		long budget = 3 * ExperienceReplay.bytes(transition(features("s0"), AKASH, 0.0, BOTH));
		ExperienceReplay original = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 8, budget);
		for (int i = 0; i < 11; i++) {
			original.learn(transition(features("s" + i % 3), i % 2 == 0 ? AKASH : VAST, i / 11.0, BOTH));
		}
		ExperienceReplay restored = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 8, budget);
		restored.importState(TestJson.roundTrip(original.exportState()));
		for (int i = 0; i < 20; i++) {
			Transition t = transition(features("s" + i % 3), i % 2 == 0 ? VAST : AKASH, (i % 4) / 4.0, BOTH);
			original.learn(t);
			restored.learn(t);
		}
		assertThat(TestJson.roundTrip(restored.exportState())).isEqualTo(TestJson.roundTrip(original.exportState()));
	}

	@Test
	void importOfABufferHoldingTransitionsOutsideItsKeptRangeIsRefused() {
		ExperienceReplay replay = new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 8);
		for (int i = 0; i < 3; i++) {
			replay.learn(transition(features("s"), AKASH, 1.0, BOTH));
		}
		Map<String, Object> state = new java.util.LinkedHashMap<>(TestJson.roundTrip(replay.exportState()));
		state.put("filled", 2);
		assertThatThrownBy(() -> new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.2, 0), 8).importState(state))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("outside its kept range");
	}

	@SuppressWarnings("unchecked")
	private static List<Double> keptRewards(Map<String, Object> state) {
		return ((List<Map<String, Object>>) state.get("buffer")).stream()
			.filter(slot -> !slot.isEmpty())
			.map(slot -> ((Number) slot.get("reward")).doubleValue())
			.toList();
	}

}
