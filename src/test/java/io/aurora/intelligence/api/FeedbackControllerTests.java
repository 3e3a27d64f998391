package io.aurora.intelligence.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.auditor.Audit;
import io.aurora.intelligence.auditor.Auditor;
import io.aurora.intelligence.auditor.FeedbackConflictException;
import io.aurora.intelligence.auditor.Outcome;
import io.aurora.intelligence.auditor.Reward;
import io.aurora.intelligence.auditor.TraceNotFoundException;
import io.aurora.intelligence.auditor.UnknownCandidateException;
import io.aurora.intelligence.store.RecordedFeedback;
import io.aurora.intelligence.strategist.Action;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(FeedbackController.class)
class FeedbackControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	Auditor auditor;

	@Test
	void feedbackAnswersInTheSeedsShape() {
		given(auditor.audit("tr_1", new Outcome(42.0, 0.12, null, true), null, null)).willReturn(new Audit(new Reward(0.88,
				Map.of("latency_score", 0.79, "cost_score", 0.88, "slo_hit", true, "failures", 0),
				"Excellent outcome: low latency, low cost, SLO met"), 142));
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}}"))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"updated": true, "reward": 0.88, "q_updates": 142,
					 "explanation": {"total_reward": 0.88, "explanation": "Excellent outcome: low latency, low cost, SLO met",
					                 "components": {"latency_score": 0.79, "cost_score": 0.88, "slo_hit": true, "failures": 0}}}
					""");
	}

	@Test
	void feedbackWhenTraceIsUnknownReturns404() {
		given(auditor.audit(eq("tr_nope"), any(), any(), any())).willThrow(new TraceNotFoundException("tr_nope"));
		assertThat(post("{\"trace_id\": \"tr_nope\", \"outcome\": {\"slo_hit\": true}}"))
			.hasStatus(404)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void feedbackWhenAlreadyGivenReturns409() {
		given(auditor.audit(eq("tr_1"), any(), any(), any())).willThrow(new FeedbackConflictException("tr_1", null, false));
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"slo_hit\": true}}"))
			.hasStatus(409)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void feedbackNamingTheCandidateThatRanHandsItToTheAuditor() {
		given(auditor.audit("tr_1", new Outcome(null, null, null, true), new Action("vast", "V4"), null))
			.willReturn(new Audit(new Reward(0.5, Map.of("slo_hit", true), "Good outcome"), 3, null, new Action("vast", "V4")));
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"slo_hit\": true}, \"ran\": {\"provider\": \"vast\", \"sku\": \"V4\"}}"))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"reward": 0.5, "ran": {"provider": "vast", "sku": "V4"}}
					""");
	}

	@Test
	void feedbackLearnedAsTheServicesChoiceAnswersWithoutRan() {
		given(auditor.audit(eq("tr_1"), any(), any(), any()))
			.willReturn(new Audit(new Reward(0.5, Map.of("slo_hit", true), "Good outcome"), 3));
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"slo_hit\": true}}"))
			.hasStatusOk()
			.bodyJson()
			.doesNotHavePath("$.ran");
	}

	@Test
	void feedbackWhenRanIsNotOneOfTheDecisionsCandidatesReturns422() {
		given(auditor.audit(eq("tr_1"), any(), any(), any())).willThrow(new UnknownCandidateException("tr_1", "io.net", "H100"));
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"slo_hit\": true}, \"ran\": {\"provider\": \"io.net\", \"sku\": \"H100\"}}"))
			.hasStatus(422)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies(body -> assertThat(body).extractingPath("$.title").isEqualTo("Unknown candidate"))
			.extractingPath("$.detail")
			.asString()
			.contains("'io.net'", "'H100'", "one of its candidates");
	}

	@Test
	void feedbackWithAPropensityOutsideZeroToOneReturns400WithoutAuditing() {
		for (String propensity : List.of("0", "1.5", "-0.2")) {
			assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"slo_hit\": true}, \"ran\": {\"provider\": \"vast\", "
					+ "\"sku\": \"V4\", \"propensity\": " + propensity + "}}"))
				.hasStatus(400)
				.bodyJson()
				.extractingPath("$.detail")
				.asString()
				.contains("ran.propensity");
		}
		verifyNoInteractions(auditor);
	}

	@Test
	void feedbackWithAPropensityHandsItToTheAuditorAndEchoesItWithRan() {
		given(auditor.audit("tr_1", new Outcome(null, null, null, true), new Action("vast", "V4"), 0.7))
			.willReturn(new Audit(new Reward(0.5, Map.of("slo_hit", true), "Good outcome"), 3, null, new Action("vast", "V4"),
					0.7));
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"slo_hit\": true}, \"ran\": {\"provider\": \"vast\", "
				+ "\"sku\": \"V4\", \"propensity\": 0.7}}"))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.ran.propensity")
			.isEqualTo(0.7);
	}

	@Test
	void feedbackWithABlankOrMissingPartOfRanReturns400WithoutAuditing() {
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"slo_hit\": true}, \"ran\": {\"provider\": \" \"}}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("ran.provider", "ran.sku");
		verifyNoInteractions(auditor);
	}

	@Test
	void feedbackWhenAlreadyGivenWithRanShowsTheRecordedCandidate() {
		given(auditor.audit(eq("tr_1"), any(), any(), any())).willThrow(new FeedbackConflictException("tr_1",
				new RecordedFeedback(Instant.parse("2026-12-05T10:00:00Z"), Map.of("slo_hit", true), 0.5,
						Map.of("provider", "vast", "sku", "V4")), true));
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"slo_hit\": true}, \"ran\": {\"provider\": \"vast\", \"sku\": \"V4\"}}"))
			.hasStatus(409)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"same_outcome": true, "recorded": {"ran": {"provider": "vast", "sku": "V4"}, "reward": 0.5}}
					""");
	}

	@Test
	void feedbackWithAnEmptyOutcomeReturns400WithoutAuditing() {
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {}}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].message")
			.asString()
			.contains("at least one of");
		verifyNoInteractions(auditor);
	}

	@Test
	void feedbackWithoutItsFieldsSaysTheyAreRequiredNotBlank() {
		assertThat(post("{\"traceid\": \"tr_1\"}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("outcome: is required; trace_id: is required, and must not be blank (unknown fields ignored: traceid)");
		verifyNoInteractions(auditor);
	}

	@Test
	void feedbackWithNegativeLatencyReturns400() {
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"latency_ms\": -5}}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("outcome.latency_ms");
		verifyNoInteractions(auditor);
	}

	@Test
	void feedbackOfATrainingRunOfDaysIsTakenUpToAYearAndRefusedBeyond() {
		double threeDays = 3 * 86_400_000.0;
		given(auditor.audit("tr_1", new Outcome(threeDays, null, null, true), null, null))
			.willReturn(new Audit(new Reward(0.2, Map.of("slo_hit", true), "Fair outcome"), 3, null, null, null));
		assertThat(post("{\"trace_id\": \"tr_1\", \"outcome\": {\"latency_ms\": 259200000, \"slo_hit\": true}}")).hasStatusOk();
		for (String outcome : List.of("\"latency_ms\": 31536000001", "\"cost\": 1000000001", "\"failures\": 1000001")) {
			assertThat(post("{\"trace_id\": \"tr_2\", \"outcome\": {" + outcome + "}}"))
				.hasStatus(400)
				.bodyJson()
				.extractingPath("$.errors[0].message")
				.asString()
				.startsWith("must be less than or equal to");
		}
	}

	@Test
	void feedbackWithAControlCharacterInTheTraceIdReturns400WithoutAuditing() {
		assertThat(post("{\"trace_id\": \"tr_\\u0000\", \"outcome\": {\"slo_hit\": true}}"))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("trace_id");
		verifyNoInteractions(auditor);
	}

	private MockMvcTester.MockMvcRequestBuilder post(String body) {
		return mvc.post().uri("/feedback").contentType(MediaType.APPLICATION_JSON).content(body);
	}

}
