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

/** An evaluation broken down by the values of one context entry. */
class BreakdownTests {

	private static final List<Map<String, Object>> BOTH = List.of(candidate("akash", "A8"), candidate("vast", "V4"));

	@Test
	void eachSampleCountsTowardsTheReadsBoundAndEachDistinctValueItsTextAndPartBesides() {
		Breakdown.Values values = new Breakdown.Values();
		long first = values.cost("x".repeat(1000));
		assertThat(values.cost("x".repeat(1000))).as("counted, not yet added").isEqualTo(first);
		values.add("x".repeat(1000));
		long repeat = values.cost("x".repeat(1000));
		values.add("x".repeat(1000));
		long absent = values.cost(null);
		values.add(null);
		assertThat(repeat).as("one copy of each value, but its index in the part").isPositive().isEqualTo(absent);
		assertThat(first).as("the text, 2 bytes a character, and the part's list").isGreaterThan(repeat + 2000);
		assertThat(values.list()).hasSize(3);
		assertThat(values.list().get(1)).isSameAs(values.list().get(0));
	}

	@Test
	void eachPartIsExactlyWhatASegmentOfItsValueGives() {
		List<EvaluationRow> log = new ArrayList<>();
		String[] regions = { "us-west", "eu-west", "us-west", "ap-south", "us-west", "eu-west" };
		for (int seq = 1; seq <= 180; seq++) {
			String region = regions[seq % regions.length];
			boolean akash = seq % 3 != 0;
			double reward = region.startsWith("us") == akash ? 0.8 : 0.1 + seq % 4 * 0.05;
			log.add(new EvaluationRow(seq, Map.of("region", region), Map.of(), BOTH, akash ? "akash" : "vast",
					akash ? "A8" : "V4", 0.5, reward, Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, seq));
		}
		// Ten of the rules' random picks in each region: samples, but not the service's own.
		String[] ruledIn = { "us-west", "eu-west", "ap-south" };
		for (int seq = 181; seq <= 210; seq++) {
			boolean v4 = seq % 2 == 0;
			log.add(new EvaluationRow(seq, Map.of("region", ruledIn[seq % 3]), Map.of(), BOTH, "akash", "A8", 0.5,
					v4 ? 0.3 : 0.6, Map.of(), Map.of(), false, Map.of("shadow", true), "squarecb", 0.1, seq,
					v4 ? "vast" : "akash", v4 ? "V4" : "A8", 0.5));
		}
		Evaluations evaluations = evaluations(storeOf(log));
		for (String baseline : List.of("first", "logged")) {
			Evaluation whole = evaluations.evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(), 500, Long.MIN_VALUE,
					baseline, Segment.ALL, "region");
			Breakdown by = whole.breakdown();
			assertThat(by.name()).isEqualTo("region");
			assertThat(by.parts()).extracting(Breakdown.BreakdownPart::value).containsExactly("us-west", "eu-west", "ap-south");
			assertThat(by.parts()).extracting(Breakdown.BreakdownPart::samples).containsExactly(100, 70, 40);
			assertThat(by.leftOut()).isZero();
			for (Breakdown.BreakdownPart part : by.parts()) {
				Evaluation segment = evaluations.evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(), 500, Long.MIN_VALUE,
						baseline, Segment.of(Map.of("region", part.value())));
				assertThat(part.estimates()).as(part.value().toString()).isEqualTo(segment.estimates());
				assertThat(part.supported()).isEqualTo(segment.supported());
				assertThat(part.versus()).as(baseline).isNotNull().isEqualTo(segment.versus());
				assertThat(part.versus().baseline()).isEqualTo(baseline);
				assertThat(part.logged()).as("what the service's own earned there").isNotNull().isEqualTo(segment.logged());
				assertThat(part.versus().samples()).as("logged: the service's own, not the rules' ten")
					.isEqualTo("logged".equals(baseline) ? part.samples() - 10 : part.samples());
			}
			assertThat(whole.estimates()).as("the whole as without a breakdown").isEqualTo(evaluations.evaluate(
					"epsilon-greedy", "squarecb", 0.1, Map.of(), 500, Long.MIN_VALUE, baseline, Segment.ALL).estimates());
		}
	}

	@Test
	void valuesWithFewerThanTwoSamplesOrBeyondTheListedAreLeftOutAndCounted() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 88; seq++) {
			Map<String, Object> context = new HashMap<>();
			if (seq <= 40) {
				context.put("tier", seq % 2 == 0 ? (Object) (seq % 4 == 0 ? 1 : "1.0") : (Object) 2.0);
			}
			else if (seq <= 86) {
				context.put("tier", "t" + seq / 2);
			}
			else if (seq == 87) {
				context.put("tier", "alone");
			}
			log.add(new EvaluationRow(seq, context, Map.of(), BOTH, "akash", "A8", 0.5, 0.5, Map.of(), Map.of(), false,
					Map.of(), "squarecb", 0.1, seq));
		}
		Breakdown by = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500, Long.MIN_VALUE, null,
				Segment.ALL, "tier").breakdown();
		assertThat(by.parts()).hasSize(Breakdown.SHOWN);
		assertThat(by.parts().get(0).value()).as("1 and \"1.0\" are one part, printed as a whole number").isEqualTo(1L);
		assertThat(by.parts().get(1).value()).isEqualTo(2L);
		assertThat(by.parts().get(0).samples()).isEqualTo(20);
		assertThat(by.parts()).allSatisfy(part -> assertThat(part.versus()).isNull());
		assertThat(by.leftOut()).as("of 1, 2, t21..t42 in pairs, t20, t43, alone and none: 28 values, 16 listed")
			.isEqualTo(28 - Breakdown.SHOWN);
	}

	@Test
	void valuesAreGroupedAsSegmentsMatchThemAndEachPartIsItsSegmentsAnswer() {
		List<EvaluationRow> log = new ArrayList<>();
		Object[] gpu = { true, "true", false, "false", List.of("a"), "g".repeat(Segment.MAX_TEXT + 1) };
		for (int seq = 1; seq <= 120; seq++) {
			Map<String, Object> context = new HashMap<>(Map.of("region", seq % 2 == 0 ? "us-west" : "eu-west"));
			context.put("gpu", gpu[seq / 2 % gpu.length]);
			boolean akash = seq % 3 != 0;
			double propensity = seq % 10 == 0 ? 1 : 0.5;
			log.add(new EvaluationRow(seq, context, Map.of(), BOTH, akash ? "akash" : "vast", akash ? "A8" : "V4",
					propensity, akash == (seq % 4 < 2) ? 0.7 : 0.2, Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, seq));
		}
		Evaluations evaluations = evaluations(storeOf(log));
		Segment usWest = Segment.of(Map.of("region", "us-west"));
		Breakdown by = evaluations.evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(), 500, Long.MIN_VALUE, "uniform",
				usWest, "gpu").breakdown();
		assertThat(by.parts()).extracting(Breakdown.BreakdownPart::value).containsExactlyInAnyOrder(true, false, null);
		for (Breakdown.BreakdownPart part : by.parts()) {
			if (part.value() == null) {
				assertThat(part.samples()).as("a list and a long string, less the deterministic: no segment's").isEqualTo(16);
				continue;
			}
			Evaluation segment = evaluations.evaluate("epsilon-greedy", "squarecb", 0.1, Map.of(), 500, Long.MIN_VALUE,
					"uniform", Segment.of(Map.of("region", "us-west", "gpu", part.value())));
			assertThat(part.samples()).isEqualTo(segment.samples());
			assertThat(part.estimates()).isEqualTo(segment.estimates());
			assertThat(part.versus()).isEqualTo(segment.versus());
		}
	}

}
