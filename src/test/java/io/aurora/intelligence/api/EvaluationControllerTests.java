package io.aurora.intelligence.api;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.aurora.intelligence.evaluation.Breakdown;
import io.aurora.intelligence.evaluation.Evaluation;
import io.aurora.intelligence.evaluation.Evaluations;
import io.aurora.intelligence.evaluation.OffPolicyEvaluator;
import io.aurora.intelligence.evaluation.Segment;
import io.aurora.intelligence.strategist.Strategist;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(EvaluationController.class)
class EvaluationControllerTests {

	private static final Evaluation RESULT = new Evaluation(100, 80.0,
			List.of(new OffPolicyEvaluator.Estimate("ips", 0.5, 0.4, 0.6)), 0, 0, 1.02, true);

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	Evaluations evaluations;

	@MockitoBean
	Strategist strategist;

	@Test
	void evaluationsWhileAnotherRunsReturn503WithRetryAfter() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willAnswer(call -> {
			started.countDown();
			release.await(10, TimeUnit.SECONDS);
			return RESULT;
		});
		CompletableFuture<MvcTestResult> first = CompletableFuture.supplyAsync(this::evaluate);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		MvcTestResult second = evaluate();
		release.countDown();
		assertThat(second).hasStatus(503).hasContentType(MediaType.APPLICATION_PROBLEM_JSON).hasHeader("Retry-After", "5");
		assertThat(first.get(10, TimeUnit.SECONDS)).hasStatusOk();
		assertThat(evaluate()).as("the next one runs").hasStatusOk();
	}

	@Test
	void aLimitBeyondAnIntNamesTheLimitsOwnBounds() {
		assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON).content("{\"limit\": 3000000000}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Field 'limit' must be a whole number from 2 to 100000, not 3000000000");
	}

	@Test
	void evaluationsGiveWhatTheServicesOwnChoicesEarnedBesideTheEstimatesAndLeaveItOutWhenNoneWasScored() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any()))
			.willReturn(RESULT.withLogged(new OffPolicyEvaluator.Estimate("mean", 0.41, 0.37, 0.45)));
		assertThat(evaluate()).hasStatusOk().bodyJson().extractingPath("$.logged")
			.isEqualTo(Map.of("estimator", "mean", "value", 0.41, "low", 0.37, "high", 0.45));
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any()))
			.willReturn(RESULT);
		assertThat(evaluate()).hasStatusOk().bodyJson().doesNotHavePath("$.logged");
	}

	@Test
	void evaluationsSayHowManyDeterministicAndIncompleteDecisionsWereLeftOut() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(RESULT.excluding(7, 3));
		assertThat(evaluate()).hasStatusOk().bodyJson().extractingPath("$.deterministic_excluded").isEqualTo(7);
		assertThat(evaluate()).hasStatusOk().bodyJson().extractingPath("$.incomplete_excluded").isEqualTo(3);
	}

	@Test
	void anEvaluationTheLogDoesNotCoverSaysSoInTheAnswerAndAWarning() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(new Evaluation(200,
				200, List.of(new OffPolicyEvaluator.Estimate("ips", 0.27, -1, 1)), 0, 0, 0.3374, false));
		MvcTestResult answer = evaluate();
		assertThat(answer).hasStatusOk().bodyJson().extractingPath("$.supported").isEqualTo(false);
		assertThat(answer).bodyJson().extractingPath("$.mean_weight").isEqualTo(0.3374);
		assertThat(answer.getResponse().getHeader("Warning")).contains("do not cover this policy", "average 0.34, not 1");
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(new Evaluation(9,
				9, List.of(new OffPolicyEvaluator.Estimate("ips", 0.27, -1, 1)), 0, 0, 0.96, false));
		assertThat(evaluate().getResponse().getHeader("Warning")).as("too few samples, whatever the weights")
			.contains("only 9 logged decisions", "fewer than the 30").doesNotContain("average");
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(new Evaluation(500,
				12.5, List.of(new OffPolicyEvaluator.Estimate("ips", 0.27, -1, 1)), 0, 0, 1.3, false));
		assertThat(evaluate().getResponse().getHeader("Warning"))
			.as("a few heavy weights: their mean is too noisy to blame the propensities")
			.contains("worth only 12.5 (the effective sample size)").doesNotContain("understate");
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(RESULT);
		assertThat(evaluate().getResponse().getHeader("Warning")).isNull();
	}

	@Test
	void aLogOfDeterministicDecisionsOnlyIsRefused400() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any()))
			.willThrow(new OffPolicyEvaluator.TooLittleLoggedException("the 40 logged decisions were made deterministically"));
		MvcTestResult refused = evaluate();
		assertThat(refused).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyText()
			.contains("deterministically");
		assertThat(refused).bodyJson().extractingPath("$.title").isEqualTo("Too little to evaluate");
		assertThat(refused).bodyJson().doesNotHavePath("$.errors").as("no field of the request is at fault");
	}

	@Test
	void aUniformEvaluationAskedForAModelOrEpsilonSaysItIgnoresThem() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(RESULT);
		for (String body : List.of("{\"policy\": \"uniform\", \"epsilon\": 0.5}", "{\"policy\": \"uniform\", \"model\": \"ucb\"}")) {
			assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON).content(body))
				.hasStatusOk()
				.hasHeader("Warning", EvaluationController.UNIFORM_IGNORES)
				.bodyJson()
				.doesNotHavePath("$.model");
		}
		assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"epsilon-greedy\", \"epsilon\": 0.5}").exchange().getResponse().getHeader("Warning"))
			.isNull();
		assertThat(evaluate().getResponse().getHeader("Warning")).isNull();
	}

	@Test
	void anEvaluationLeftToItsDefaultsIsGreedyOverSquarecbWithEpsilonATenthOnTheNewest10000Decisions() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(RESULT);
		assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"epsilon-greedy\"}")).hasStatusOk();
		verify(evaluations).evaluate(eq("epsilon-greedy"), eq("squarecb"), eq(0.1), any(), eq(10_000), eq(Long.MIN_VALUE), any(), any(), any());
	}

	@Test
	void sinceLimitsTheEvaluationToFeedbackReceivedFromThenAndIsEchoed() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(RESULT);
		assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"first\", \"since\": \"2026-12-01T10:00:00+01:00\"}")).hasStatusOk()
			.bodyJson().extractingPath("$.since").isEqualTo("2026-12-01T09:00:00Z");
		verify(evaluations).evaluate(eq("first"), eq("squarecb"), eq(0.1), any(), eq(10_000),
				eq(Instant.parse("2026-12-01T09:00:00Z").toEpochMilli()), any(), any(), any());
		assertThat(evaluate()).bodyJson().doesNotHavePath("$.since");
	}

	@Test
	void anEvaluationWithoutObjectivesMeasuresTheWeightsTheModelOptimisesAndEmptyOnesTheReward() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any())).willReturn(RESULT);
		EvaluationController weighted = new EvaluationController(evaluations, strategistWith(Map.of("latency", 1.0)));
		assertThat(weighted.evaluate(request(null)).getBody().objectives()).isEqualTo(Map.of("latency", 1.0));
		assertThat(weighted.evaluate(request(Map.of())).getBody().objectives()).as("{}: the reward").isEmpty();
		Map<String, @Nullable Double> nulls = new HashMap<>();
		nulls.put("latency", null);
		assertThat(weighted.evaluate(request(nulls)).getBody().objectives()).as("a null weight is left out").isEmpty();
		assertThat(weighted.evaluate(request(Map.of("cost", 2.0))).getBody().objectives()).isEqualTo(Map.of("cost", 1.0));
		verify(evaluations).evaluate(eq("uniform"), eq("squarecb"), eq(0.1), eq(Map.of("latency", 1.0)), eq(10_000),
				eq(Long.MIN_VALUE), any(), any(), any());
		assertThat(new EvaluationController(evaluations, strategistWith(Map.of())).evaluate(request(null)).getBody()
			.objectives()).as("no REWARD_WEIGHTS: the reward").isEmpty();
	}

	private static Strategist strategistWith(Map<String, Double> weights) {
		Strategist weighted = org.mockito.Mockito.mock(Strategist.class);
		given(weighted.defaultWeights()).willReturn(weights);
		return weighted;
	}

	private static EvaluationController.EvaluationRequest request(@Nullable Map<String, @Nullable Double> objectives) {
		return new EvaluationController.EvaluationRequest("uniform", null, null, objectives, null, null, null, null, null);
	}

	@Test
	void anUnknownObjectiveIsRefusedEvenWithANullWeight() {
		assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"uniform\", \"objectives\": {\"bogus\": null}}")).hasStatus(400)
			.bodyJson().extractingPath("$.detail").asString().contains("unknown objective 'bogus'");
		assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"uniform\", \"objectives\": {\"bogus\": null}}")).hasStatus(400)
			.bodyJson().extractingPath("$.errors[0].field").isEqualTo("objectives.bogus");
	}

	@Test
	void aComparisonIsAnsweredAsVersusAndAnUnsupportedBaselineIsWarnedOf() {
		OffPolicyEvaluator.Versus versus = new OffPolicyEvaluator.Versus("first",
				new OffPolicyEvaluator.Estimate("dr", 0.03, -2, 2), false, 40);
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), eq("first"), any(), any()))
			.willReturn(RESULT.versus(versus));
		MvcTestResult answer = mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"epsilon-greedy\", \"baseline\": \"first\"}").exchange();
		assertThat(answer).hasStatusOk().bodyJson().extractingPath("$.versus")
			.isEqualTo(Map.of("baseline", "first", "difference", Map.of("estimator", "dr", "value", 0.03, "low", -2.0,
					"high", 2.0), "supported", false, "samples", 40));
		assertThat(answer.getResponse().getHeader("Warning")).contains("does not support the baseline 'first'");
	}

	@Test
	void aComparisonWithRulesWhoseDecisionsDoNotSupportThePolicyIsWarnedOfAsSuch() {
		OffPolicyEvaluator.Versus versus = new OffPolicyEvaluator.Versus("rules",
				new OffPolicyEvaluator.Estimate("dr", 0.1, -2, 2), false, 12);
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), eq("rules"), any(), any()))
			.willReturn(RESULT.versus(versus));
		MvcTestResult answer = mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"epsilon-greedy\", \"baseline\": \"rules\"}").exchange();
		assertThat(answer).hasStatusOk().bodyJson().extractingPath("$.versus.samples").isEqualTo(12);
		assertThat(answer.getResponse().getHeader("Warning")).contains("your rules' shadow decisions with a propensity")
			.doesNotContain("evaluate it alone");
	}

	@Test
	void aComparisonWithTheLoggedPolicyWhoseDecisionsDoNotSupportThePolicyIsWarnedOfAsSuch() {
		OffPolicyEvaluator.Versus versus = new OffPolicyEvaluator.Versus("logged",
				new OffPolicyEvaluator.Estimate("dr", -0.1, -2, 2), false, 80);
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), eq("logged"), any(), any()))
			.willReturn(RESULT.versus(versus));
		MvcTestResult answer = mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"first\", \"baseline\": \"logged\"}").exchange();
		assertThat(answer).hasStatusOk().bodyJson().extractingPath("$.versus.baseline").isEqualTo("logged");
		assertThat(answer.getResponse().getHeader("Warning")).contains("the service's own decisions do not support the policy")
			.doesNotContain("evaluate it alone");
	}

	@Test
	void aComparisonWithRulesThatSupportThePolicyIsNotWarnedOfWhereTheEstimatesAreUnsupported() {
		Evaluation unsupported = new Evaluation(40, 3, List.of(
				new OffPolicyEvaluator.Estimate("ips", 0.4, -1, 1)), 0, 0, 0.4, false);
		OffPolicyEvaluator.Versus versus = new OffPolicyEvaluator.Versus("rules",
				new OffPolicyEvaluator.Estimate("dr", 0.1, 0.05, 0.15), true, 200);
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), eq("rules"), any(), any()))
			.willReturn(unsupported.versus(versus));
		MvcTestResult answer = mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"epsilon-greedy\", \"baseline\": \"rules\"}").exchange();
		assertThat(answer).hasStatusOk();
		assertThat(answer.getResponse().getHeaders("Warning")).singleElement().asString()
			.contains("the intervals are [-1, 1]").doesNotContain("difference");
	}

	@Test
	void aSegmentIsHandedToTheEvaluationAndEchoedWhileAContextEntryThatIsNoScalarIs400NamingIt() {
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any()))
			.willReturn(RESULT.withRead(400));
		MvcTestResult segment = mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"first\", \"context\": {\"region\": \"us-west\", \"cpu\": 8}}").exchange();
		assertThat(segment).hasStatusOk().bodyJson().extractingPath("$.context")
			.isEqualTo(Map.of("region", "us-west", "cpu", 8));
		assertThat(segment).bodyJson().extractingPath("$.read").as("the decisions read, 100 of them in the segment")
			.isEqualTo(400);
		verify(evaluations).evaluate(eq("first"), eq("squarecb"), eq(0.1), any(), eq(10_000), eq(Long.MIN_VALUE), any(),
				eq(Segment.of(Map.of("region", "us-west", "cpu", 8))), isNull());
		for (String bad : List.of("{\"region\": {\"name\": \"eu\"}}", "{\"region\": [\"eu\"]}", "{\"region\": null}",
				"{\"region\": \"" + "x".repeat(257) + "\"}", "{\"region\": \"\\ud800\"}", "{\"region\": 5}",
				"{\"region\": \"" + "x".repeat(65) + "\"}")) {
			assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
				.content("{\"policy\": \"first\", \"context\": " + bad + "}")).as(bad).hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson().extractingPath("$.detail").asString().contains("context.region");
		}
		assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"first\", \"context\": {\"tenant\": \"acme\\ud800\"}}")).hasStatus(400)
			.bodyJson().extractingPath("$.detail").asString().contains("context.tenant", "unpaired surrogate");
		assertThat(evaluate()).bodyJson().doesNotHavePath("$.context");
	}

	@Test
	void aBreakdownIsHandedToTheEvaluationAndAnsweredAsByWhileANameOverItsLengthIs400() {
		Breakdown region = new Breakdown("region", List.of(new Breakdown.BreakdownPart("us-west", 60,
				List.of(new OffPolicyEvaluator.Estimate("ips", 0.4, 0.3, 0.5)), true, null,
				new OffPolicyEvaluator.Estimate("mean", 0.45, 0.4, 0.5))), 2);
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any()))
			.willReturn(RESULT.withBreakdown(region));
		MvcTestResult answer = mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"first\", \"by\": \"region\"}").exchange();
		assertThat(answer).hasStatusOk().bodyJson().extractingPath("$.by.parts[0].value").isEqualTo("us-west");
		assertThat(answer).bodyJson().extractingPath("$.by.left_out").isEqualTo(2);
		assertThat(answer).bodyJson().doesNotHavePath("$.by.parts[0].versus");
		assertThat(answer).bodyJson().extractingPath("$.by.parts[0].logged.value").isEqualTo(0.45);
		verify(evaluations).evaluate(eq("first"), eq("squarecb"), eq(0.1), any(), eq(10_000), eq(Long.MIN_VALUE), any(),
				eq(Segment.ALL), eq("region"));
		for (String bad : List.of("b".repeat(Segment.MAX_NAME + 1), " ", "region\\n")) {
			assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
				.content("{\"policy\": \"first\", \"by\": \"" + bad + "\"}")).hasStatus(400)
				.bodyJson().extractingPath("$.errors[0].field").isEqualTo("by");
		}
		Breakdown unheld = new Breakdown("regoin", List.of(new Breakdown.BreakdownPart(null, 100,
				List.of(new OffPolicyEvaluator.Estimate("ips", 0.4, 0.3, 0.5)), true, null, null)), 0);
		given(evaluations.evaluate(anyString(), anyString(), anyDouble(), any(), anyInt(), anyLong(), any(), any(), any()))
			.willReturn(RESULT.withBreakdown(unheld));
		MvcTestResult misspelt = mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"first\", \"by\": \"regoin\"}").exchange();
		assertThat(misspelt).hasStatusOk().bodyJson().hasPath("$.by.parts[0].value").extractingPath("$.by.parts[0].value")
			.isNull();
		assertThat(misspelt.getResponse().getHeaders("Warning")).singleElement().asString().contains("'regoin'");
	}

	@Test
	void aSegmentWithAnEmptyOrLongNameOrMoreThanEightEntriesIs400NamingContext() {
		String nine = IntStream.range(0, Segment.MAX_ENTRIES + 1).mapToObj(i -> "\"k" + i + "\": 1").collect(Collectors.joining(", ", "{", "}"));
		for (String bad : List.of("{\"\": \"eu\"}", "{\"" + "n".repeat(Segment.MAX_NAME + 1) + "\": \"eu\"}", nine)) {
			assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
				.content("{\"policy\": \"first\", \"context\": " + bad + "}")).as(bad).hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson().extractingPath("$.errors[0].field").isEqualTo("context");
		}
		verifyNoInteractions(evaluations);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"yesterday\"", "1764547200", "\"1764547200\"", "\"\"", "\"   \"", "\"2026-12-01T00:00:00\"",
			"\"+300000000-01-01T00:00:00Z\"", "{}" })
	void aSinceThatIsNotAnRfc3339TimeWithItsOffsetIs400NamingIt(String since) {
		assertThat(mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON)
			.content("{\"policy\": \"first\", \"since\": " + since + "}")).hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson().extractingPath("$.detail").asString()
			.startsWith("Field 'since' must be an RFC 3339 time with an offset, such as 2026-12-01T00:00:00Z");
	}

	private MvcTestResult evaluate() {
		return mvc.post().uri("/evaluations").contentType(MediaType.APPLICATION_JSON).content("{\"policy\": \"uniform\"}").exchange();
	}

}
