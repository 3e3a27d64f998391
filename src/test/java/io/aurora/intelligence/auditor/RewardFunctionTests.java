package io.aurora.intelligence.auditor;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RewardFunctionTests {

	@Test
	void seedExampleEarnsPointEightEight() {
		Reward reward = RewardFunction.reward(new Outcome(42.0, 0.12, 0, true));
		assertThat(reward.total()).isEqualTo(0.88);
		assertThat(reward.components()).containsOnly(entry("latency_score", 0.79), entry("cost_score", 0.88),
				entry("slo_hit", true), entry("failures", 0));
		assertThat(reward.explanation()).isEqualTo("Excellent outcome: low latency, low cost, SLO met");
	}

	@Test
	void aScaleOfTheMarketsOwnScoresLatencyAndCostWhereTheSeedsSaturates() {
		// A GPU job: 1.2 s to place, $2.40 an hour. On the seed's scale (200 ms, 1) both parts are at their floor,
		// -1, so a job twice as slow or twice as dear scores the same.
		Outcome job = new Outcome(1_200.0, 2.4, 0, true);
		Outcome slowerAndDearer = new Outcome(2_400.0, 4.8, 0, true);
		assertThat(RewardFunction.reward(job).total()).isEqualTo(RewardFunction.reward(slowerAndDearer).total())
			.isEqualTo(-0.4);
		RewardFunction.Scale gpu = new RewardFunction.Scale(2_000, 4);
		Reward reward = RewardFunction.reward(job, gpu);
		assertThat(reward.components()).contains(entry("latency_score", 0.4), entry("cost_score", 0.4));
		assertThat(reward.total()).as("0.4·0.4 + 0.3·0.4 + 0.2 + 0.1").isEqualTo(0.58);
		assertThat(RewardFunction.reward(slowerAndDearer, gpu).components()).contains(entry("latency_score", -0.2),
				entry("cost_score", -0.2));
		assertThat(RewardFunction.reward(new Outcome(42.0, 0.12, 0, true), RewardFunction.SEED))
			.as("the seed's scale is the seed's rule").isEqualTo(RewardFunction.reward(new Outcome(42.0, 0.12, 0, true)));
	}

	@Test
	void aRewardScoredOnItsDecisionsOwnBudgetSaysWhichLatencyScoredZero() {
		RewardFunction.Scale budget = new RewardFunction.Scale(50, 1);
		Reward stated = RewardFunction.reward(new Outcome(100.0, 0.5, null, true), budget, true);
		assertThat(stated.components()).containsOnly(entry("latency_score", -1.0), entry("latency_reference_ms", 50.0),
				entry("cost_score", 0.5), entry("slo_hit", true), entry("failures", 0));
		assertThat(RewardFunction.reward(new Outcome(100.0, 0.5, null, true), budget, false))
			.as("the same reward, without the reference").isEqualTo(new Reward(stated.total(),
					Map.of("latency_score", -1.0, "cost_score", 0.5, "slo_hit", true, "failures", 0), stated.explanation()));
		assertThat(RewardFunction.reward(new Outcome(null, 0.5, null, true), budget, true).components())
			.as("no latency reported, none scored").doesNotContainKeys("latency_score", "latency_reference_ms");
	}

	@Test
	void aRoutersRefusalEarnsTheLeastRewardWithTheRulesComponentsForTheRecord() {
		Outcome refused = new Outcome(null, null, 3, false);
		Reward reward = RewardFunction.refusal(refused);
		assertThat(RewardFunction.reward(refused).total()).as("the rule's score").isEqualTo(-0.2);
		assertThat(reward.total()).isEqualTo(-1);
		assertThat(reward.components()).isEqualTo(RewardFunction.reward(refused).components());
		assertThat(reward.explanation()).contains("Refused by the router");
	}

	@Test
	void anExcellentOutcomeClaimsOnlyWhatWasReported() {
		Reward noCost = RewardFunction.reward(new Outcome(30.0, null, null, true));
		assertThat(noCost.total()).isEqualTo(0.64);
		assertThat(noCost.explanation()).isEqualTo("Excellent outcome: low latency, SLO met (cost not reported)");
		assertThat(RewardFunction.reward(new Outcome(null, 0.0, 0, true)).explanation())
			.isEqualTo("Excellent outcome: low cost, SLO met (latency not reported)");
		assertThat(RewardFunction.reward(new Outcome(0.0, 0.0, 0, null)).explanation())
			.isEqualTo("Excellent outcome: low latency, low cost (SLO not reported)");
	}

	@Test
	void anExplanationSaysWhatTheOutcomeMissedWhateverItsBand() {
		Reward failedCheaply = RewardFunction.reward(new Outcome(100.0, 0.3, 3, false));
		assertThat(failedCheaply.total()).isEqualTo(0.21);
		assertThat(failedCheaply.explanation()).isEqualTo("Good outcome: met most objectives (SLO missed, 3 failures)");
		assertThat(RewardFunction.reward(new Outcome(0.0, 0.0, 0, false)).explanation())
			.as("0.7, excellent on speed and price, and never said to have met its SLO")
			.isEqualTo("Excellent outcome: low latency, low cost (SLO missed)");
		assertThat(RewardFunction.reward(new Outcome(210.0, 0.0, null, true)).explanation())
			.as("0.58: its latency was above the scale's, so it is not called low")
			.isEqualTo("Excellent outcome: low cost, SLO met (high latency)");
		assertThat(RewardFunction.reward(new Outcome(200.0, null, 1, false)).explanation())
			.isEqualTo("Marginal outcome: some objectives missed (SLO missed, 1 failure; cost not reported)");
		assertThat(RewardFunction.reward(new Outcome(200.0, null, 0, true)).explanation())
			.as("a latency on the scale's reference is neither low nor high")
			.isEqualTo("Good outcome: met most objectives (cost not reported)");
		assertThat(RewardFunction.explain(0.51, Map.of())).isEqualTo("Excellent outcome (latency, cost and SLO not reported)");
	}

	@Test
	void missingFailuresCountAsNone() {
		assertThat(RewardFunction.reward(new Outcome(42.0, 0.12, null, true)).total()).isEqualTo(0.88);
	}

	@Test
	void onlyPresentPartsContribute() {
		Reward latencyOnly = RewardFunction.reward(new Outcome(100.0, null, null, null));
		assertThat(latencyOnly.total()).isEqualTo(0.3);
		assertThat(latencyOnly.components()).containsOnlyKeys("latency_score", "failures");
	}

	@Test
	void failuresAndMissedSloPullTheRewardDown() {
		Reward reward = RewardFunction.reward(new Outcome(600.0, 3.0, 6, false));
		assertThat(reward.components()).contains(entry("latency_score", -1.0), entry("cost_score", -1.0));
		assertThat(reward.total()).isEqualTo(-0.9);
		assertThat(reward.explanation())
			.isEqualTo("Poor outcome: high latency/cost or SLO violation (high latency, high cost, SLO missed, 6 failures)");
		assertThat(RewardFunction.reward(new Outcome(null, null, 1, null)).total()).isEqualTo(-0.033333);
	}

	@Test
	void explanationsFollowTheSeedsThresholds() {
		assertThat(RewardFunction.explain(0.51, Map.of())).startsWith("Excellent");
		assertThat(RewardFunction.explain(0.5, Map.of())).startsWith("Good");
		assertThat(RewardFunction.explain(0.01, Map.of())).startsWith("Good");
		assertThat(RewardFunction.explain(0, Map.of())).startsWith("Marginal");
		assertThat(RewardFunction.explain(-0.49, Map.of())).startsWith("Marginal");
		assertThat(RewardFunction.explain(-0.5, Map.of())).startsWith("Poor");
	}

	@Test
	void objectivesSplitTheRewardIntoLatencyCostAndReliability() {
		Reward reward = RewardFunction.reward(new Outcome(42.0, 0.12, 0, true));
		assertThat(RewardFunction.objectives(reward.components())).containsExactly(entry("latency", 0.79),
				entry("cost", 0.88), entry("reliability", 1.0));
		Reward missed = RewardFunction.reward(new Outcome(null, null, 3, false));
		assertThat(RewardFunction.objectives(missed.components())).containsExactly(entry("reliability", -0.666667));
	}

	@Test
	void refusalScoresTheWorstOnEveryObjective() {
		Reward refusal = RewardFunction.reward(new Outcome(null, null, 3, false));
		Map<String, Object> outcome = Map.of("failures", 3, "slo_hit", false);
		assertThat(RewardFunction.objectives(refusal.components(), outcome, true))
			.containsExactly(entry("latency", -1.0), entry("cost", -1.0), entry("reliability", -0.666667));
		assertThat(RewardFunction.objectives(refusal.components(), outcome, false))
			.as("a caller's report of the same outcome says nothing of latency and cost")
			.containsExactly(entry("reliability", -0.666667));
	}

	@Test
	void reliabilityIsLearnedOnlyFromWhatTheOutcomeReported() {
		Reward latencyOnly = RewardFunction.reward(new Outcome(42.0, null, null, null));
		assertThat(latencyOnly.total()).as("the seed's rule still counts missing failures as 0").isEqualTo(0.416);
		assertThat(RewardFunction.objectives(latencyOnly.components(), Map.of("latency_ms", 42.0), false))
			.containsExactly(entry("latency", 0.79));
		Reward sloOnly = RewardFunction.reward(new Outcome(null, null, null, false));
		assertThat(RewardFunction.objectives(sloOnly.components(), Map.of("slo_hit", false), false))
			.containsExactly(entry("reliability", -0.5));
		Reward failuresOnly = RewardFunction.reward(new Outcome(null, null, 1, null));
		assertThat(RewardFunction.objectives(failuresOnly.components(), Map.of("failures", 1), false))
			.containsExactly(entry("reliability", -0.333333));
	}

	@Test
	void rewardRangesFromNineTenthsBelowZeroForTheWorstOutcomeToOneForTheBest() {
		assertThat(RewardFunction.reward(new Outcome(0.0, 0.0, 0, true)).total()).isEqualTo(1.0);
		assertThat(RewardFunction.reward(new Outcome(1e7, 1e7, 1000, false)).total()).isEqualTo(-0.9);
	}

}
