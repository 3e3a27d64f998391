package io.aurora.intelligence.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.auditor.ModelBusyException;
import io.aurora.intelligence.auditor.ModelCopies;
import io.aurora.intelligence.store.EvaluationRow;
import io.aurora.intelligence.store.TraceStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class EvaluationsTests {

	@Test
	void anUnknownPolicyOrModelIsRefusedBeforeTheLogIsReadNamingItsField() {
		TraceStore store = mock(TraceStore.class);
		Evaluations evaluations = evaluations(store);
		assertThatThrownBy(() -> evaluations.evaluate("bogus", "squarecb", 0.1, Map.of(), 100_000))
			.isInstanceOfSatisfying(InvalidFieldException.class, ex -> assertThat(ex.field()).isEqualTo("policy"));
		assertThatThrownBy(() -> evaluations.evaluate("uniform", "neural", 0.1, Map.of(), 100_000))
			.isInstanceOfSatisfying(InvalidFieldException.class, ex -> assertThat(ex.field()).isEqualTo("model"));
		assertThatThrownBy(() -> evaluations.evaluate("uniform", "squarecb", 0.1, Map.of(), 100_000, Long.MIN_VALUE,
				"epsilon-greedy"))
			.as("a baseline learns nothing from the log")
			.isInstanceOfSatisfying(InvalidFieldException.class, ex -> assertThat(ex.field()).isEqualTo("baseline"));
		verifyNoInteractions(store);
	}

	@Test
	void anEvaluationWhileAnotherCopyOfTheModelIsMadeWaitsThenIsRefusedBeforeFittingAnything() throws Exception {
		TraceStore store = mock(TraceStore.class);
		ModelCopies copies = new ModelCopies(50);
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread export = new Thread(() -> {
			try (ModelCopies.Held slot = copies.take("an export")) {
				held.countDown();
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		export.start();
		assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
		try {
			assertThatThrownBy(() -> new Evaluations(store, copies).evaluate("uniform", "squarecb", 0.1, Map.of(), 100))
				.as("refused, not judged on the (empty) log it read")
				.isInstanceOfSatisfying(ModelBusyException.class, ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(2));
		}
		finally {
			release.countDown();
			export.join(5_000);
		}
	}

	@Test
	void readPagesThroughTheLogNewestFirstAndKeepsOneCopyOfEachCandidate() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 600; seq++) {
			log.add(row(seq, List.of(candidate("akash", "A8"), candidate("vast", "V4"))));
		}
		TraceStore store = storeOf(log);
		List<LoggedDecision> read = new EvaluationLog(store).read(500, Map.of()).decisions();
		assertThat(read).hasSize(500);
		assertThat(read.get(0).reward()).isEqualTo(600);
		assertThat(read.get(499).reward()).isEqualTo(101);
		assertThat(read.get(0).actions().get(0)).isSameAs(read.get(499).actions().get(0));
		verify(store, atLeast(2)).evaluationPage(anyLong(), anyInt());
	}

	@Test
	void readSinceKeepsOnlyFeedbackReceivedFromThenAndStopsAtTheFirstPageWhollyBefore() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 2_000; seq++) {
			log.add(row(seq, List.of(candidate("akash", "A8"), candidate("vast", "V4"))));
		}
		TraceStore store = storeOf(log);
		List<LoggedDecision> read = new EvaluationLog(store).read(10_000, Map.of(), 1_701).decisions();
		assertThat(read).as("received at 1,701 ms to 2,000 ms").hasSize(300);
		assertThat(read.get(0).reward()).isEqualTo(2_000);
		assertThat(read.get(299).reward()).isEqualTo(1_701);
		verify(store, times(3)).evaluationPage(anyLong(), anyInt());
	}

	@Test
	void readStopsAtItsMemoryBudgetKeepingTheNewestDecisions() {
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 2_000; seq++) {
			List<Map<String, Object>> candidates = new ArrayList<>();
			for (int c = 0; c < 256; c++) {
				candidates.add(candidate("p".repeat(200) + seq, "s".repeat(200) + c));
			}
			log.add(row(seq, candidates));
		}
		EvaluationLog.Logged logged = new EvaluationLog(storeOf(log)).read(2_000, Map.of());
		List<LoggedDecision> read = logged.decisions();
		long estimated = (long) read.size() * 256 * (8 + 128 + 2 * 403);
		assertThat(read).isNotEmpty().hasSizeLessThan(2_000);
		assertThat(logged.read()).as("the decisions kept, not the one that passed the budget").isEqualTo(read.size());
		assertThat(estimated).isLessThanOrEqualTo(EvaluationLog.MAX_LOG_BYTES);
		assertThat(read.get(0).reward()).isEqualTo(2_000);
	}

	@Test
	void aRefusedFirstChoiceIsItsDecisionsSampleWhileFailoverPlacementsAndRefusedFallbacksAreLeftOut() {
		List<Map<String, Object>> candidates = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = List.of(
				row(1, candidates, Map.of("refused", true, "first_choice", true)),
				row(2, candidates, Map.of("refused", true, "first_choice", false)),
				row(3, candidates, Map.of("attempts", List.of(Map.of(), Map.of()))),
				row(4, candidates, Map.of("attempts", List.of(Map.of()), "placed", true)),
				row(5, candidates, Map.of("refused", true)),
				row(6, candidates, Map.of("attempts", List.of(Map.of()), "placed", false, "status", "rejected")),
				row(7, candidates, Map.of("attempts", List.of(Map.of()), "placed", false, "status", "open")),
				row(8, candidates, Map.of("attempts", List.of(Map.of()), "placed", false, "status", "error")),
				row(9, candidates, Map.of("attempts", List.of(status("error"), status("error")), "placed", false,
						"first_choice", true, "status", "error")),
				row(10, candidates, Map.of("attempts", List.of(status("rejected"), status("ok")), "placed", true,
						"first_choice", false, "status", "ok")),
				row(11, candidates, Map.of("attempts", List.of(status("rejected"), status("error")), "placed", false,
						"first_choice", true, "status", "error")),
				row(12, candidates, Map.of("attempts", List.of(status("error"), status("rejected")), "placed", false,
						"first_choice", true, "status", "rejected")));
		List<LoggedDecision> read = new EvaluationLog(storeOf(log)).read(20, Map.of()).decisions();
		assertThat(read).as("the policy's own choices: placed, no router, every attempt failed, or a fallback refused after "
				+ "the first choice failed; not failovers, nor decisions whose first choice's refusal is the sample")
			.extracting(LoggedDecision::reward)
			.containsExactly(12.0, 9.0, 8.0, 7.0, 4.0, 1.0);
	}

	private static Map<String, Object> status(String status) {
		return Map.of("provider", "akash", "sku", "A8", "status", status);
	}

	@Test
	void decisionsLoggedDeterministicallyAreLeftOutAndALogOfNothingElseIsRefused() {
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 40; seq++) {
			log.add(row(seq, both, Map.of(), seq % 4 == 0 ? 1.0 : 0.5));
		}
		log.add(row(41, List.of(candidate("akash", "A8")), Map.of(), 1.0));
		List<Map<String, Object>> three = List.of(candidate("akash", "A8"), candidate("vast", "V4"), candidate("io", "I1"));
		log.add(row(42, three, Map.of(), 0.5, "ucb"));
		log.add(row(43, three, Map.of(), 0.5, "q-table", 0));
		log.add(row(44, three, Map.of(), 0.5 * 0.99 + 0.01 / 3, "q-table", 0.01));
		log.add(row(45, three, Map.of(), 1.0 / 3, "q-table", 0));
		log.add(row(46, three, Map.of(), 1.0 / 3, "ucb"));
		log.add(row(47, three, Map.of(), 1 - 2e-10, "q-table", 3e-10));
		log.add(row(48, three, Map.of(), 1e-10, "q-table", 3e-10));
		Evaluation e = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100);
		assertThat(e.deterministicExcluded()).as("propensity 1 among two candidates, and ucb's and an ε of 0's 1/2 over a tie "
				+ "that left the third no chance, and an ε decayed to 3e-10, greedy or exploring; a lone candidate's 1 is "
				+ "no choice, an ε of 0.01 gave every candidate one, and so did a tie of all three")
			.isEqualTo(14);
		assertThat(e.samples()).isEqualTo(34);

		List<EvaluationRow> byUcb = new ArrayList<>();
		for (int seq = 1; seq <= 40; seq++) {
			byUcb.add(row(seq, both, Map.of(), 1.0));
		}
		assertThatThrownBy(() -> evaluations(storeOf(byUcb)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deterministically");
	}

	@Test
	void aBaselineTheLogDoesNotSupportLeavesTheDifferenceUnboundedAndSaysSo() {
		// Every decision chose its first candidate, at a propensity of 0.5: uniform is covered, first's weights are all 2.
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 40; seq++) {
			log.add(row(seq, both));
		}
		Evaluation e = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100,
				Long.MIN_VALUE, "first");
		assertThat(e.supported()).isTrue();
		assertThat(e.versus()).isNotNull();
		assertThat(e.versus().baseline()).isEqualTo("first");
		assertThat(e.versus().supported()).isFalse();
		assertThat(e.versus().difference().low()).isEqualTo(-2);
		assertThat(e.versus().difference().high()).isEqualTo(2);
		assertThat(evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100).versus())
			.as("no baseline asked for").isNull();
	}

	@Test
	void aWeightedEvaluationLeavesOutAndCountsDecisionsWhoseFeedbackDidNotReportAWeightedObjective() {
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 30; seq++) {
			Map<String, Object> components = seq % 3 == 0 ? Map.of("slo_hit", true) : Map.of("latency_score", 0.5, "slo_hit", true);
			log.add(new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), both, "akash", "A8", 0.5, 0.3, components,
					Map.of(), false, Map.of(), "squarecb", 0.1, seq));
		}
		Evaluation latency = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1,
				Map.of("latency", 1.0), 100);
		assertThat(latency.incompleteExcluded()).as("every third reported no latency, which is not a latency of 0")
			.isEqualTo(10);
		assertThat(latency.samples()).isEqualTo(20);
		assertThat(latency.estimates().get(0).value()).as("IPS of the latency score, every weight 1").isCloseTo(0.5, within(1e-12));
		Evaluation mixed = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1,
				Map.of("latency", 0.5, "reliability", 0.5), 100);
		assertThat(mixed.estimates().get(0).value()).as("0.5 × latency 0.5 + 0.5 × reliability 1").isCloseTo(0.75, within(1e-12));
		Evaluation reliability = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1,
				Map.of("reliability", 1.0), 100);
		assertThat(reliability.incompleteExcluded()).isZero();
		Evaluation unweighted = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100);
		assertThat(unweighted.incompleteExcluded()).as("the reward is always there").isZero();
		assertThat(unweighted.estimates().get(0).value()).as("the logged reward").isCloseTo(0.3, within(1e-12));
		List<EvaluationRow> sloOnly = log.stream().filter(r -> r.seq() % 3 == 0).toList();
		assertThatThrownBy(() -> evaluations(storeOf(sloOnly)).evaluate("uniform", "squarecb", 0.1,
				Map.of("latency", 1.0), 100))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight only the objectives");
	}

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
			log.add(new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), both, "akash", "A8", 0.5, 0.5, Map.of(),
					Map.of(), false, Map.of(), "squarecb", 0.1, seq, "vast", "V4"));
		}
		log.add(row(11, both));
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100))
			.isInstanceOf(OffPolicyEvaluator.TooLittleLoggedException.class)
			.hasMessageContaining("10 ran where your own scheduler chose")
			.hasMessageContaining("1 were samples (the service's own choices")
			.hasMessageContaining("a mean of 0.5 (95% interval -1.0 to 1.0, over 10)")
			.hasMessageContaining("on 0 of them");
		assertThatThrownBy(() -> evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of("latency", 1.0), 100))
			.as("no shadow feedback reported a latency").hasMessageContaining("None of your rules' decisions reported");
		List<EvaluationRow> single = new ArrayList<>(log);
		single.add(new EvaluationRow(12, Map.of("region", "eu-west"), Map.of(), List.of(candidate("vast", "V4")), "vast", "V4",
				1, 0.5, Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, 12, "vast", "V4"));
		Evaluation e = evaluations(storeOf(single)).evaluate("uniform", "squarecb", 0.1, Map.of(), 100);
		assertThat(e.samples()).as("with one candidate, no rule chose: the decision is a sample like any").isEqualTo(2);
		assertThat(e.shadow().decisions()).isEqualTo(10);
	}

	static TraceStore storeOf(List<EvaluationRow> ascending) {
		List<EvaluationRow> descending = new ArrayList<>(ascending);
		Collections.reverse(descending);
		TraceStore store = mock(TraceStore.class);
		given(store.evaluationPage(anyLong(), anyInt())).willAnswer(call -> {
			long before = call.getArgument(0);
			int limit = call.getArgument(1);
			return descending.stream().filter(r -> r.seq() < before).limit(limit).toList();
		});
		return store;
	}

	private static EvaluationRow row(long seq, List<Map<String, Object>> candidates) {
		return row(seq, candidates, Map.of());
	}

	private static EvaluationRow row(long seq, List<Map<String, Object>> candidates, Map<String, Object> router) {
		return row(seq, candidates, router, 0.5);
	}

	private static EvaluationRow row(long seq, List<Map<String, Object>> candidates, Map<String, Object> router,
			double propensity) {
		return row(seq, candidates, router, propensity, "squarecb");
	}

	private static EvaluationRow row(long seq, List<Map<String, Object>> candidates, Map<String, Object> router,
			double propensity, String policy) {
		return row(seq, candidates, router, propensity, policy, 0.1);
	}

	private static EvaluationRow row(long seq, List<Map<String, Object>> candidates, Map<String, Object> router,
			double propensity, String policy, double epsilon) {
		Map<String, Object> chosen = candidates.get(0);
		return new EvaluationRow(seq, Map.of("region", "eu-west"), Map.of(), candidates, (String) chosen.get("provider"),
				(String) chosen.get("sku"), propensity, seq, Map.of(), Map.of(), false, router, policy, epsilon, seq);
	}

	static Map<String, Object> candidate(String provider, String sku) {
		return Map.of("provider", provider, "sku", sku);
	}

	/** The service on {@code store}, with a model-copy slot of its own. */
	static Evaluations evaluations(TraceStore store) {
		return new Evaluations(store, new ModelCopies());
	}

}
