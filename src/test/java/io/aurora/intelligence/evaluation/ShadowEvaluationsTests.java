package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.store.EvaluationRow;
import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.evaluation.EvaluationsTests.candidate;
import static io.aurora.intelligence.evaluation.EvaluationsTests.evaluations;
import static io.aurora.intelligence.evaluation.EvaluationsTests.row;
import static io.aurora.intelligence.evaluation.EvaluationsTests.storeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Evaluations of logs holding decisions whose task ran where the caller's own scheduler chose: left out of the
 * estimates and summed up as the rules' own measure, samples when the rules said with what propensity they chose.
 */
class ShadowEvaluationsTests {

	@Test
	void decisionsThatRanWhereTheCallersSchedulerChoseAreLeftOutOfTheEstimatesAndMeasureItsRules() {
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 120; seq++) {
			boolean shadow = seq % 3 == 0;
			String ran = seq % 12 == 0 ? "akash" : "vast";
			// Every twelfth was a shadow decision whose feedback left ran out: its answer, akash/A8, ran.
			boolean named = shadow && seq % 12 != 0;
			log.add(new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), both, "akash", "A8", 0.5,
					shadow ? (seq % 2 == 0 ? 0.9 : 0.7) : 0.3, Map.of(), Map.of(), false,
					shadow ? Map.of("shadow", true) : Map.of(), "squarecb", 0.1, seq, named ? ran : null,
					named ? "V4" : null));
		}
		Evaluation e = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 200);
		assertThat(e.samples()).as("only the decisions that ran where the service placed them").isEqualTo(80);
		assertThat(e.deterministicExcluded()).isZero();
		assertThat(e.estimates().get(0).value()).as("IPS, every weight 1: the shadow rewards are not mixed in")
			.isCloseTo(0.3, within(1e-12));
		ShadowDecisions shadow = e.shadow();
		assertThat(shadow).isNotNull();
		assertThat(shadow.decisions()).isEqualTo(40);
		assertThat(shadow.agreed()).as("the service answered akash/A8, which ran on every twelfth").isEqualTo(10);
		assertThat(shadow.scored()).isEqualTo(40);
		assertThat(shadow.value().value()).as("the rules' own mean reward").isCloseTo(0.8, within(1e-12));
		assertThat(shadow.value().low()).isLessThan(0.8);
		assertThat(shadow.value().high()).isGreaterThan(0.8).isLessThan(0.9);
		assertThat(evaluations(storeOf(log.stream().filter(r -> !r.shadow()).toList()))
			.evaluate("uniform", "squarecb", 0.1, Map.of(), 200).shadow()).as("none read").isNull();
		Evaluation recent = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 200, 31);
		assertThat(recent.samples()).as("received at 31 ms or later").isEqualTo(60);
		assertThat(recent.shadow().decisions()).as("since applies to shadow decisions too").isEqualTo(30);
		assertThat(recent.shadow().agreed()).as("at 36, 48, … 120 ms").isEqualTo(8);
		assertThat(recent.shadow().value().low()).isGreaterThan(-1);
		Evaluation few = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 200, 91);
		assertThat(few.shadow().scored()).isEqualTo(10);
		assertThat(few.shadow().value().low()).as("too few for a trusted interval, as samples").isEqualTo(-1);
	}

	@Test
	void shadowDecisionsTrainTheFittedTargetAsTheyTrainedTheLiveModel() {
		// Each of the service's own decisions is in a region of its own, seen otherwise only by the rules' shadow
		// decisions there: vast/V4 earned 1 and akash/A8 0. Fitted on the samples alone, the greedy target would know
		// nothing of a sample's region and tie (a value of 0.5); fitted on the shadow decisions too, it chooses V4.
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		long seq = 0;
		for (int i = 0; i < 40; i++) {
			Map<String, Object> region = Map.of("region", "r" + i);
			for (String ran : List.of("V4", "A8")) {
				seq++;
				log.add(new EvaluationRow(seq, region, Map.of(), both, "akash", "A8", 0.5, "V4".equals(ran) ? 1 : 0, Map.of(),
						Map.of(), false, Map.of("shadow", true), "squarecb", 0.1, seq, "V4".equals(ran) ? "vast" : "akash", ran));
			}
			seq++;
			boolean v4 = i % 2 == 0;
			log.add(new EvaluationRow(seq, region, Map.of(), both, v4 ? "vast" : "akash", v4 ? "V4" : "A8", 0.5, v4 ? 1 : 0,
					Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, seq, null, null));
		}
		Evaluation e = evaluations(storeOf(log)).evaluate("epsilon-greedy", "q-table", 0, Map.of(), 1_000);
		assertThat(e.samples()).isEqualTo(40);
		assertThat(e.shadow().decisions()).isEqualTo(80);
		assertThat(e.estimates().get(0).estimator()).isEqualTo("ips");
		assertThat(e.estimates().get(0).value()).as("V4 on every sample that chose it, weighted 1 / 0.5")
			.isCloseTo(1, within(1e-12));
		Evaluation unaided = evaluations(storeOf(log.stream().filter(r -> !r.shadow()).toList()))
			.evaluate("epsilon-greedy", "q-table", 0, Map.of(), 1_000);
		assertThat(unaided.estimates().get(0).value()).as("a tie in every region it never saw").isCloseTo(0.5, within(1e-12));
	}

	@Test
	void shadowDecisionsOfRulesThatChoseAtRandomWithAGivenPropensityAreSamples() {
		// Weighted round robin: vast/V4 seven times in ten (reward 0.9), akash/A8 three (0.1); ten more overrode a
		// decision the service would have placed, whose propensity says nothing of the service's choice.
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 110; seq++) {
			boolean override = seq > 100;
			boolean v4 = override || seq % 10 < 7;
			log.add(new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), both, "akash", "A8", 0.5, v4 ? 0.9 : 0.1,
					Map.of(), Map.of(), false, override ? Map.of() : Map.of("shadow", true), "squarecb", 0.1, seq,
					v4 ? "vast" : "akash", v4 ? "V4" : "A8", v4 ? 0.7 : 0.3));
		}
		Evaluation uniform = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 200);
		assertThat(uniform.samples()).isEqualTo(100);
		assertThat(uniform.shadow().decisions()).isEqualTo(110);
		assertThat(uniform.shadow().sampled()).isEqualTo(100);
		assertThat(uniform.estimates().get(0).value()).as("IPS: (70 × 0.9 / 0.7 + 30 × 0.1 / 0.3) / 2 / 100")
			.isCloseTo(0.5, within(1e-12));
		assertThat(evaluations(storeOf(log)).evaluate("first", "squarecb", 0.1, Map.of(), 200).estimates().get(0).value())
			.as("always akash/A8, listed first").isCloseTo(0.1, within(1e-12));
	}

	@Test
	void aLogOfShadowDecisionsAloneIsTooLittleAndSaysWhatTheRulesEarned() {
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 10; seq++) {
			// Three were shadow decisions on which the service explored, answering vast/V4, which the rules ran; the
			// last a failover placement of akash/A8 after the policy's exploring choice failed, neither of the two.
			boolean explored = seq % 3 == 0;
			Map<String, Object> router = explored ? Map.of("shadow", true) : seq == 10 ? Map.of("first_choice", false) : Map.of();
			log.add(new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), both, explored ? "vast" : "akash",
					explored ? "V4" : "A8", 0.5, 0.5, Map.of(), Map.of(), false, router, "squarecb", 0.1, seq, "vast", "V4",
					null, explored || seq == 10));
		}
		log.add(row(11, both));
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100))
			.isInstanceOf(OffPolicyEvaluator.TooLittleLoggedException.class)
			.hasMessageContaining("10 ran where your own scheduler chose")
			.hasMessageContaining("1 was a sample (the service's own choices")
			.hasMessageContaining("a mean of 0.5 (95% interval -1.0 to 1.0, over 10)")
			.hasMessageContaining("on 3 of them (0 of the 6 answers its policy labelled exploit)");
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of("latency", 1.0), 100))
			.as("no shadow feedback reported a latency").hasMessageContaining("None of your rules' decisions reported");
		List<EvaluationRow> single = new ArrayList<>(log);
		single.add(new EvaluationRow(12, Map.of("region", "eu-west"), Map.of(), List.of(candidate("vast", "V4")), "vast", "V4",
				1, 0.5, Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, 12, "vast", "V4"));
		Evaluation e = evaluations(storeOf(single)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100);
		assertThat(e.samples()).as("with one candidate, no rule chose: the decision is a sample like any").isEqualTo(2);
		assertThat(e.shadow().decisions()).isEqualTo(10);
	}

}
