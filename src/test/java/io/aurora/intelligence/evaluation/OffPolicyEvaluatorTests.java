package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.SquareCb;
import io.aurora.intelligence.strategist.Transition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OffPolicyEvaluatorTests {

	private static final List<Action> ACTIONS = List.of(new Action("a", "1"), new Action("b", "1"));

	private static final Features STATE = new Features("eu", 4, 16, 100, 0.5, 0.5);

	@Test
	void crossFittedTargetsAreFittedOnTheOtherFoldOnly() {
		List<LoggedDecision> log = noise(10, 1);
		List<List<LoggedDecision>> seen = new ArrayList<>();
		OffPolicyEvaluator.crossFitted(log, fold -> {
			seen.add(fold);
			return TargetPolicy.uniform();
		});
		assertThat(seen.get(0)).containsExactly(log.get(1), log.get(3), log.get(5), log.get(7), log.get(9));
		assertThat(seen.get(1)).containsExactly(log.get(0), log.get(2), log.get(4), log.get(6), log.get(8));
	}

	@Test
	void aGreedyTargetFittedOnPureNoiseIsNotScoredAboveTheTrueMean() {
		List<LoggedDecision> log = noise(4_000, 7);
		TargetPolicy[] crossFitted = OffPolicyEvaluator.crossFitted(log, fold -> TargetPolicy.epsilonGreedy(fitted(fold), 0));
		TargetPolicy inSample = TargetPolicy.epsilonGreedy(fitted(log), 0);
		double honest = ips(OffPolicyEvaluator.evaluate(log, crossFitted, OffPolicyEvaluatorTests::model));
		double optimistic = ips(OffPolicyEvaluator.evaluate(log, inSample, OffPolicyEvaluatorTests::model));
		assertThat(honest).as("every action's true mean reward is 0").isBetween(-0.05, 0.05);
		assertThat(optimistic).as("scored on what it learned from").isGreaterThan(honest);
	}

	@Test
	void snipsIsLeftOutWhenTheTargetNeverChoosesALoggedAction() {
		List<LoggedDecision> log = List.of(new LoggedDecision(STATE, ACTIONS, 0, 0.5, 1),
				new LoggedDecision(STATE, ACTIONS, 0, 0.5, 0));
		TargetPolicy alwaysB = (features, actions) -> new double[] { 0, 1 };
		OffPolicyEvaluator.Evaluation evaluation = OffPolicyEvaluator.evaluate(log, alwaysB, OffPolicyEvaluatorTests::model);
		assertThat(evaluation.estimates()).extracting(OffPolicyEvaluator.Estimate::estimator).containsExactly("ips", "dr");
	}

	@Test
	void estimatesFromAFewDecisionsWithLargeWeightsStayWithinTheRewardsRange() {
		// Logged at 5% for the action the target always takes, each good one weighs 20.
		List<LoggedDecision> log = List.of(new LoggedDecision(STATE, ACTIONS, 1, 0.05, 1),
				new LoggedDecision(STATE, ACTIONS, 1, 0.05, 0.8), new LoggedDecision(STATE, ACTIONS, 0, 0.95, -1));
		TargetPolicy alwaysB = (features, actions) -> new double[] { 0, 1 };
		OffPolicyEvaluator.Evaluation evaluation = OffPolicyEvaluator.evaluate(log, alwaysB, OffPolicyEvaluatorTests::model);
		assertThat(evaluation.estimates()).extracting(OffPolicyEvaluator.Estimate::estimator).contains("ips", "dr");
		assertThat(evaluation.estimates()).allSatisfy((estimate) -> {
			assertThat(estimate.low()).isBetween(-1.0, estimate.value());
			assertThat(estimate.high()).isBetween(estimate.value(), 1.0);
		});
		assertThat(evaluation.estimates().get(0).value()).as("IPS (20 + 16 + 0) / 3, cut to the range").isEqualTo(1.0);
		OffPolicyEvaluator.Estimate narrow = OffPolicyEvaluator.Estimate.of("ips", 1.5, 0.3);
		assertThat(narrow.value()).isEqualTo(1.0);
		assertThat(narrow.low()).as("centred on the cut value, not collapsed to it").isCloseTo(0.7, within(1e-12));
		assertThat(narrow.high()).isEqualTo(1.0);
	}

	@Test
	void aWindowInWhichTheLoggingPolicyHardlyExploredIsSaidNotToCoverTheTargetAndItsIntervalsAreTheWholeRange() {
		List<Action> three = List.of(new Action("a", "1"), new Action("b", "1"), new Action("c", "1"));
		List<LoggedDecision> exploited = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			exploited.add(new LoggedDecision(STATE, three, 0, 0.988, 0.8));
		}
		OffPolicyEvaluator.Evaluation uncovered = OffPolicyEvaluator.evaluate(exploited, TargetPolicy.uniform(),
				OffPolicyEvaluatorTests::model);
		assertThat(uncovered.meanWeight()).isCloseTo(1 / 3.0 / 0.988, within(1e-9));
		assertThat(uncovered.supported()).isFalse();
		assertThat(uncovered.estimates()).as("not a narrow interval around a biased value").allSatisfy(estimate -> {
			assertThat(estimate.low()).isEqualTo(-1);
			assertThat(estimate.high()).isEqualTo(1);
		});
		OffPolicyEvaluator.Evaluation covered = OffPolicyEvaluator.evaluate(noise(2_000, 3), TargetPolicy.uniform(),
				OffPolicyEvaluatorTests::model);
		assertThat(covered.supported()).isTrue();
		assertThat(covered.meanWeight()).isEqualTo(1);
		assertThat(covered.estimates().get(0).high() - covered.estimates().get(0).low()).isLessThan(0.2);
	}

	@Test
	void tooFewSamplesForTheIntervalsNormalApproximationAreNotSupported() {
		List<LoggedDecision> few = new ArrayList<>();
		for (int i = 0; i < OffPolicyEvaluator.MIN_SUPPORTED_SAMPLES - 1; i++) {
			few.add(new LoggedDecision(STATE, ACTIONS, i % 2, 0.5, 0.6));
		}
		OffPolicyEvaluator.Evaluation evaluation = OffPolicyEvaluator.evaluate(few, TargetPolicy.uniform(),
				OffPolicyEvaluatorTests::model);
		assertThat(evaluation.meanWeight()).as("a log that covers the target").isEqualTo(1);
		assertThat(evaluation.supported()).isFalse();
		assertThat(evaluation.estimates()).allSatisfy(estimate -> assertThat(estimate.high() - estimate.low()).isEqualTo(2));
		few.add(new LoggedDecision(STATE, ACTIONS, 0, 0.5, 0.6));
		assertThat(OffPolicyEvaluator.evaluate(few, TargetPolicy.uniform(), OffPolicyEvaluatorTests::model).supported()).isTrue();
	}

	/** Uniformly logged decisions whose rewards are ±1 at random, whatever the action. */
	private static List<LoggedDecision> noise(int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Features features = new Features("r" + random.nextInt(200), 4, 16, 100, 0.5, 0.5);
			log.add(new LoggedDecision(features, ACTIONS, random.nextInt(2), 0.5, random.nextBoolean() ? 1 : -1));
		}
		return log;
	}

	private static SquareCb model() {
		return new SquareCb(10, 2000, 0.995, 1);
	}

	private static SquareCb fitted(List<LoggedDecision> log) {
		SquareCb model = model();
		for (LoggedDecision d : log) {
			model.learn(new Transition(d.features(), d.chosen(), d.actions().get(d.chosen()), d.reward(), d.features(), d.actions()));
		}
		return model;
	}

	private static double ips(OffPolicyEvaluator.Evaluation evaluation) {
		return evaluation.estimates().get(0).value();
	}

}
