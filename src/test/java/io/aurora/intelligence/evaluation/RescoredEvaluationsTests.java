package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.auditor.ModelCopies;
import io.aurora.intelligence.auditor.RewardFunction;
import io.aurora.intelligence.auditor.TestRescorers;
import io.aurora.intelligence.store.EvaluationRow;
import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.evaluation.EvaluationsTests.candidate;
import static io.aurora.intelligence.evaluation.EvaluationsTests.storeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An evaluation over feedback scored on two reward scales, as after a change of {@code REWARD_LATENCY_MS}: every
 * outcome is scored again on the current one, so the estimates mix none.
 */
class RescoredEvaluationsTests {

	private static final List<Map<String, Object>> BOTH = List.of(candidate("akash", "A8"), candidate("vast", "V4"));

	/** 100 ms and the SLO met: on the seed's 200 ms, 0.4 × 0.5 + 0.2 + 0.1 = 0.5; scored on 50 ms, −0.4 + 0.3 = −0.1. */
	private static final Map<String, Object> OUTCOME = Map.of("latency_ms", 100, "slo_hit", true);

	@Test
	void feedbackScoredBeforeAChangeOfScaleIsScoredAgainOnTheCurrentOne() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 40; seq++) {
			boolean before = seq <= 20;
			log.add(row(seq, before ? -0.1 : 0.5, before ? -1.0 : 0.5, false));
		}
		Evaluations rescoring = new Evaluations(storeOf(log), new ModelCopies(), TestRescorers.fixed(RewardFunction.SEED));
		Evaluation uniform = rescoring.evaluate("uniform", "squarecb", 0.1, Map.of(), 100);
		assertThat(uniform.estimates().get(0).value()).as("IPS, every weight 1: 0.5 on every decision")
			.isCloseTo(0.5, within(1e-12));
		Evaluation latency = rescoring.evaluate("uniform", "squarecb", 0.1, Map.of("latency", 1.0), 100);
		assertThat(latency.estimates().get(0).value()).as("the latency objective, scored again too")
			.isCloseTo(0.5, within(1e-12));
		Evaluation stored = EvaluationsTests.evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1,
				Map.of(), 100);
		assertThat(stored.estimates().get(0).value()).as("as stored, the two scales' mean").isCloseTo(0.2, within(1e-12));
	}

	@Test
	void aRefusalKeepsTheLeastRewardWhateverTheScale() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 40; seq++) {
			log.add(seq % 2 == 0 ? row(seq, 0.5, 0.5, false) : row(seq, -1, 0.5, true));
		}
		Evaluations rescoring = new Evaluations(storeOf(log), new ModelCopies(), TestRescorers.fixed(RewardFunction.SEED));
		assertThat(rescoring.evaluate("uniform", "squarecb", 0.1, Map.of(), 100).estimates().get(0).value())
			.as("half refused at −1, half 0.5").isCloseTo(-0.25, within(1e-12));
	}

	@Test
	void theRulesValueOnShadowDecisionsIsScoredOnTheCurrentScaleToo() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 10; seq++) {
			log.add(row(seq, 0.5, 0.5, false));
		}
		for (int seq = 11; seq <= 20; seq++) {
			log.add(new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), BOTH, "akash", "A8", 0.5, -0.1,
					Map.of("latency_score", -1.0, "slo_hit", true, "failures", 0), OUTCOME, false, Map.of("shadow", true),
					"squarecb", 0.1, seq, "vast", "V4"));
		}
		Evaluations rescoring = new Evaluations(storeOf(log), new ModelCopies(), TestRescorers.fixed(RewardFunction.SEED));
		assertThat(rescoring.evaluate("uniform", "squarecb", 0.1, Map.of(), 100).shadow().value().value())
			.isCloseTo(0.5, within(1e-12));
	}

	/** A decision of akash/A8 at propensity 0.5 whose feedback reported {@link #OUTCOME}, stored as scored then. */
	private static EvaluationRow row(long seq, double reward, double latencyScore, boolean refused) {
		return new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), BOTH, "akash", "A8", 0.5, reward,
				Map.of("latency_score", latencyScore, "slo_hit", true, "failures", 0), OUTCOME, refused,
				refused ? Map.of("refused", true, "first_choice", true) : Map.of(), "squarecb", 0.1, seq);
	}

}
