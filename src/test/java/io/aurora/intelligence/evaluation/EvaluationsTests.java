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
		LoggedDecisions logged = new EvaluationLog(storeOf(log)).read(2_000, Map.of());
		List<LoggedDecision> read = logged.decisions();
		long estimated = (long) read.size() * 256 * (8 + 128 + 2 * 403);
		assertThat(read).isNotEmpty().hasSizeLessThan(2_000);
		assertThat(logged.read()).as("the decisions kept, not the one that passed the budget").isEqualTo(read.size());
		assertThat(estimated).isLessThanOrEqualTo(EvaluationLog.MAX_LOG_BYTES);
		assertThat(read.get(0).reward()).isEqualTo(2_000);
	}

	@Test
	void loggedIsWhatTheServicesOwnChoicesEarnedOnTheDecisionsABaselineOfItIsComparedOn() {
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		Map<String, Object> eu = Map.of("region", "eu-west");
		Map<String, Object> shadow = Map.of("shadow", true);
		List<EvaluationRow> log = new ArrayList<>();
		long seq = 0;
		for (int i = 0; i < 40; i++) {
			log.add(new EvaluationRow(++seq, eu, Map.of(), both, "akash", "A8", 0.5, i % 2 == 0 ? 0.2 : 0.6, Map.of(),
					Map.of(), false, Map.of(), "squarecb", 0.1, seq));
		}
		for (int i = 0; i < 5; i++) {
			// Propensity 1 among two: left out of the estimates, and so of logged and its comparison.
			log.add(new EvaluationRow(++seq, eu, Map.of(), both, "akash", "A8", 1.0, 1.0, Map.of(), Map.of(), false,
					Map.of(), "squarecb", 0, seq));
		}
		for (int i = 0; i < 10; i++) {
			log.add(new EvaluationRow(++seq, eu, Map.of(), both, "akash", "A8", 0.5, -1.0, Map.of(), Map.of(), false,
					shadow, "squarecb", 0.1, seq, "vast", "V4"));
			log.add(new EvaluationRow(++seq, eu, Map.of(), both, "akash", "A8", 0.5, -0.8, Map.of(), Map.of(), false,
					shadow, "squarecb", 0.1, seq, "vast", "V4", 0.3));
			log.add(new EvaluationRow(++seq, Map.of("region", "us-east"), Map.of(), both, "akash", "A8", 0.5, -0.5,
					Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, seq));
		}
		Evaluation evaluation = evaluations(storeOf(log)).evaluate("uniform", "squarecb", 0.1, Map.of(), 500,
				Long.MIN_VALUE, null, Segment.of(Map.of("region", "eu-west")));
		assertThat(evaluation.deterministicExcluded()).isEqualTo(5);
		assertThat(evaluation.shadow().sampled()).as("the rules' random picks are samples").isEqualTo(10);
		assertThat(evaluation.samples()).isEqualTo(50);
		OffPolicyEvaluator.Estimate logged = evaluation.logged();
		assertThat(logged.estimator()).isEqualTo("mean");
		assertThat(logged.value()).as("(20 x 0.2 + 20 x 0.6) / 40: nothing deterministic, of the rules or of us-east")
			.isCloseTo(0.4, within(1e-12));
		assertThat(logged.low()).isGreaterThan(-1).isLessThan(logged.value());
		assertThat(logged.high()).isGreaterThan(logged.value()).isLessThan(1);
		Evaluation versus = evaluations(storeOf(log)).evaluate("first", "squarecb", 0.1, Map.of(), 500, Long.MIN_VALUE,
				"logged", Segment.of(Map.of("region", "eu-west")));
		assertThat(versus.versus().baseline()).isEqualTo("logged");
		assertThat(versus.versus().samples()).as("the decisions logged is over").isEqualTo(40);
		assertThat(versus.logged()).isEqualTo(logged);
	}

	@Test
	void aBreakdownsValuesCountTowardsTheBudgetBeforeTheirDecisionIsKept() {
		List<Map<String, Object>> candidates = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 70_000; seq++) {
			// Each decision's team is a distinct value of up to 256 characters: most of what the decision costs.
			log.add(new EvaluationRow(seq, Map.of("region", "eu-west", "team", "t".repeat(250) + seq), Map.of(),
					candidates, "akash", "A8", 0.5, seq, Map.of(), Map.of(), false, Map.of(), "squarecb", 0.1, seq));
		}
		LoggedDecisions logged = new EvaluationLog(storeOf(log)).read(70_000, Map.of(), Long.MIN_VALUE, Segment.ALL,
				"team");
		int kept = logged.decisions().size();
		assertThat(kept).isBetween(40_000, 69_999);
		assertThat(logged.values()).as("one value for each decision kept").hasSize(kept).doesNotContainNull();
		assertThat(logged.read()).isEqualTo(kept);
		long perDecision = 256 + 8 * 2 + 32 + 256;
		long estimated = (128 + 2 * "akashA8".length()) + (128 + 2 * "vastV4".length())
				+ logged.values().stream().mapToLong(v -> perDecision + 2L * ((String) v).length()).sum();
		assertThat(estimated).as("the value that would pass the budget is not added")
			.isLessThanOrEqualTo(EvaluationLog.MAX_LOG_BYTES);
		String next = "t".repeat(250) + (70_000 - kept);
		assertThat(estimated + perDecision + 2L * next.length()).as("the next would have passed it")
			.isGreaterThan(EvaluationLog.MAX_LOG_BYTES);
	}

	@Test
	void aRefusedFirstChoiceIsItsDecisionsSampleWhileFailoverPlacementsAndRefusedFallbacksOnlyTrain() {
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
		assertThat(read.stream().filter(d -> !d.shadow())).as("the policy's own choices: placed, no router, every attempt "
				+ "failed, or a fallback refused after the first choice failed; not failovers, nor decisions whose first "
				+ "choice's refusal is the sample")
			.extracting(LoggedDecision::reward)
			.containsExactly(12.0, 9.0, 8.0, 7.0, 4.0, 1.0);
		assertThat(read.stream().filter(LoggedDecision::shadow)).as("the others train the fitted models, as the live one")
			.extracting(LoggedDecision::reward)
			.containsExactly(11.0, 10.0, 6.0, 5.0, 3.0, 2.0);
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
		// Every decision chose its first candidate (akash, or vast where it came first), at a propensity of 0.5: uniform
		// is covered, first's weights are all 2.
		List<Map<String, Object>> both = List.of(candidate("akash", "A8"), candidate("vast", "V4"));
		List<EvaluationRow> log = new ArrayList<>();
		for (int seq = 1; seq <= 40; seq++) {
			log.add(row(seq, seq % 10 == 0 ? List.of(both.get(1), both.get(0)) : both));
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

	static EvaluationRow row(long seq, List<Map<String, Object>> candidates) {
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
