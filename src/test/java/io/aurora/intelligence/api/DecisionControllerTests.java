package io.aurora.intelligence.api;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.executor.Execution;
import io.aurora.intelligence.executor.Placement;
import io.aurora.intelligence.psi.PsiReading;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Decision;
import io.aurora.intelligence.strategist.Features;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** {@code POST /decisions} answering what it decided, and a 503 when the store is down. */
@ExtendWith(OutputCaptureExtension.class)
class DecisionControllerTests extends AbstractDecisionControllerTests {

	@Test
	void decideEchoesTheChosenCandidateWithItsExplanations() {
		Choice choice = new Choice(1, new Action("vast", "V4"), 0.74, 0.95, false);
		given(strategist.decide(anyMap(), anyList(), anyMap()))
			.willReturn(new Decision(new Features("us-west", 8, 16, 100, 0.68, 0.82), choice,
					new PsiReading(0.82, 0.68, Map.of(), 1, "live"), "squarecb", 0.1, Map.of(), List.of(0.31, 0.74),
					List.of(Map.of(), Map.of()), List.of(), List.of(0)));
		given(executor.execute(any())).willReturn(new Execution("tr_0123456789abcdef01234567", 0.87, "router", "ok", 1, 1, true));

		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"task_id": "task-123", "score": 0.87, "trace_id": "tr_0123456789abcdef01234567",
					 "chosen": {"provider": "vast", "sku": "V4", "metadata": {"price_usd_per_hour": 0.4}},
					 "explanations": {"q_value": 0.74, "psi_coherence": 0.68, "psi_density": 0.82, "exploration": "exploit",
					                  "propensity": 0.95, "state": "us-west|cpu=8|mem=16|lat=100-200|psi=high",
					                  "score_source": "router"}}
					""");
		ArgumentCaptor<Placement> placement = ArgumentCaptor.forClass(Placement.class);
		verify(executor).execute(placement.capture());
		assertThat(placement.getValue().candidates().get(1)).containsEntry("metadata", Map.of("price_usd_per_hour", 0.4));
		assertThat(placement.getValue().candidates()).hasSize(2);
		verify(strategist).decide(Map.of("cpu", 8, "region", "us-west"),
				List.of(new Action("akash", "A8"), new Action("vast", "V4")), Map.of());
		verify(telemetry).decision("vast", "exploit", true);
	}

	@Test
	void unknownFieldsAreIgnoredAndNamedOnceEachInAWarningHeader() {
		String misspelt = """
				{"task_id": "", "tenant": "a", "constraints": {"region": ["eu"]},
				 "candidates": [{"provider": "akash", "sku": "A8", "price": 1}, {"provider": "vast", "sku": "V4", "price": 2}]}
				""";
		var answer = mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(misspelt).exchange();
		assertThat(answer).hasStatus(400);
		assertThat(answer.getResponse().getHeader("Warning")).startsWith("299 aurora-intelligence \"unknown fields ignored: ")
			.contains("constraints.region", "candidates[].price", "tenant")
			.satisfies(header -> assertThat(header.split("candidates\\[]\\.price", -1)).hasSize(2));
		var clean = mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"task_id\": \"\", \"candidates\": [{\"provider\": \"akash\", \"sku\": \"A8\"}]}").exchange();
		assertThat(clean).hasStatus(400);
		assertThat(clean.getResponse().getHeader("Warning")).isNull();
	}

	@Test
	void afterFailoverTheExplanationsDescribeThePlacedCandidateAndNameTheFirstChoice() {
		Choice choice = new Choice(1, new Action("vast", "V4"), 0.74, 0.95, false);
		given(strategist.decide(anyMap(), anyList(), anyMap()))
			.willReturn(new Decision(new Features("us-west", 8, 16, 100, 0.68, 0.82), choice, PsiReading.NEUTRAL, "squarecb", 0.1,
					Map.of("cost", 1.0), List.of(0.31, 0.74), List.of(Map.of("cost", 0.31), Map.of("cost", 0.74)), List.of(),
					List.of(0)));
		given(executor.execute(any())).willReturn(new Execution("tr_0123456789abcdef01234567", 0.31, "model", "ok", 0, 2, true));
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"chosen": {"provider": "akash", "sku": "A8"}, "score": 0.31,
					 "explanations": {"q_value": 0.31, "objectives": {"cost": 0.31}, "attempts": 2,
					                  "first_choice": {"provider": "vast", "sku": "V4"}}}
					""");
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
			.body().asString().as("provider first, as in chosen").contains("\"first_choice\":{\"provider\":\"vast\",\"sku\":\"V4\"}");
		verify(telemetry, times(2)).decision("akash", "exploit", true);
	}

	@Test
	void estimatesAreReportedWithinTheRewardsRange() {
		Choice choice = new Choice(0, new Action("akash", "A8"), 1.53, 0.9, false);
		given(strategist.decide(anyMap(), anyList(), anyMap()))
			.willReturn(new Decision(new Features("us-west", 8, 16, 100, 0.68, 0.82), choice, PsiReading.NEUTRAL, "squarecb", 0.1,
					Map.of("cost", 1.0), List.of(1.53, -2.0), List.of(Map.of("cost", 1.78), Map.of("cost", -1.4)), List.of(),
					List.of(1)));
		given(executor.execute(any())).willReturn(new Execution("tr_0123456789abcdef01234567", 0.6, "router", "ok", 0, 1, true));
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"explanations": {"q_value": 1.0, "objectives": {"cost": 1.0}}}
					""");
	}

	@Test
	@DirtiesContext(methodMode = DirtiesContext.MethodMode.BEFORE_METHOD)
	void decideWhenTheStoreIsDownReturns503AndAnOutageIsNotLoggedOncePerRequest(CapturedOutput output) {
		given(strategist.decide(anyMap(), anyList(), anyMap())).willReturn(new Decision(new Features("global", 4, 16, 100, 0.5, 0.5),
				new Choice(0, new Action("akash", "A8"), 0, 1, false), PsiReading.NEUTRAL, "squarecb", 0.1, Map.of(), List.of(0.0, 0.0),
				List.of(Map.of(), Map.of()), List.of(), List.of(1)));
		given(executor.execute(any())).willThrow(new DataAccessResourceFailureException("disk full",
				new SQLException("[SQLITE_FULL] Insertion failed because database is full")));
		for (int i = 0; i < 5; i++) {
			assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
				.hasStatus(503)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.hasHeader("Retry-After", "1");
		}
		assertThat(output.getOut().split("Trace store unavailable", -1)).as("at most one report per 10 s").hasSizeLessThanOrEqualTo(2);
		assertThat(output.getOut()).as("one line naming the failure and its cause (and the refusals before it), no stack trace")
			.containsPattern("Trace store unavailable( \\(and \\d+ more answers refused for it since the last report\\))?: "
					+ "DataAccessResourceFailureException: disk full; caused by SQLException: \\[SQLITE_FULL] Insertion failed "
					+ "because database is full")
			.doesNotContain("\tat ");
	}

}
