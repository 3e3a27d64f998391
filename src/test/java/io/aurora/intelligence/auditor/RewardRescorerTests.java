package io.aurora.intelligence.auditor;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RewardRescorerTests {

	private static final Map<String, Object> OUTCOME = Map.of("latency_ms", 100, "cost", 0.5, "failures", 0,
			"slo_hit", true);

	@Test
	void aLoggedOutcomeIsScoredOnTheCurrentScaleAsFeedbackIsScored() {
		Reward seed = TestRescorers.fixed(RewardFunction.SEED).rescore(Map.of("latency_ms", 50), OUTCOME);
		Reward received = RewardFunction.reward(new Outcome(100.0, 0.5, 0, true));
		assertThat(seed.total()).isEqualTo(received.total());
		assertThat(seed.components()).isEqualTo(received.components());
		assertThat(seed.explanation()).as("an evaluation reads no explanation, so none is built").isEmpty();
		Reward wider = TestRescorers.fixed(new RewardFunction.Scale(400, 2)).rescore(Map.of(), OUTCOME);
		assertThat(wider.components()).containsEntry("latency_score", 0.75).containsEntry("cost_score", 0.75);
		assertThat(wider.total()).isEqualTo(0.825);
	}

	@Test
	void underRequestReferenceEachDecisionsOwnBudgetIsTheScale() {
		RewardRescorer request = new RewardRescorer(new AuditorProperties(86_400, 0, 0, 400, 1,
				AuditorProperties.LatencyReference.REQUEST));
		assertThat(request.rescore(Map.of("latency_ms", 50), OUTCOME).components())
			.containsEntry("latency_score", -1.0).containsEntry("latency_reference_ms", 50.0);
		assertThat(request.rescore(Map.of("region", "eu"), OUTCOME).components())
			.as("no budget: REWARD_LATENCY_MS").containsEntry("latency_reference_ms", 400.0);
	}

	@Test
	void theScaleIsStatedAsAnExportStatesIt() {
		RewardRescorer request = new RewardRescorer(new AuditorProperties(86_400, 0, 0, 400, 2,
				AuditorProperties.LatencyReference.REQUEST));
		assertThat(request.scale()).containsExactly(entry("latency_ms", 400.0), entry("cost", 2.0),
				entry("latency_reference", "request"));
	}

	@Test
	void anOutcomeWithNoneOfItsFieldsInTheirTypesIsNotRescored() {
		RewardRescorer seed = TestRescorers.fixed(RewardFunction.SEED);
		assertThat(seed.rescore(Map.of(), Map.of())).isNull();
		assertThat(seed.rescore(Map.of(), Map.of("latency_ms", "100", "slo_hit", "yes"))).isNull();
		assertThat(seed.rescore(Map.of(), Map.of("failures", 2)).total()).as("failures alone").isEqualTo(-0.066667);
	}

}
