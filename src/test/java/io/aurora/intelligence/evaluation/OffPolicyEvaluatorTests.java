package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.MeanRewards;
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

	@Test
	void eachEstimateIsItsFormulaOnAHandWorkedLog() {
		// The target takes a with 1/4 and b with 3/4: weights 0.5, 0.9375 and 1.875.
		List<LoggedDecision> log = List.of(new LoggedDecision(STATE, ACTIONS, 0, 0.5, 1.0),
				new LoggedDecision(STATE, ACTIONS, 1, 0.8, 0.5), new LoggedDecision(STATE, ACTIONS, 1, 0.4, -0.2));
		OffPolicyEvaluator.Evaluation evaluation = OffPolicyEvaluator.evaluate(log, QUARTER_THREE_QUARTERS,
				MeanRewards::new);
		assertThat(evaluation.samples()).isEqualTo(3);
		assertThat(estimate(evaluation, "ips").value()).as("mean of w·r").isCloseTo(0.59375 / 3, within(1e-12));
		assertThat(estimate(evaluation, "snips").value()).as("Σ w·r / Σ w").isCloseTo(0.59375 / 3.3125, within(1e-12));
		assertThat(evaluation.effectiveSampleSize()).as("(Σ w)² / Σ w²").isCloseTo(3.3125 * 3.3125 / 4.64453125, within(1e-12));
		assertThat(evaluation.meanWeight()).isCloseTo(3.3125 / 3, within(1e-12));
		// Cross-fitted reward models: rows 0 and 2 are scored by the model of row 1 (r̂(a) = 0, r̂(b) = 0.5), row 1
		// by the model of rows 0 and 2 (r̂(a) = 1, r̂(b) = -0.2): DR terms 0.875, 0.75625 and -0.9375.
		assertThat(estimate(evaluation, "dr").value()).as("cross-fitted doubly robust").isCloseTo(0.69375 / 3, within(1e-12));
	}

	@Test
	void intervalsAreTheNormalApproximationsOfEachEstimator() {
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			log.add(new LoggedDecision(STATE, ACTIONS, 0, 0.5, 1.0));
			log.add(new LoggedDecision(STATE, ACTIONS, 1, 0.8, 0.5));
			log.add(new LoggedDecision(STATE, ACTIONS, 1, 0.4, -0.2));
		}
		OffPolicyEvaluator.Evaluation evaluation = OffPolicyEvaluator.evaluate(log, QUARTER_THREE_QUARTERS,
				MeanRewards::new);
		assertThat(evaluation.supported()).as("mean weight 1.10, its interval [0.90, 1.31] reaching 1").isTrue();
		assertThat(evaluation.effectiveSampleSize()).isCloseTo(23.62489486963835, within(1e-9));
		OffPolicyEvaluator.Estimate ips = estimate(evaluation, "ips");
		assertThat(ips.low()).as("1.96 standard errors of the mean").isCloseTo(0.050397389077138005, within(1e-9));
		assertThat(ips.high()).isCloseTo(0.3454359442561953, within(1e-9));
		OffPolicyEvaluator.Estimate snips = estimate(evaluation, "snips");
		assertThat(snips.low()).as("1.96 √(Σ w²(r − snips)²) / Σ w").isCloseTo(0.01564569291943152, within(1e-9));
		assertThat(snips.high()).isCloseTo(0.3428448731183043, within(1e-9));
	}

	@Test
	void anEpsilonGreedyTargetGivesEpsilonToAllAndTheRestToTheBestSharedAmongTies() {
		MeanRewards model = new MeanRewards();
		model.learn(new Transition(STATE, 0, ACTIONS.get(0), 0.9, STATE, ACTIONS));
		model.learn(new Transition(STATE, 1, ACTIONS.get(1), 0.1, STATE, ACTIONS));
		assertThat(TargetPolicy.epsilonGreedy(model, 0.2).probabilities(STATE, ACTIONS)).containsExactly(new double[] { 0.9, 0.1 },
				within(1e-12));
		assertThat(TargetPolicy.epsilonGreedy(model, 0).probabilities(STATE, ACTIONS)).containsExactly(1.0, 0.0);
		List<Action> three = List.of(ACTIONS.get(0), ACTIONS.get(1), new Action("c", "1"));
		model.learn(new Transition(STATE, 2, three.get(2), 0.9, STATE, three));
		assertThat(TargetPolicy.epsilonGreedy(model, 0.3).probabilities(STATE, three)).containsExactly(new double[] { 0.45, 0.1, 0.45 },
				within(1e-12));
	}

	/** The target of the hand-worked logs: a with 1/4, b with 3/4. */
	private static final TargetPolicy QUARTER_THREE_QUARTERS = (features, actions) -> new double[] { 0.25, 0.75 };

	private static OffPolicyEvaluator.Estimate estimate(OffPolicyEvaluator.Evaluation evaluation, String estimator) {
		return evaluation.estimates().stream().filter(e -> e.estimator().equals(estimator)).findFirst().orElseThrow();
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
