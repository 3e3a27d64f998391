package io.aurora.intelligence.strategist;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.strategist.PolicyFixtures.AKASH;
import static io.aurora.intelligence.strategist.PolicyFixtures.IONET;
import static io.aurora.intelligence.strategist.PolicyFixtures.VAST;
import static io.aurora.intelligence.strategist.PolicyFixtures.features;
import static io.aurora.intelligence.strategist.PolicyFixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EpsilonGreedyQTableTests {

	private static final Action RENDER = new Action("render", "R1");

	private static final Features S = features("s");

	private static final Features S2 = features("s2");

	@Test
	void aChoiceCarriesTheStatesDecayedEpsilonItWasMadeWith() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.4, 0.5, 0, 0.5, 0.05);
		List<Action> both = List.of(AKASH, VAST);
		RandomGenerator random = new SplittableRandom(1);
		assertThat(q.choose(features("s"), both, random).epsilon()).isEqualTo(0.4);
		q.learn(transition(features("s"), AKASH, 1.0, both));
		q.learn(transition(features("s"), AKASH, 1.0, both));
		Choice choice = q.choose(features("s"), both, random);
		assertThat(choice.epsilon()).isEqualTo(0.1);
		assertThat(choice.propensity()).isEqualTo(choice.action().equals(AKASH) ? 0.05 + 0.9 : 0.05, within(1e-12));
		for (int i = 0; i < 10; i++) {
			q.learn(transition(features("s"), AKASH, 1.0, both));
		}
		assertThat(q.choose(features("s"), both, random).epsilon()).isEqualTo(0.05);
	}

	@Test
	@SuppressWarnings("unchecked")
	void importRefusesValuesThatWouldOverflowIntoNaN() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.1, 0.5, 0.9);
		List<Action> both = List.of(PolicyFixtures.AKASH, PolicyFixtures.VAST);
		Features state = PolicyFixtures.features("s");
		q.learn(PolicyFixtures.transition(state, PolicyFixtures.AKASH, 1.0, both));
		Map<String, Object> exported = TestJson.roundTrip(q.exportState());
		Map<String, Object> value = ((List<Map<String, Object>>) ((List<Map<String, Object>>) exported.get("rows")).get(0)
			.get("values")).get(0);
		value.put("reward", 1.7e308);
		assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, 0.5, 0.9).importState(exported))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'reward'");
	}

	@Test
	@SuppressWarnings("unchecked")
	void importRefusesStatesWithNoValuesWhichWouldEscapeTheCapOnLearnedValues() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.1, 0.5, 0.9);
		q.learn(PolicyFixtures.transition(PolicyFixtures.features("s"), PolicyFixtures.AKASH, 1.0,
				List.of(PolicyFixtures.AKASH, PolicyFixtures.VAST)));
		Map<String, Object> exported = TestJson.roundTrip(q.exportState());
		((List<Map<String, Object>>) exported.get("rows")).get(0).put("values", List.of());
		assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, 0.5, 0.9).importState(exported))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("no learned values");
	}

	@Test
	void updateLearnsTheRewardAndTheStatesContinuationApart() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.1, 0.2, 0.92);
		List<Action> both = List.of(AKASH, VAST);
		q.learn(new Transition(S, 0, AKASH, 0.88, S2, both));
		assertThat(q.estimate(S, AKASH)).as("the first reward is taken whole").isCloseTo(0.88, within(1e-12));
		assertThat(q.estimate(S, VAST)).as("an untried candidate shares the continuation").isZero();
		q.learn(new Transition(S2, 1, VAST, 0.5, features("s3"), both));
		q.learn(new Transition(S, 0, AKASH, 1.0, S2, both));
		double continuation = 0.2 * (0.92 * 0.5);
		assertThat(q.estimate(S, AKASH)).isCloseTo((0.88 + 1.0) / 2 + continuation, within(1e-12));
		assertThat(q.estimate(S, VAST)).isCloseTo(continuation, within(1e-12));
		assertThat(q.stats()).isEqualTo(new ModelStats(3, 2, 2));
	}

	@Test
	void rewardsAreAveragedUntilOneOverAlphaThenFollowedAtAlpha() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.1, 0.25, 0);
		List<Action> both = List.of(AKASH, VAST);
		double[] rewards = { 1, 0, 0.5, 0.3, -1, 0.2 };
		double mean = 0;
		for (int i = 0; i < rewards.length; i++) {
			q.learn(new Transition(S, 0, AKASH, rewards[i], S, both));
			mean += (i < 4 ? 1.0 / (i + 1) : 0.25) * (rewards[i] - mean);
			assertThat(q.estimate(S, AKASH)).as("after reward %d", i + 1).isCloseTo(mean, within(1e-12));
		}
		assertThat(q.estimate(S, AKASH)).isCloseTo(0.75 * (0.75 * 0.45 - 0.25) + 0.25 * 0.2, within(1e-12));
	}

	@Test
	void anImportMadeWhileRewardsAreStillAveragedLearnsOnExactlyAsTheOriginal() {
		EpsilonGreedyQTable original = new EpsilonGreedyQTable(0.1, 0.2, 0.92);
		List<Action> both = List.of(AKASH, VAST);
		original.learn(new Transition(S, 0, AKASH, 1.0, S2, both));
		original.learn(new Transition(S, 0, AKASH, 0.0, S, both));
		original.learn(new Transition(S2, 1, VAST, 0.5, S, both));
		EpsilonGreedyQTable imported = new EpsilonGreedyQTable(0.1, 0.2, 0.92);
		imported.importState(TestJson.roundTrip(original.exportState()));
		for (EpsilonGreedyQTable q : List.of(original, imported)) {
			q.learn(new Transition(S, 0, AKASH, 0.25, S2, both));
			q.learn(new Transition(S2, 1, VAST, -0.5, S, both));
			q.learn(new Transition(S, 1, VAST, 0.75, S, both));
		}
		assertThat(TestJson.roundTrip(imported.exportState())).isEqualTo(TestJson.roundTrip(original.exportState()));
		assertThat(imported.estimate(S, AKASH)).isEqualTo(original.estimate(S, AKASH));
	}

	@Test
	void valuesConvergeToTheDiscountedReturnOfQLearning() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.1, 0.2, 0.92);
		List<Action> both = List.of(AKASH, VAST);
		for (int i = 0; i < 3000; i++) {
			q.learn(new Transition(S, 0, i % 2 == 0 ? AKASH : VAST, i % 2 == 0 ? 0.5 : 0.8, S, both));
		}
		assertThat(q.estimate(S, VAST)).isCloseTo(0.8 / (1 - 0.92), within(1e-6));
		assertThat(q.estimate(S, AKASH)).isCloseTo(0.5 + 0.92 * 0.8 / (1 - 0.92), within(1e-6));
	}

	@Test
	void choicesDoNotDependOnGammaSinceTheNextStateIsNotTheChoicesDoing() {
		EpsilonGreedyQTable discounted = new EpsilonGreedyQTable(0.1, 0.2, 0.92);
		EpsilonGreedyQTable myopic = new EpsilonGreedyQTable(0.1, 0.2, 0);
		List<Action> four = List.of(AKASH, VAST, IONET, RENDER);
		SplittableRandom a = new SplittableRandom(7);
		SplittableRandom b = new SplittableRandom(7);
		SplittableRandom world = new SplittableRandom(11);
		for (int i = 0; i < 500; i++) {
			Choice first = discounted.choose(S, four, a);
			assertThat(myopic.choose(S, four, b).action()).isEqualTo(first.action());
			Transition t = new Transition(S, first.index(), first.action(), world.nextDouble(-1, 1), S, four);
			discounted.learn(t);
			myopic.learn(t);
		}
	}

	@Test
	void aBetterCandidateOvertakesTheIncumbentUnderTheSeedsGamma() {
		List<Action> four = List.of(AKASH, VAST, IONET, RENDER);
		double[] means = { 0.5, 0.55, 0.6, 0.7 };
		SplittableRandom random = new SplittableRandom(5);
		int bestAhead = 0;
		for (int state = 0; state < 20; state++) {
			EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.1, 0.2, 0.92);
			Features s = features("fresh-" + state);
			for (int i = 0; i < 300; i++) {
				Choice c = q.choose(s, four, random);
				double reward = Math.max(-1, Math.min(1, means[c.index()] + 0.15 * random.nextGaussian()));
				q.learn(new Transition(s, c.index(), c.action(), reward, s, four));
			}
			Choice greedy = q.choose(s, four, new PolicyFixtures.FixedRandom(0.99, 0));
			bestAhead += greedy.action().equals(RENDER) ? 1 : 0;
		}
		assertThat(bestAhead).as("states whose best candidate is ahead after 300 decisions").isGreaterThanOrEqualTo(17);
	}

	@Test
	void nextStateMaximumIsTakenOverTheDecisionsCandidatesOnly() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.1, 1.0, 0.5);
		Features next = features("next");
		q.learn(new Transition(next, 0, IONET, 1.0, features("end"), List.of()));
		q.learn(new Transition(S, 0, AKASH, 0.0, next, List.of(AKASH, VAST)));
		assertThat(q.estimate(S, AKASH)).isZero();
		q.learn(new Transition(S, 0, VAST, 0.0, next, List.of(AKASH, IONET)));
		assertThat(q.estimate(S, VAST)).isEqualTo(0.5);
	}

	@Test
	void exploitsTheBestActionWhateverItsPosition() {
		EpsilonGreedyQTable q = learned();
		RandomGenerator random = new PolicyFixtures.FixedRandom(0.99, 0);
		Choice first = q.choose(S, List.of(AKASH, VAST), random);
		Choice second = q.choose(S, List.of(VAST, AKASH), random);
		assertThat(first.action()).isEqualTo(VAST);
		assertThat(first.index()).isEqualTo(1);
		assertThat(second.action()).isEqualTo(VAST);
		assertThat(second.index()).isZero();
		assertThat(first.explored()).isFalse();
		assertThat(first.qValue()).isEqualTo(q.estimate(S, VAST));
	}

	@Test
	void propensityIsTheProbabilityOfTheChosenAction() {
		EpsilonGreedyQTable q = learned();
		Choice greedy = q.choose(S, List.of(AKASH, VAST, IONET), new PolicyFixtures.FixedRandom(0.99, 0));
		assertThat(greedy.action()).isEqualTo(VAST);
		assertThat(greedy.propensity()).isCloseTo(0.9 + 0.1 / 3, within(1e-12));
		Choice explored = q.choose(S, List.of(AKASH, VAST, IONET), new PolicyFixtures.FixedRandom(0.01, 0));
		assertThat(explored.explored()).isTrue();
		assertThat(explored.explorationLabel()).isEqualTo("explore");
		assertThat(explored.action()).isEqualTo(AKASH);
		assertThat(explored.propensity()).isCloseTo(0.1 / 3, within(1e-12));
	}

	@Test
	void exploringOntoTheGreedyActionStillReportsExplore() {
		EpsilonGreedyQTable q = learned();
		Choice choice = q.choose(S, List.of(AKASH, VAST), new PolicyFixtures.FixedRandom(0.01, 1));
		assertThat(choice.action()).isEqualTo(VAST);
		assertThat(choice.explored()).isTrue();
		assertThat(choice.propensity()).isCloseTo(0.95, within(1e-12));
	}

	@Test
	void tiesAreBrokenAtRandomNotByPosition() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.0, 0.2, 0.92);
		RandomGenerator random = new SplittableRandom(42);
		Map<Action, Integer> counts = new HashMap<>();
		for (int i = 0; i < 2000; i++) {
			Choice c = q.choose(features("unseen"), List.of(AKASH, VAST, IONET), random);
			counts.merge(c.action(), 1, Integer::sum);
			assertThat(c.propensity()).isCloseTo(1.0 / 3, within(1e-12));
		}
		assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(560, 780));
	}

	@Test
	void explorationRateMatchesEpsilon() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.25, 0.2, 0.92);
		RandomGenerator random = new SplittableRandom(1);
		long explored = 0;
		for (int i = 0; i < 4000; i++) {
			explored += q.choose(S, List.of(AKASH, VAST), random).explored() ? 1 : 0;
		}
		assertThat(explored / 4000.0).isCloseTo(0.25, within(0.03));
	}

	@Test
	void epsilonDecaysWithTheVisitsToAState() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.5, 0.2, 0, 0.5, 0.05);
		assertThat(q.choose(S, List.of(AKASH, VAST), new PolicyFixtures.FixedRandom(0.4, 0)).explored()).isTrue();
		q.learn(transition(S, AKASH, 1, List.of(AKASH, VAST)));
		q.learn(transition(S, AKASH, 1, List.of(AKASH, VAST)));
		Choice afterTwo = q.choose(S, List.of(AKASH, VAST), new PolicyFixtures.FixedRandom(0.2, 0));
		assertThat(afterTwo.explored()).isFalse();
		assertThat(afterTwo.propensity()).isCloseTo(1 - 0.125 + 0.125 / 2, within(1e-12));
		for (int i = 0; i < 10; i++) {
			q.learn(transition(S, AKASH, 1, List.of(AKASH, VAST)));
		}
		assertThat(q.choose(S, List.of(AKASH, VAST), new PolicyFixtures.FixedRandom(0.04, 1)).explored()).isTrue();
		assertThat(q.choose(features("fresh"), List.of(AKASH, VAST), new PolicyFixtures.FixedRandom(0.45, 1)).explored())
			.isTrue();
	}

	@Test
	void sameSeedGivesSameChoices() {
		EpsilonGreedyQTable q = learned();
		SplittableRandom a = new SplittableRandom(3);
		SplittableRandom b = new SplittableRandom(3);
		for (int i = 0; i < 100; i++) {
			assertThat(q.choose(S, List.of(AKASH, VAST, IONET), a)).isEqualTo(q.choose(S, List.of(AKASH, VAST, IONET), b));
		}
	}

	@Test
	void hyperParametersOutsideTheUnitIntervalAreRefused() {
		assertThatThrownBy(() -> new EpsilonGreedyQTable(2, 0.2, 0.9)).hasMessageContaining("epsilon");
		assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, -0.1, 0.9)).hasMessageContaining("alpha");
		assertThatThrownBy(() -> new EpsilonGreedyQTable(0.1, 0.2, Double.NaN)).hasMessageContaining("gamma");
	}

	private static EpsilonGreedyQTable learned() {
		EpsilonGreedyQTable q = new EpsilonGreedyQTable(0.1, 0.5, 0.0);
		q.learn(transition(S, VAST, 1.0, List.of(AKASH, VAST)));
		q.learn(transition(S, AKASH, -1.0, List.of(AKASH, VAST)));
		return q;
	}

}
