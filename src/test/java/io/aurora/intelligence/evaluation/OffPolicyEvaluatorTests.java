package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.MeanRewards;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.SquareCb;
import io.aurora.intelligence.strategist.Transition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OffPolicyEvaluatorTests {

	private static final List<Action> ACTIONS = List.of(new Action("a", "1"), new Action("b", "1"));

	private static final Features STATE = new Features("eu", 4, 16, 100, 0.5, 0.5);

	@Test
	void crossFittedTargetsAreFittedOnTheOtherFoldOnly() {
		List<LoggedDecision> log = noise(11, 1);
		List<List<LoggedDecision>> seen = new ArrayList<>();
		OffPolicyEvaluator.crossFitted(log, fold -> {
			seen.add(fold);
			return TargetPolicy.uniform();
		});
		int[] fold = OffPolicyEvaluator.folds(log.size());
		for (int k = 0; k < 2; k++) {
			List<LoggedDecision> other = new ArrayList<>();
			for (int i = 0; i < log.size(); i++) {
				if (fold[i] != k) {
					other.add(log.get(i));
				}
			}
			assertThat(seen.get(k)).as("the target for fold %d", k).containsExactlyElementsOf(other);
		}
		assertThat(seen.get(0).size() + seen.get(1).size()).isEqualTo(11);
		assertThat(Math.abs(seen.get(0).size() - seen.get(1).size())).as("half each").isEqualTo(1);
		assertThat(OffPolicyEvaluator.folds(log.size())).as("dealt alike every time").containsExactly(fold);
	}

	@Test
	void shadowDecisionsTrainBothFoldsTargetsAndRewardModelsInTheLogsOrderAndAreNeverScored() {
		List<LoggedDecision> samples = noise(11, 1);
		List<LoggedDecision> log = new ArrayList<>();
		List<LoggedDecision> shadow = new ArrayList<>();
		for (int i = 0; i < samples.size(); i++) {
			if (i % 3 == 0) {
				LoggedDecision ruled = LoggedDecision.shadow(STATE, ACTIONS, 1, 1);
				shadow.add(ruled);
				log.add(ruled);
			}
			log.add(samples.get(i));
		}
		List<List<LoggedDecision>> seen = new ArrayList<>();
		OffPolicyEvaluator.crossFitted(log, fold -> {
			seen.add(fold);
			return TargetPolicy.uniform();
		});
		int[] fold = OffPolicyEvaluator.folds(samples.size());
		for (int k = 0; k < 2; k++) {
			List<LoggedDecision> expected = new ArrayList<>();
			int sample = 0;
			for (LoggedDecision d : log) {
				if (d.shadow() || fold[sample++] != k) {
					expected.add(d);
				}
			}
			assertThat(seen.get(k)).as("the target for fold %d", k).containsExactlyElementsOf(expected)
				.containsAll(shadow);
		}
		Policy[] models = OffPolicyEvaluator.rewardModels(log, fold, OffPolicyEvaluatorTests::model);
		Policy[] unaided = OffPolicyEvaluator.rewardModels(samples, fold, OffPolicyEvaluatorTests::model);
		for (int k = 0; k < 2; k++) {
			assertThat(models[k].estimate(STATE, ACTIONS.get(1))).as("fold %d's reward model learned the shadow rewards", k)
				.isGreaterThan(unaided[k].estimate(STATE, ACTIONS.get(1)));
		}
		Evaluation e = OffPolicyEvaluator.evaluate(log, new TargetPolicy[] { TargetPolicy.uniform(),
				TargetPolicy.uniform() }, OffPolicyEvaluatorTests::model);
		assertThat(e.samples()).as("shadow decisions are not scored").isEqualTo(11);
		Evaluation alone = OffPolicyEvaluator.evaluate(samples, new TargetPolicy[] {
				TargetPolicy.uniform(), TargetPolicy.uniform() }, OffPolicyEvaluatorTests::model);
		assertThat(e.estimates().get(2).estimator()).isEqualTo("dr");
		assertThat(e.estimates().get(2).value()).as("DR's reward models learned from the shadow decisions")
			.isNotEqualTo(alone.estimates().get(2).value());
		assertThatThrownBy(() -> OffPolicyEvaluator.evaluate(log, new TargetPolicy[] { TargetPolicy.uniform(),
				TargetPolicy.uniform() }, fold, models)).as("no weight for a decision without a propensity")
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void regionsThatTakeTurnsAreEvaluatedAsWellAsRegionsInAnyOrder() {
		// Two regions alternate; a is best in one, b in the other, and the logging policy mostly knew it. Dealt by
		// position, each fold would hold one region only, and each target would choose wrongly in the other.
		List<Action> actions = List.of(new Action("f", "1"), new Action("g", "1"));
		SplittableRandom random = new SplittableRandom(3);
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < 3_000; i++) {
			int region = i % 2;
			int best = region;
			int chosen = random.nextDouble() < 0.9 ? best : 1 - best;
			double reward = (chosen == best ? 0.8 : 0.4) + random.nextDouble(-0.1, 0.1);
			log.add(new LoggedDecision(new Features(region == 0 ? "east" : "west", 4, 16, 100, 0.5, 0.5), actions, chosen,
					chosen == best ? 0.9 : 0.1, reward));
		}
		TargetPolicy[] greedy = OffPolicyEvaluator.crossFitted(log, fold -> TargetPolicy.epsilonGreedy(fitted(fold), 0));
		Evaluation evaluation = OffPolicyEvaluator.evaluate(log, greedy, OffPolicyEvaluatorTests::model);
		assertThat(evaluation.supported()).isTrue();
		assertThat(estimate(evaluation, "dr").value()).as("the greedy policy's true value").isCloseTo(0.8, within(0.02));
		assertThat(estimate(evaluation, "ips").value()).isCloseTo(0.8, within(0.05));
		assertThat(evaluation.effectiveSampleSize()).isGreaterThan(2_000);
	}

	@Test
	void aTargetThatRestsOnAHandfulOfHeavyWeightsIsNotSupported() {
		// b, which the target always takes, was logged 10 times in 1,000 at 1%: the weights average 1, as they
		// should, but the estimate rests on 10 decisions weighing 100 each.
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			boolean b = i % 100 == 0;
			log.add(new LoggedDecision(STATE, ACTIONS, b ? 1 : 0, b ? 0.01 : 0.99, b ? 0.9 : 0.1));
		}
		TargetPolicy alwaysB = (features, actions) -> new double[] { 0, 1 };
		Evaluation evaluation = OffPolicyEvaluator.evaluate(log, alwaysB, OffPolicyEvaluatorTests::model);
		assertThat(evaluation.meanWeight()).isCloseTo(1, within(1e-9));
		assertThat(evaluation.effectiveSampleSize()).isCloseTo(10, within(1e-9));
		assertThat(evaluation.supported()).isFalse();
		assertThat(evaluation.whyUnsupported()).isEqualTo("the importance weights leave the 1000 logged decisions worth "
				+ "only 10.0 (the effective sample size), fewer than the 30 an evaluation needs to bound its estimates: "
				+ "the log holds few of the choices this policy would make, each weighing much");
		assertThat(evaluation.estimates()).allSatisfy(estimate -> assertThat(estimate.high() - estimate.low()).isEqualTo(2));
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
		Evaluation evaluation = OffPolicyEvaluator.evaluate(log, alwaysB, OffPolicyEvaluatorTests::model);
		assertThat(evaluation.estimates()).extracting(OffPolicyEvaluator.Estimate::estimator).containsExactly("ips", "dr");
	}

	@Test
	void estimatesFromAFewDecisionsWithLargeWeightsStayWithinTheRewardsRange() {
		// Logged at 5% for the action the target always takes, each good one weighs 20.
		List<LoggedDecision> log = List.of(new LoggedDecision(STATE, ACTIONS, 1, 0.05, 1),
				new LoggedDecision(STATE, ACTIONS, 1, 0.05, 0.8), new LoggedDecision(STATE, ACTIONS, 0, 0.95, -1));
		TargetPolicy alwaysB = (features, actions) -> new double[] { 0, 1 };
		Evaluation evaluation = OffPolicyEvaluator.evaluate(log, alwaysB, OffPolicyEvaluatorTests::model);
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
		Evaluation uncovered = OffPolicyEvaluator.evaluate(exploited, TargetPolicy.uniform(),
				OffPolicyEvaluatorTests::model);
		assertThat(uncovered.meanWeight()).isCloseTo(1 / 3.0 / 0.988, within(1e-9));
		assertThat(uncovered.supported()).isFalse();
		assertThat(uncovered.estimates()).as("not a narrow interval around a biased value").allSatisfy(estimate -> {
			assertThat(estimate.low()).isEqualTo(-1);
			assertThat(estimate.high()).isEqualTo(1);
		});
		Evaluation covered = OffPolicyEvaluator.evaluate(noise(2_000, 3), TargetPolicy.uniform(),
				OffPolicyEvaluatorTests::model);
		assertThat(covered.supported()).isTrue();
		assertThat(covered.meanWeight()).isEqualTo(1);
		assertThat(covered.estimates().get(0).high() - covered.estimates().get(0).low()).isLessThan(0.2);
	}

	@Test
	void tooFewSamplesForTheIntervalsNormalApproximationAreNotSupported() {
		List<LoggedDecision> few = new ArrayList<>();
		for (int i = 0; i < Intervals.MIN_SUPPORTED_SAMPLES - 1; i++) {
			few.add(new LoggedDecision(STATE, ACTIONS, i % 2, 0.5, 0.6));
		}
		Evaluation evaluation = OffPolicyEvaluator.evaluate(few, TargetPolicy.uniform(),
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
		Evaluation evaluation = OffPolicyEvaluator.evaluate(log, QUARTER_THREE_QUARTERS,
				MeanRewards::new);
		assertThat(evaluation.samples()).isEqualTo(3);
		assertThat(estimate(evaluation, "ips").value()).as("mean of w·r").isCloseTo(0.59375 / 3, within(1e-12));
		assertThat(estimate(evaluation, "snips").value()).as("Σ w·r / Σ w").isCloseTo(0.59375 / 3.3125, within(1e-12));
		assertThat(evaluation.effectiveSampleSize()).as("(Σ w)² / Σ w²").isCloseTo(3.3125 * 3.3125 / 4.64453125, within(1e-12));
		assertThat(evaluation.meanWeight()).isCloseTo(3.3125 / 3, within(1e-12));
		// Cross-fitted reward models: the shuffle deals row 0 to one fold and rows 1 and 2 to the other, so row 0
		// is scored by the model of rows 1 and 2 (r̂(a) = 0, r̂(b) = 0.15), rows 1 and 2 by the model of row 0
		// (r̂(a) = 1, r̂(b) = 0): DR terms 0.6125, 0.71875 and -0.125.
		assertThat(OffPolicyEvaluator.folds(3)).containsExactly(0, 1, 1);
		assertThat(estimate(evaluation, "dr").value()).as("cross-fitted doubly robust").isCloseTo(1.20625 / 3, within(1e-12));
	}

	@Test
	void intervalsAreTheNormalApproximationsOfEachEstimator() {
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			log.add(new LoggedDecision(STATE, ACTIONS, 0, 0.5, 1.0));
			log.add(new LoggedDecision(STATE, ACTIONS, 1, 0.8, 0.5));
			log.add(new LoggedDecision(STATE, ACTIONS, 1, 0.4, -0.2));
		}
		Evaluation evaluation = OffPolicyEvaluator.evaluate(log, QUARTER_THREE_QUARTERS,
				MeanRewards::new);
		assertThat(evaluation.supported()).as("mean weight 1.10, its interval [0.93, 1.27] reaching 1").isTrue();
		assertThat(evaluation.effectiveSampleSize()).isCloseTo(35.43734230445753, within(1e-9));
		OffPolicyEvaluator.Estimate ips = estimate(evaluation, "ips");
		assertThat(ips.low()).as("1.96 standard errors of the mean").isCloseTo(0.0781540054878741, within(1e-9));
		assertThat(ips.high()).isCloseTo(0.3176793278454592, within(1e-9));
		OffPolicyEvaluator.Estimate snips = estimate(evaluation, "snips");
		assertThat(snips.low()).as("1.96 √(Σ w²(r − snips)²) / Σ w").isCloseTo(0.04566677706150066, within(1e-9));
		assertThat(snips.high()).isCloseTo(0.3128237889762352, within(1e-9));
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

	@Test
	void choicesNoLoggedDecisionMadeWidenTheIntervalsByTwiceTheirShareAndPastATenthAreNotSupported() {
		// Eleven candidates logged uniformly, yet the log never chose the last: its reward is unknown to it.
		List<Action> eleven = new ArrayList<>();
		for (int a = 0; a < 11; a++) {
			eleven.add(new Action("p" + a, "1"));
		}
		SplittableRandom random = new SplittableRandom(7);
		List<LoggedDecision> covered = new ArrayList<>();
		List<LoggedDecision> missing = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			double reward = random.nextDouble() < 0.7 ? 0.6 : -0.2;
			covered.add(new LoggedDecision(STATE, eleven, random.nextInt(11), 1.0 / 11, reward));
			missing.add(new LoggedDecision(STATE, eleven, random.nextInt(10), 1.0 / 11, reward));
		}
		Evaluation full = OffPolicyEvaluator.evaluate(covered, TargetPolicy.uniform(), OffPolicyEvaluatorTests::model);
		Evaluation partial = OffPolicyEvaluator.evaluate(missing, TargetPolicy.uniform(), OffPolicyEvaluatorTests::model);
		assertThat(full.supported()).isTrue();
		assertThat(partial.supported()).as("a share of 1/11 is within the tolerance").isTrue();
		for (String estimator : List.of("ips", "snips", "dr")) {
			OffPolicyEvaluator.Estimate whole = estimate(full, estimator);
			OffPolicyEvaluator.Estimate part = estimate(partial, estimator);
			double width = part.high() - part.low();
			double noise = width - 4.0 / 11;
			assertThat(part.low()).as(estimator).isLessThan(part.value() - 2.0 / 11);
			assertThat(part.high()).as(estimator).isGreaterThan(part.value() + 2.0 / 11);
			assertThat(noise).as(estimator + ": what is left is the sampling noise, as wide as on the covered log")
				.isCloseTo(whole.high() - whole.low(), within(0.05));
		}
		List<LoggedDecision> twoOfThree = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			twoOfThree.add(new LoggedDecision(STATE, List.of(eleven.get(0), eleven.get(1), eleven.get(2)), i % 2, 1.0 / 3, 0.5));
		}
		Evaluation third = OffPolicyEvaluator.evaluate(twoOfThree, TargetPolicy.uniform(), OffPolicyEvaluatorTests::model);
		assertThat(third.meanWeight()).as("the weights cannot tell").isCloseTo(1, within(1e-9));
		assertThat(third.supported()).as("a third of the target's choices were never observed").isFalse();
		assertThat(third.whyUnsupported()).contains("33% of its choices").contains("fall on candidates no logged decision chose");
		List<LoggedDecision> nineOfTen = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			nineOfTen.add(new LoggedDecision(STATE, eleven.subList(0, 10), i % 9, 0.1, 0.5));
		}
		assertThat(OffPolicyEvaluator.evaluate(nineOfTen, TargetPolicy.uniform(), OffPolicyEvaluatorTests::model).supported())
			.as("a share of exactly a tenth, summed over 10,000 decisions").isFalse();
		assertThat(estimate(third, "dr").low()).isEqualTo(-1);
	}

	@Test
	void anUnsupportedEvaluationBlamesTheUnobservedChoicesThoughTheWeightsAreOffToo() {
		List<OffPolicyEvaluator.Estimate> estimates = List.of(new OffPolicyEvaluator.Estimate("dr", 0.2, -1, 1));
		Evaluation unobserved = new Evaluation(1000, 400, estimates, 0, 0, 0.8, false, 0.3);
		assertThat(unobserved.whyUnsupported()).as("the weights' interval passed; the unobserved share is what failed")
			.contains("30% of its choices")
			.doesNotContain("importance weights average");
		Evaluation weights = new Evaluation(1000, 400, estimates, 0, 0, 0.8, false, 0.05);
		assertThat(weights.whyUnsupported()).contains("importance weights average 0.8");
	}

	@Test
	void aRewardModelPredictingPastTheRewardsRangeIsCutToItInDoublyRobustTerms() {
		MeanRewards overshooting = new MeanRewards();
		overshooting.learn(new Transition(STATE, 0, ACTIONS.get(0), 5, STATE, ACTIONS));
		overshooting.learn(new Transition(STATE, 1, ACTIONS.get(1), -3, STATE, ACTIONS));
		LoggedDecision d = new LoggedDecision(STATE, ACTIONS, 0, 0.5, 0.5);
		assertThat(OffPolicyEvaluator.drTerm(d, new double[] { 1, 0 }, overshooting))
			.as("1 + 2 × (0.5 − 1), where the uncut prediction 5 would give 5 + 2 × (0.5 − 5) = −4").isCloseTo(0, within(1e-12));
		assertThat(OffPolicyEvaluator.drTerm(d, new double[] { 0, 1 }, overshooting)).as("b's −3 counts as −1")
			.isCloseTo(-1, within(1e-12));
	}

	/** The target of the hand-worked logs: a with 1/4, b with 3/4. */
	private static final TargetPolicy QUARTER_THREE_QUARTERS = (features, actions) -> new double[] { 0.25, 0.75 };

	private static OffPolicyEvaluator.Estimate estimate(Evaluation evaluation, String estimator) {
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

	private static double ips(Evaluation evaluation) {
		return evaluation.estimates().get(0).value();
	}

}
