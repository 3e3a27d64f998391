package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.aurora.intelligence.store.EvaluationRow;
import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.evaluation.EvaluationsTests.candidate;
import static io.aurora.intelligence.evaluation.EvaluationsTests.evaluations;
import static io.aurora.intelligence.evaluation.EvaluationsTests.storeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Logged decisions that are no sample of the policy (failover placements, refused fallbacks, decisions made
 * deterministically) are not scored, but train the fitted target and reward models, as they trained the live model.
 */
class TrainingOnlyDecisionsTests {

	private static final List<Map<String, Object>> BOTH = List.of(candidate("akash", "A8"), candidate("vast", "V4"));

	@Test
	void failoverPlacementsTrainTheFittedTarget() {
		assertTheFittedTargetChoosesV4(region -> row(0, region, "vast", "V4", 0.5, 1, Map.of("first_choice", false, "placed", true,
				"status", "ok", "attempts", List.of(Map.of("provider", "akash", "sku", "A8", "status", "rejected"),
						Map.of("provider", "vast", "sku", "V4", "status", "ok")))));
	}

	@Test
	void deterministicDecisionsTrainTheFittedTarget() {
		Evaluation e = assertTheFittedTargetChoosesV4(region -> row(0, region, "vast", "V4", 1.0, 1, Map.of()));
		assertThat(e.deterministicExcluded()).isEqualTo(40);
	}

	/**
	 * Each sample is in a region of its own, seen otherwise only by the decision {@code other} makes for it, which earned
	 * vast/V4 a reward of 1. Fitted on the samples alone, the greedy target knows nothing of a sample's region and ties
	 * (a value of 0.5); fitted on the other decisions too, it chooses V4.
	 */
	private static Evaluation assertTheFittedTargetChoosesV4(Function<Map<String, Object>, EvaluationRow> other) {
		List<EvaluationRow> log = new ArrayList<>();
		List<EvaluationRow> samples = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			Map<String, Object> region = Map.of("region", "r" + i);
			EvaluationRow o = other.apply(region);
			log.add(row(log.size() + 1, region, o.provider(), o.sku(), o.propensity(), o.reward(), o.router()));
			boolean v4 = i % 2 == 0;
			EvaluationRow sample = row(log.size() + 1, region, v4 ? "vast" : "akash", v4 ? "V4" : "A8", 0.5, v4 ? 1 : 0, Map.of());
			log.add(sample);
			samples.add(sample);
		}
		Evaluation e = evaluations(storeOf(log)).evaluate("epsilon-greedy", "q-table", 0, Map.of(), 1_000);
		assertThat(e.samples()).isEqualTo(40);
		assertThat(e.estimates().get(0).estimator()).isEqualTo("ips");
		assertThat(e.estimates().get(0).value()).as("V4 on every sample that chose it, weighted 1 / 0.5")
			.isCloseTo(1, within(1e-12));
		Evaluation samplesOnly = evaluations(storeOf(samples)).evaluate("epsilon-greedy", "q-table", 0, Map.of(), 1_000);
		assertThat(samplesOnly.estimates().get(0).value()).as("a tie in every region it never saw")
			.isCloseTo(0.5, within(1e-12));
		return e;
	}

	private static EvaluationRow row(long seq, Map<String, Object> context, String provider, String sku, double propensity,
			double reward, Map<String, Object> router) {
		return new EvaluationRow(seq, context, Map.of(), BOTH, provider, sku, propensity, reward, Map.of(), Map.of(), false,
				router, "squarecb", 0.1, seq, null, null);
	}

}
