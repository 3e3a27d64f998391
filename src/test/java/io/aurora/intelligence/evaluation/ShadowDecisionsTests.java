package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.store.EvaluationRow;
import io.aurora.intelligence.strategist.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The summary of shadow decisions: totals, and where the caller's rules and the service part ways. */
class ShadowDecisionsTests {

	private static final Action A8 = new Action("akash", "A8");

	private static final Action V4 = new Action("vast", "V4");

	private static final Action H100 = new Action("ionet", "H100");

	@Test
	void eachCandidateSaysHowOftenTheRulesRanItTheServiceAnsweredItAndWhatItEarned() {
		ShadowDecisions.Tally tally = new ShadowDecisions.Tally();
		for (int i = 0; i < 40; i++) {
			// The rules run vast/V4 three times in four; the service answers akash/A8 every other time.
			Action ran = i % 4 == 0 ? A8 : V4;
			tally.add(ran, i % 2 == 0 ? A8 : V4, false, ran.equals(A8) ? -0.5 : 0.5 + (i % 3) * 0.1, false);
		}
		tally.add(H100, A8, false, Double.NaN, true);
		ShadowDecisions summary = tally.summary();
		assertThat(summary.decisions()).isEqualTo(41);
		assertThat(summary.agreed()).as("A8 on A8 ten times, V4 on V4 twenty").isEqualTo(30);
		assertThat(summary.scored()).isEqualTo(40);
		assertThat(summary.sampled()).isEqualTo(1);
		assertThat(summary.candidates()).extracting(ShadowDecisions.ShadowCandidate::sku).containsExactly("V4", "A8", "H100");
		ShadowDecisions.ShadowCandidate v4 = summary.candidates().get(0);
		assertThat(v4.ran()).isEqualTo(30);
		assertThat(v4.answered()).isEqualTo(20);
		assertThat(v4.value().value()).isCloseTo(0.6, within(0.01));
		assertThat(v4.value().high() - v4.value().low()).as("30 scored: a real interval").isLessThan(0.2);
		ShadowDecisions.ShadowCandidate a8 = summary.candidates().get(1);
		assertThat(a8.ran()).isEqualTo(10);
		assertThat(a8.answered()).isEqualTo(21);
		assertThat(a8.value().value()).isEqualTo(-0.5);
		assertThat(a8.value().low()).as("fewer than 30: the whole range").isEqualTo(-1);
		ShadowDecisions.ShadowCandidate h100 = summary.candidates().get(2);
		assertThat(h100.ran()).isEqualTo(1);
		assertThat(h100.answered()).isZero();
		assertThat(h100.value()).as("none scored").isNull();
	}

	@Test
	void agreementWithoutExplorationsCountsOnlyTheAnswersTheServiceEstimatedBestInTotalAndPerCandidate() {
		ShadowDecisions.Tally tally = new ShadowDecisions.Tally();
		for (int i = 0; i < 20; i++) {
			// The rules always run V4; the service answers V4 when it exploits and A8 on its four explorations, and
			// one exploration draws V4.
			boolean explored = i % 5 == 0;
			tally.add(V4, explored && i != 0 ? A8 : V4, explored, 0.5, false);
		}
		tally.add(V4, A8, false, 0.5, false);
		tally.add(V4, V4, null, 0.5, false);
		ShadowDecisions summary = tally.summary();
		assertThat(summary.decisions()).isEqualTo(22);
		assertThat(summary.explored()).isEqualTo(4);
		assertThat(summary.exploited()).as("the failover placement is neither").isEqualTo(17);
		assertThat(summary.agreed()).as("16 exploiting answers, one exploration and the failover named V4").isEqualTo(18);
		assertThat(summary.agreedExploiting()).as("of the 17 answers that exploited, 16 named V4").isEqualTo(16);
		assertThat(summary.whyTooFewSamples(0)).contains("on 18 of them (16 of the 17 answers its policy labelled exploit)");
		assertThat(summary.whyTooFewSamples(0)).contains("and 0 were samples (");
		assertThat(summary.candidates())
			.extracting(c -> c.sku() + " ran " + c.ran() + ", answered " + c.answered() + ", exploited " + c.exploited())
			.as("V4: 16 exploiting, one exploration and the failover; A8: three explorations and one exploiting answer")
			.containsExactly("V4 ran 22, answered 18, exploited 16", "A8 ran 0, answered 4, exploited 1");
	}

