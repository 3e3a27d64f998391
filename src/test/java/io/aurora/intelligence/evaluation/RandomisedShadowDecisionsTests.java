package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.store.EvaluationRow;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.evaluation.EvaluationsTests.candidate;
import static io.aurora.intelligence.evaluation.EvaluationsTests.evaluations;
import static io.aurora.intelligence.evaluation.EvaluationsTests.storeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Shadow decisions whose feedback gave the propensity the caller's rules picked with, as evaluations read them beside
 * the service's own decisions: which are samples, how they are weighted, and the edges of the propensities used.
 */
class RandomisedShadowDecisionsTests {

	private static final List<Map<String, Object>> BOTH = List.of(candidate("akash", "A8"), candidate("vast", "V4"));

	private static final Map<String, Object> SLO_ONLY = Map.of("slo_hit", true);

	private static final Map<String, Object> LATENCY = Map.of("latency_score", 0.5, "slo_hit", true);

	@Test
	void randomisedShadowDecisionsAreWeightedBesideTheServicesOwnSamples() {
		List<EvaluationRow> log = new ArrayList<>();
		// 50 of the service's own decisions, akash/A8 at propensity 0.5, each earning 0.3.
		for (int seq = 1; seq <= 50; seq++) {
			log.add(own(seq, 0.3, LATENCY));
		}
		// 50 shadow decisions: the rules ran 35 on vast/V4 (0.7), earning 0.9, and 15 on akash/A8 (0.3), earning 0.1.
		for (int seq = 51; seq <= 100; seq++) {
			boolean v4 = seq % 10 < 7;
			log.add(ruled(seq, v4, v4 ? 0.9 : 0.1, v4 ? 0.7 : 0.3, LATENCY));
		}
		Evaluation first = evaluations(storeOf(log)).evaluate("first", "squarecb", 0.1, Map.of(), 500);
		assertThat(first.samples()).isEqualTo(100);
		assertThat(first.shadow().sampled()).isEqualTo(50);
		assertThat(first.estimates().get(0).value()).as("IPS of always akash/A8: (50 × 0.3 / 0.5 + 15 × 0.1 / 0.3) / 100")
			.isCloseTo(0.35, within(1e-12));
		Evaluation versus = evaluations(storeOf(log)).evaluate("first", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, "rules");
		assertThat(versus.versus().baseline()).isEqualTo("rules");
		assertThat(versus.versus().samples()).as("on the rules' own decisions only").isEqualTo(50);
		assertThat(versus.versus().difference().value())
			.as("always akash/A8, valued about 0.1 on the rules' decisions, against the 0.66 they earned")
			.isCloseTo(-0.56, within(0.05));
		assertThat(versus.samples()).as("the estimates still use every sample").isEqualTo(100);
	}

	@Test
	void aComparisonWithTheRulesNeedsTheirRandomisedDecisions() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 20; seq++) {
			log.add(own(seq, 0.3, LATENCY));
		}
		log.add(shadowWithout(21, LATENCY));
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, "rules"))
			.isInstanceOf(OffPolicyEvaluator.TooLittleLoggedException.class)
			.hasMessageContaining("ran.propensity")
			.hasMessageContaining("found 0");
	}

	@Test
	void epsilonGreedyOverAModelFittedOnRandomisedShadowDecisionsIsEstimatedNearItsValue() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 200; seq++) {
			boolean v4 = seq % 10 < 7;
			log.add(ruled(seq, v4, v4 ? 0.9 : 0.1, v4 ? 0.7 : 0.3, LATENCY));
		}
		Evaluation e = evaluations(storeOf(log)).evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(),
				500);
		assertThat(e.samples()).isEqualTo(200);
		assertThat(e.supported()).as("the rules gave both candidates a chance").isTrue();
		assertThat(e.meanWeight()).as("0.7 × 0.95 / 0.7 + 0.3 × 0.05 / 0.3").isCloseTo(1, within(1e-9));
		OffPolicyEvaluator.Estimate dr = e.estimates().stream().filter(x -> "dr".equals(x.estimator())).findFirst()
			.orElseThrow();
		assertThat(dr.value()).as("vast/V4 95% of the time: 0.95 × 0.9 + 0.05 × 0.1").isCloseTo(0.86, within(0.03));
	}

	@Test
	void aPropensityOfOneOrBelowAMillionthTrainsTheModelsButIsNoSample() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 10; seq++) {
			log.add(own(seq, 0.3, LATENCY));
		}
		log.add(ruled(11, true, 0.9, 1.0, LATENCY));
		log.add(ruled(12, false, 0.1, 5e-7, LATENCY));
		log.add(ruled(13, false, 0.1, 1e-6, LATENCY));
		Evaluation e = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500);
		assertThat(e.samples()).as("the ten own and the one at a millionth").isEqualTo(11);
		assertThat(e.shadow().decisions()).isEqualTo(3);
		assertThat(e.shadow().sampled()).isEqualTo(1);
	}

	@Test
	void aRandomisedShadowDecisionWithoutTheWeightedObjectiveIsCountedAsIncomplete() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 20; seq++) {
			log.add(own(seq, 0.3, LATENCY));
		}
		for (int seq = 21; seq <= 25; seq++) {
			log.add(ruled(seq, true, 0.9, 0.7, SLO_ONLY));
		}
		log.add(shadowWithout(26, SLO_ONLY));
		Evaluation e = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1,
				Map.of("latency", 1.0), 500);
		assertThat(e.incompleteExcluded()).as("the five samples that reported no latency, not the plain shadow one")
			.isEqualTo(5);
		assertThat(e.samples()).isEqualTo(20);
		assertThat(e.shadow().decisions()).isEqualTo(6);
		assertThat(e.shadow().scored()).isZero();
		assertThat(e.shadow().candidates()).as("counted per candidate although none was scored")
			.extracting(c -> c.sku() + " ran " + c.ran() + ", answered " + c.answered() + ", value " + c.value())
			.containsExactly("V4 ran 6, answered 0, value null", "A8 ran 0, answered 6, value null");
	}

	@Test
	void anOlderRowThatKeptRanEqualToTheAnswerOfAPlacedDecisionIsTheServicesOwnSample() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 10; seq++) {
			log.add(new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), BOTH, "akash", "A8", 0.5, 0.3, LATENCY,
					Map.of(), false, Map.of(), "squarecb", 0.1, seq, "akash", "A8"));
		}
		assertThat(log.get(0).shadow()).isFalse();
		Evaluation e = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500);
		assertThat(e.samples()).isEqualTo(10);
		assertThat(e.shadow()).as("none of them ran where the caller's rules chose").isNull();
	}

	/** The service's own decision of akash/A8 at propensity 0.5. */
	private static EvaluationRow own(long seq, double reward, Map<String, Object> components) {
		return new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), BOTH, "akash", "A8", 0.5, reward, components,
				Map.of(), false, Map.of(), "squarecb", 0.1, seq);
	}

	/** A shadow decision the service answered akash/A8, which ran on the rules' pick at {@code propensity}. */
	private static EvaluationRow ruled(long seq, boolean v4, double reward, @Nullable Double propensity,
			Map<String, Object> components) {
		return new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), BOTH, "akash", "A8", 0.5, reward, components,
				Map.of(), false, Map.of("shadow", true), "squarecb", 0.1, seq, v4 ? "vast" : "akash", v4 ? "V4" : "A8",
				propensity);
	}

	/** A shadow decision whose feedback named vast/V4 without a propensity. */
	private static EvaluationRow shadowWithout(long seq, Map<String, Object> components) {
		return ruled(seq, true, 0.9, null, components);
	}

}
