package io.aurora.intelligence.evaluation;

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
			tally.add(ran, i % 2 == 0 ? A8 : V4, ran.equals(A8) ? -0.5 : 0.5 + (i % 3) * 0.1, false);
		}
		tally.add(H100, A8, Double.NaN, true);
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
	void theSummaryListsTheMostOftenRunFirstAndFollowsABoundedNumberOfCandidates() {
		ShadowDecisions.Tally tally = new ShadowDecisions.Tally();
		for (int i = 0; i < ShadowDecisions.FOLLOWED + 10; i++) {
			Action ran = new Action("p" + i, "s");
			for (int k = 0; k <= i % 20; k++) {
				tally.add(ran, ran, 0.1, false);
			}
		}
		ShadowDecisions summary = tally.summary();
		assertThat(summary.candidates()).hasSize(ShadowDecisions.SHOWN);
		assertThat(summary.candidates()).allSatisfy(c -> assertThat(c.ran()).isEqualTo(20));
		assertThat(summary.candidates().get(0).provider()).as("ties by name").isEqualTo("p1019");
		assertThat(new ShadowDecisions.Tally().summary()).isNull();
	}

}