	@Test
	void theSummaryListsTheMostOftenRunFirstAndFollowsABoundedNumberOfCandidates() {
		ShadowDecisions.Tally tally = new ShadowDecisions.Tally();
		int decisions = 0;
		for (int i = 0; i < ShadowDecisions.FOLLOWED; i++) {
			Action ran = new Action("p" + i, "s");
			for (int k = 0; k <= i % 20; k++) {
				tally.add(ran, ran, false, 0.1, false);
				decisions++;
			}
		}
		Action late = new Action("late", "L1");
		for (int k = 0; k < 50; k++) {
			tally.add(late, late, false, 0.1, false);
		}
		ShadowDecisions summary = tally.summary();
		assertThat(summary.candidates()).hasSize(ShadowDecisions.SHOWN);
		assertThat(summary.candidates()).allSatisfy(c -> assertThat(c.ran()).isEqualTo(20));
		assertThat(summary.candidates().get(0).provider()).as("ties by name").isEqualTo("p1019");
		assertThat(summary.candidates()).as("met once the bound was reached: in the totals only")
			.noneMatch(c -> c.provider().equals("late"));
		assertThat(summary.decisions()).isEqualTo(decisions + 50);
		assertThat(new ShadowDecisions.Tally().summary()).isNull();
	}

	@Test
	void aPlacedDecisionWhoseFeedbackNamedAnotherCandidateIsCountedAsTheRulesOnlyInItsSegment() {
		List<Map<String, Object>> both = List.of(EvaluationsTests.candidate("akash", "A8"),
				EvaluationsTests.candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 14; seq++) {
			boolean overridden = seq > 10;
			log.add(new EvaluationRow(seq, Map.of("region", overridden ? "eu-west" : "us-east"), Map.of(), both, "akash",
					"A8", 0.5, 0.4, Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, seq, overridden ? "vast" : null,
					overridden ? "V4" : null));
		}
		Evaluation all = EvaluationsTests.evaluations(EvaluationsTests.storeOf(log)).evaluate("uniform", "squarecb", 0.1,
				Map.of(), 500);
		assertThat(all.shadow().candidates())
			.extracting(c -> c.sku() + " ran " + c.ran() + ", answered " + c.answered())
			.containsExactly("V4 ran 4, answered 0", "A8 ran 0, answered 4");
		Evaluation us = EvaluationsTests.evaluations(EvaluationsTests.storeOf(log)).evaluate("uniform", "squarecb", 0.1,
				Map.of(), 500, Long.MIN_VALUE, null, Segment.of(Map.of("region", "us-east")));
		assertThat(us.shadow()).isNull();
	}

	@Test
	void aCandidateTheServiceAnswersOftenAndTheRulesNeverRunIsListedAfterThoseRun() {
		ShadowDecisions.Tally tally = new ShadowDecisions.Tally();
		Action favourite = new Action("zeta", "Z1");
		for (int i = 0; i < 2 * ShadowDecisions.SHOWN; i++) {
			tally.add(new Action("p" + i, "s"), i % 2 == 0 ? favourite : new Action("p" + i, "s"), false, 0.2, false);
		}
		ShadowDecisions summary = tally.summary();
		assertThat(summary.candidates()).hasSize(ShadowDecisions.SHOWN);
		ShadowDecisions.ShadowCandidate last = summary.candidates().get(ShadowDecisions.SHOWN - 1);
		assertThat(last.provider()).as("answered 16 times, run never: among the 16 most involved").isEqualTo("zeta");
		assertThat(last.ran()).isZero();
		assertThat(last.answered()).isEqualTo(ShadowDecisions.SHOWN);
		assertThat(last.value()).isNull();
	}

}
