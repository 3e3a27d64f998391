package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.MeanRewards;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.SquareCb;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairedComparisonTests {

	private static final List<Action> ACTIONS = List.of(new Action("a", "1"), new Action("b", "1"));

	private static final TargetPolicy[] FIRST = { TargetPolicy.first(), TargetPolicy.first() };

	@Test
	void aDifferenceWhereThePoliciesDisagreeIsFoundWhereTheirOwnIntervalsOverlap() {
		// The target takes b in region r0 only, where b earns 0.2 more, and a elsewhere, as the baseline does
		// everywhere: a true difference of 0.05, under noise of ±0.9 on every reward.
		SplittableRandom random = new SplittableRandom(11);
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			int region = random.nextInt(4);
			int chosen = random.nextInt(2);
			double reward = 0.3 + (region == 0 && chosen == 1 ? 0.2 : 0) + random.nextDouble(-0.9, 0.9);
			log.add(new LoggedDecision(new Features("r" + region, 4, 16, 100, 0.5, 0.5), ACTIONS, chosen, 0.5, reward));
		}
		TargetPolicy inR0 = (features, actions) -> features.region().equals("r0") ? new double[] { 0, 1 }
				: new double[] { 1, 0 };
		TargetPolicy[] target = { inR0, inR0 };
		OffPolicyEvaluator.Estimate t = dr(OffPolicyEvaluator.evaluate(log, target, PairedComparisonTests::model));
		OffPolicyEvaluator.Estimate f = dr(OffPolicyEvaluator.evaluate(log, FIRST, PairedComparisonTests::model));
		assertThat(t.low()).as("side by side, the intervals overlap: %s, %s", t, f).isLessThan(f.high());
		OffPolicyEvaluator.Estimate difference = PairedComparison.difference(log, target, FIRST, PairedComparisonTests::model);
		assertThat(difference.value()).isCloseTo(0.05, within(0.03));
		assertThat(difference.low()).as("paired, only the decisions they disagree on vary: %s", difference).isPositive();
		assertThat(difference.high() - difference.low()).isLessThan(t.high() - t.low());
	}

	@Test
	void theDifferenceIsTheDifferenceOfTheTwoEvaluationsOnTheSameFoldsAndModels() {
		// Targets that differ by fold, as cross-fitted ones do: paired on the wrong fold or with other models, the
		// mean of the differences would not be the difference of the means.
		SplittableRandom random = new SplittableRandom(9);
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			int region = random.nextInt(3);
			int chosen = random.nextInt(2);
			log.add(new LoggedDecision(new Features("r" + region, 4, 16, 100, 0.5, 0.5), ACTIONS, chosen, 0.5,
					0.2 * region + 0.3 * chosen + random.nextDouble(-0.2, 0.2)));
		}
		TargetPolicy second = (features, actions) -> new double[] { 0, 1 };
		TargetPolicy[] byFold = { second, TargetPolicy.uniform() };
		TargetPolicy[] baseline = { TargetPolicy.uniform(), TargetPolicy.first() };
		double expected = dr(OffPolicyEvaluator.evaluate(log, byFold, PairedComparisonTests::model)).value()
				- dr(OffPolicyEvaluator.evaluate(log, baseline, PairedComparisonTests::model)).value();
		assertThat(PairedComparison.difference(log, byFold, baseline, PairedComparisonTests::model).value())
			.isCloseTo(expected, within(1e-12));
	}

	@Test
	void aPolicyComparedWithItselfDiffersByNothing() {
		SplittableRandom random = new SplittableRandom(5);
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			int chosen = random.nextInt(2);
			log.add(new LoggedDecision(new Features("eu", 4, 16, 100, 0.5, 0.5), ACTIONS, chosen, 0.5, random.nextDouble()));
		}
		OffPolicyEvaluator.Estimate difference = PairedComparison.difference(log, FIRST, FIRST, PairedComparisonTests::model);
		assertThat(difference).isEqualTo(new OffPolicyEvaluator.Estimate("dr", 0, 0, 0));
		assertThatThrownBy(() -> PairedComparison.difference(log.subList(0, 1), FIRST, FIRST, PairedComparisonTests::model))
			.isInstanceOf(OffPolicyEvaluator.TooLittleLoggedException.class);
	}

	@Test
	void aTargetIsComparedWithTheRulesOnTheDecisionsTheyLoggedWithAPropensity() {
		// The rules pick b (earning 0.9 ± 0.5) seven times in ten and a (0.1 ± 0.5) otherwise: worth 0.66, where always
		// b is worth 0.9. The service's own samples, a third of the log, are not the rules' and are left out.
		SplittableRandom random = new SplittableRandom(3);
		List<LoggedDecision> log = new ArrayList<>();
		Features eu = new Features("eu", 4, 16, 100, 0.5, 0.5);
		for (int i = 0; i < 3_000; i++) {
			if (i % 3 == 0) {
				log.add(new LoggedDecision(eu, ACTIONS, 0, 0.5, -1));
				continue;
			}
			boolean b = random.nextDouble() < 0.7;
			double reward = (b ? 0.9 : 0.1) + random.nextDouble(-0.5, 0.5);
			log.add(LoggedDecision.ruled(eu, ACTIONS, b ? 1 : 0, b ? 0.7 : 0.3, reward));
		}
		TargetPolicy alwaysB = (features, actions) -> new double[] { 0, 1 };
		OffPolicyEvaluator.Versus versus = PairedComparison.versusRules(log, new TargetPolicy[] { alwaysB, alwaysB },
				PairedComparisonTests::model);
		assertThat(versus.baseline()).isEqualTo("rules");
		assertThat(versus.samples()).isEqualTo(2_000);
		assertThat(versus.supported()).isTrue();
		assertThat(versus.difference().value()).isCloseTo(0.24, within(0.03));
		assertThat(versus.difference().low()).as("%s", versus.difference()).isLessThan(0.24).isPositive();
		assertThat(versus.difference().high()).isGreaterThan(0.24);
	}

	@Test
	void rulesThatNeverPickACandidateTheTargetChoosesDoNotSupportTheComparisonHoweverTheWeightsLook() {
		// The review's market: the rules pick b or c at random, never a; the target gives a a tenth of its choices.
		List<Action> three = List.of(new Action("a", "1"), new Action("b", "1"), new Action("c", "1"));
		SplittableRandom random = new SplittableRandom(5);
		List<LoggedDecision> log = new ArrayList<>();
		Features eu = new Features("eu", 4, 16, 100, 0.5, 0.5);
		for (int i = 0; i < 1_500; i++) {
			int ran = 1 + random.nextInt(2);
			log.add(LoggedDecision.ruled(eu, three, ran, 0.5, ran == 1 ? 0.7 : 0.55));
		}
		TargetPolicy tenthOnA = (features, actions) -> new double[] { 0.1, 0.8, 0.1 };
		TargetPolicy[] target = { tenthOnA, tenthOnA };
		OffPolicyEvaluator.Versus versus = PairedComparison.versusRules(log, target, PairedComparisonTests::model);
		assertThat(versus.supported()).isFalse();
		assertThat(versus.difference().low()).isEqualTo(-2);
		TargetPolicy twentiethOnA = (features, actions) -> new double[] { 0.05, 0.85, 0.1 };
		OffPolicyEvaluator.Versus closer = PairedComparison.versusRules(log, new TargetPolicy[] { twentiethOnA, twentiethOnA },
				PairedComparisonTests::model);
		assertThat(closer.supported()).isTrue();
		assertThat(closer.difference().high() - closer.difference().low()).as("widened by twice a's share on each side")
			.isGreaterThan(4 * 0.05);
	}

	@Test
	void rulesThatRarelyPickWhatTheTargetWouldDoNotSupportTheComparisonAndTooFewAreRefused() {
		List<LoggedDecision> log = new ArrayList<>();
		Features eu = new Features("eu", 4, 16, 100, 0.5, 0.5);
		for (int i = 0; i < 200; i++) {
			boolean a = i % 100 == 0;
			log.add(LoggedDecision.ruled(eu, ACTIONS, a ? 0 : 1, a ? 0.01 : 0.99, a ? 0.5 : 0.2));
		}
		OffPolicyEvaluator.Versus versus = PairedComparison.versusRules(log, FIRST, PairedComparisonTests::model);
		assertThat(versus.supported()).as("two decisions carry every weight").isFalse();
		assertThat(versus.difference().low()).isEqualTo(-2);
		assertThat(versus.difference().high()).isEqualTo(2);
		List<LoggedDecision> own = List.of(new LoggedDecision(eu, ACTIONS, 0, 0.5, 1), new LoggedDecision(eu, ACTIONS, 1, 0.5, 0),
				LoggedDecision.ruled(eu, ACTIONS, 0, 0.5, 1));
		assertThatThrownBy(() -> PairedComparison.versusRules(own, FIRST, PairedComparisonTests::model))
			.isInstanceOf(OffPolicyEvaluator.TooLittleLoggedException.class).hasMessageContaining("found 1");
	}

	@Test
	void eachOfTheRulesDecisionsIsScoredByTheTargetAndModelOfItsOwnFold() {
		// The service's own samples come first; the rules' two decisions are in folds 1 and 0, whose targets differ.
		Features eu = new Features("eu", 4, 16, 100, 0.5, 0.5);
		List<LoggedDecision> samples = List.of(new LoggedDecision(eu, ACTIONS, 0, 0.5, 1),
				new LoggedDecision(eu, ACTIONS, 1, 0.5, 1), LoggedDecision.ruled(eu, ACTIONS, 1, 0.5, 0.8),
				LoggedDecision.ruled(eu, ACTIONS, 0, 0.5, 0.4));
		TargetPolicy alwaysB = (features, actions) -> new double[] { 0, 1 };
		Policy[] untrained = { new MeanRewards(), new MeanRewards() };
		OffPolicyEvaluator.Versus versus = PairedComparison.versusRules(samples, new TargetPolicy[] { TargetPolicy.first(),
				alwaysB }, new int[] { 0, 1, 1, 0 }, untrained);
		assertThat(versus.samples()).isEqualTo(2);
		assertThat(versus.difference().value()).as("(2 × 0.8 − 0.8 + 2 × 0.4 − 0.4) / 2, each by its fold's target")
			.isCloseTo(0.6, within(1e-12));
		assertThat(versus.supported()).as("two decisions").isFalse();
	}

	@Test
	void versusLoggedScoresTheTargetAgainstWhatTheServicesOwnDecisionsEarnedLeavingTheRulesOut() {
		Features eu = new Features("eu", 4, 16, 100, 0.5, 0.5);
		List<LoggedDecision> samples = List.of(new LoggedDecision(eu, ACTIONS, 0, 0.5, 1),
				new LoggedDecision(eu, ACTIONS, 1, 0.5, 0.5), LoggedDecision.ruled(eu, ACTIONS, 1, 0.5, -1),
				LoggedDecision.ruled(eu, ACTIONS, 0, 0.5, -1));
		TargetPolicy alwaysB = (features, actions) -> new double[] { 0, 1 };
		Policy[] untrained = { new MeanRewards(), new MeanRewards() };
		OffPolicyEvaluator.Versus versus = PairedComparison.versusLogged(samples, new TargetPolicy[] { TargetPolicy.first(),
				alwaysB }, new int[] { 0, 1, 1, 0 }, untrained);
		assertThat(versus.baseline()).isEqualTo("logged");
		assertThat(versus.samples()).as("the service's own two").isEqualTo(2);
		assertThat(versus.difference().value()).as("(2 × 1 − 1 + 2 × 0.5 − 0.5) / 2, each by its fold's target")
			.isCloseTo(0.75, within(1e-12));
		assertThatThrownBy(() -> PairedComparison.versusLogged(samples.subList(1, 4), FIRST, new int[] { 0, 1, 0 },
				untrained))
			.isInstanceOf(OffPolicyEvaluator.TooLittleLoggedException.class)
			.hasMessageContaining("the service's own decisions").hasMessageContaining("found 1");
	}

	@Test
	void versusLoggedFindsByHowMuchATargetTrailsAServiceThatChoseBetterThanIt() {
		// The service picks b (mean 0.5) 80% of the time and a (mean 0.3) otherwise: it earns 0.46, and always a
		// would have earned 0.3, a true difference of -0.16 under noise of ±0.5.
		SplittableRandom random = new SplittableRandom(5);
		Features eu = new Features("eu", 4, 16, 100, 0.5, 0.5);
		List<LoggedDecision> log = new ArrayList<>();
		for (int i = 0; i < 3_000; i++) {
			boolean b = random.nextDouble() < 0.8;
			log.add(new LoggedDecision(eu, ACTIONS, b ? 1 : 0, b ? 0.8 : 0.2,
					(b ? 0.5 : 0.3) + random.nextDouble(-0.5, 0.5)));
		}
		int[] fold = OffPolicyEvaluator.folds(log.size());
		OffPolicyEvaluator.Versus versus = PairedComparison.versusLogged(log, FIRST, fold,
				OffPolicyEvaluator.rewardModels(log, fold, PairedComparisonTests::model));
		assertThat(versus.supported()).isTrue();
		assertThat(versus.difference().value()).isCloseTo(-0.16, within(0.03));
		assertThat(versus.difference().low()).as("%s", versus.difference()).isLessThan(-0.16);
		assertThat(versus.difference().high()).isGreaterThan(-0.16).isNegative();
	}

	private static SquareCb model() {
		return new SquareCb(10, 2000, 0.995, 1);
	}

	private static OffPolicyEvaluator.Estimate dr(Evaluation evaluation) {
		return evaluation.estimates().stream().filter(e -> e.estimator().equals("dr")).findFirst().orElseThrow();
	}

}
