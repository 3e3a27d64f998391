package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.store.EvaluationRow;
import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.evaluation.EvaluationsTests.candidate;
import static io.aurora.intelligence.evaluation.EvaluationsTests.evaluations;
import static io.aurora.intelligence.evaluation.EvaluationsTests.storeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** An evaluation of one segment of the traffic: the decisions whose context held the entries asked for. */
class SegmentEvaluationsTests {

	private static final List<Map<String, Object>> BOTH = List.of(candidate("akash", "A8"), candidate("vast", "V4"));

	@Test
	void onlyTheDecisionsWhoseContextHoldsEveryEntryAreEvaluated() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 60; seq++) {
			boolean eu = seq % 3 == 0;
			Map<String, Object> context = eu ? Map.of("region", "eu-west", "cpu", 8) : Map.of("region", "us-east", "cpu", 8.0);
			log.add(new EvaluationRow(seq, context, Map.of(), BOTH, "akash", "A8", 0.5, eu ? 0.9 : 0.1, Map.of(), Map.of(),
					false, Map.of(), "squarecb", 0.1, seq));
		}
		OffPolicyEvaluator.Evaluation eu = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, null, Map.of("region", "eu-west"));
		assertThat(eu.samples()).isEqualTo(20);
		assertThat(eu.estimates().get(0).value()).as("IPS, every weight 1").isCloseTo(0.9, within(1e-12));
		OffPolicyEvaluator.Evaluation cpu = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, null, Map.of("cpu", 8, "region", "us-east"));
		assertThat(cpu.samples()).as("8 is 8.0, and both entries must hold").isEqualTo(40);
		OffPolicyEvaluator.Evaluation all = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, null, Map.of());
		assertThat(all.samples()).isEqualTo(60);
	}

	@Test
	void aSegmentWithTooFewDecisionsAmongThoseReadSaysWhichSegmentAndLimit() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 60; seq++) {
			log.add(new EvaluationRow(seq, Map.of("region", seq == 1 ? "eu-west" : "us-east"), Map.of(), BOTH, "akash", "A8",
					0.5, 0.5, Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, seq));
		}
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 50,
				Long.MIN_VALUE, null, Map.of("region", "eu-west")))
			.isInstanceOf(OffPolicyEvaluator.TooLittleLoggedException.class)
			.hasMessageContaining("whose context holds {region=eu-west} among the newest 50 read, found 0");
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, null, Map.of("region", true)))
			.as("a boolean is not the string").hasMessageContaining("found 0");
	}

}
