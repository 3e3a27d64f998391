package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
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
	void onlyTheDecisionsWhoseContextHoldsEveryEntryAreScored() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 60; seq++) {
			boolean eu = seq % 3 == 0;
			Map<String, Object> context = eu ? Map.of("region", "eu-west", "cpu", 8, "gpu", "true")
					: Map.of("region", "us-east", "cpu", seq % 2 == 0 ? 8.0 : "4", "gpu", seq % 2 == 0);
			log.add(row(seq, context, "akash", "A8", eu ? 0.9 : 0.1));
		}
		Evaluations evaluations = evaluations(storeOf(log));
		Evaluation eu = evaluate(evaluations, Segment.of(Map.of("region", "eu-west")));
		assertThat(eu.samples()).isEqualTo(20);
		assertThat(eu.read()).as("every decision read, in the segment or not").isEqualTo(60);
		assertThat(eu.estimates().get(0).value()).as("IPS, every weight 1").isCloseTo(0.9, within(1e-12));
		assertThat(evaluate(evaluations, Segment.of(Map.of("cpu", "8000m", "region", "us-east"))).samples())
			.as("8 cores, as the model read them, and both entries must hold").isEqualTo(20);
		assertThat(evaluate(evaluations, Segment.of(Map.of("cpu", 4))).samples()).isEqualTo(20);
		assertThat(evaluate(evaluations, Segment.of(Map.of("gpu", true))).samples())
			.as("true, and the string \"true\"").isEqualTo(40);
		assertThat(evaluate(evaluations, Segment.ALL).samples()).isEqualTo(60);
	}

	@Test
	void aSmallSegmentIsScoredByThePolicyEveryDecisionReadTrains() {
		// Everywhere akash/A8 earns 0.9 and vast/V4 0.1; the four eu-west decisions all chose vast/V4.
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 200; seq++) {
			boolean eu = seq % 50 == 0;
			boolean akash = !eu && seq % 2 == 0;
			log.add(row(seq, Map.of("region", eu ? "eu-west" : "us-east"), akash ? "akash" : "vast", akash ? "A8" : "V4",
					akash ? 0.9 : 0.1));
		}
		Evaluation eu = evaluations(storeOf(log)).evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(),
				500, Long.MIN_VALUE, null, Segment.of(Map.of("region", "eu-west")));
		assertThat(eu.samples()).isEqualTo(4);
		assertThat(eu.estimates().get(0).value()).as("IPS: the target rarely takes vast/V4, what eu-west logged")
			.isLessThan(0.02);
		assertThat(eu.estimates().get(2).value()).as("DR: it takes akash/A8, which earns 0.9 everywhere").isGreaterThan(0.6);
	}

	@Test
	void aSegmentOfEveryDecisionIsScoredExactlyAsTheWholeLog() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 120; seq++) {
			boolean akash = seq % 3 != 0;
			Map<String, Object> context = seq % 2 == 0 ? Map.of("cpu", seq % 4 == 0 ? 8 : 2) : Map.of("cpu", 8, "region", " ");
			log.add(row(seq, context, akash ? "akash" : "vast", akash ? "A8" : "V4", akash ? 0.2 + seq % 5 * 0.1 : 0.7));
		}
		Evaluations evaluations = evaluations(storeOf(log));
		Evaluation whole = evaluations.evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, "first", Segment.ALL);
		Evaluation global = evaluations.evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, "first", Segment.of(Map.of("region", "global")));
		assertThat(global.estimates()).as("every decision is in global: the same folds, models and scores")
			.isEqualTo(whole.estimates());
		assertThat(global.versus()).isEqualTo(whole.versus());
		Evaluation eight = evaluations.evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, "first", Segment.of(Map.of("cpu", 8)));
		assertThat(eight.samples()).isEqualTo(90);
		assertThat(eight.estimates()).isNotEqualTo(whole.estimates());
	}

	@Test
	void aSegmentWithTooFewDecisionsSaysWhichSegmentAndHowManyWereRead() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 60; seq++) {
			log.add(row(seq, Map.of("region", seq == 1 ? "eu-west" : "us-east"), "akash", "A8", 0.5));
		}
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 50,
				Long.MIN_VALUE, null, Segment.of(Map.of("region", "eu-west"))))
			.isInstanceOf(OffPolicyEvaluator.TooLittleLoggedException.class)
			.hasMessage("in the segment {\"region\": \"eu-west\"} (the decisions whose context held it): need at least "
					+ "two logged decisions with feedback among the 50 read (limit 50), found 0");
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, null, Segment.of(Map.of("region", "eu-west"))))
			.hasMessageContaining("among the 60 read (limit 500), found 1");
	}

	@Test
	void aSegmentOfShadowDecisionsOnlyIsRefusedNamingTheSegment() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 40; seq++) {
			boolean eu = seq % 2 == 0;
			Map<String, Object> router = eu ? Map.of("shadow", true) : Map.of();
			log.add(new EvaluationRow(seq, Map.of("region", eu ? "eu-west" : "us-east"), Map.of(), BOTH, "akash", "A8", 0.5,
					0.5, Map.of(), Map.of(), false, router, "squarecb", 0.1, seq, eu ? "vast" : null, eu ? "V4" : null, null));
		}
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, null, Segment.of(Map.of("region", "eu-west"))))
			.hasMessageStartingWith("in the segment {\"region\": \"eu-west\"}")
			.hasMessageContaining("20 ran where your own scheduler chose");
		Evaluation us = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, null, Segment.of(Map.of("region", "us-east")));
		assertThat(us.samples()).isEqualTo(20);
		assertThat(us.shadow()).as("the shadow decisions outside the segment are not summed up").isNull();
	}

	@Test
	void aSegmentWithSinceAndTheRulesBaselineComparesTheRulesOnTheSegmentsOwnDecisions() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 120; seq++) {
			boolean eu = seq % 2 == 0;
			boolean a8 = seq % 4 < 2;
			Map<String, Object> router = new HashMap<>(Map.of("shadow", true));
			log.add(new EvaluationRow(seq, Map.of("region", eu ? "eu-west" : "us-east"), Map.of(), BOTH, "akash", "A8", 0.5,
					a8 == eu ? 0.8 : 0.2, Map.of(), Map.of(), false, router, "squarecb", 0.1, seq, a8 ? "akash" : "vast",
					a8 ? "A8" : "V4", 0.5));
		}
		Evaluation eu = evaluations(storeOf(log)).evaluate("first", "squarecb", 0.1, Map.of(), 500,
				61, "rules", Segment.of(Map.of("region", "eu-west")));
		assertThat(eu.samples()).as("the eu-west decisions received since 61").isEqualTo(30);
		assertThat(eu.read()).as("those received since 61").isEqualTo(60);
		assertThat(eu.versus().samples()).isEqualTo(30);
		assertThat(eu.shadow().decisions()).isEqualTo(30);
		assertThat(eu.versus().difference().value()).as("in eu-west akash/A8, first, earns 0.8, the rules 0.5")
			.isCloseTo(0.3, within(0.15));
	}

	private static EvaluationRow row(long seq, Map<String, Object> context, String provider, String sku, double reward) {
		return new EvaluationRow(seq, context, Map.of(), BOTH, provider, sku, 0.5, reward, Map.of(), Map.of(), false,
				Map.of(), "squarecb", 0.1, seq);
	}

	private static Evaluation evaluate(Evaluations evaluations, Segment segment) {
		return evaluations.evaluate("uniform", "squarecb", 0.1, Map.of(), 500, Long.MIN_VALUE, null, segment);
	}

}
