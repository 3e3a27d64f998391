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
import io.aurora.intelligence.strategist.InvalidContextException;
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
import static org.mockito.Mockito.verifyNoInteractions;

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
	void decideWithDuplicateCandidatesReturns400() {
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content("""
				{"task_id": "t", "candidates": [{"provider": "a", "sku": "1"}, {"provider": "a", "sku": "1"}]}
				"""))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("candidates[1]");
		verifyNoInteractions(strategist, executor);
	}

	@Test
	void decideWithControlCharactersInStoredIdsReturns400NamingTheField() {
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content("""
				{"task_id": "t\\u0000", "candidates": [{"provider": "a", "sku": "1"}]}
				"""))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("task_id");
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content("""
				{"task_id": "t", "candidates": [{"provider": "a", "sku": "1\\n"}]}
				"""))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("candidates[0].sku");
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content("""
				{"task_id": "t", "candidates": [{"provider": "evil\\u202Egpu", "sku": "1"}]}
				"""))
			.as("a bidi override would show the name reversed in dashboards and exports")
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("candidates[0].provider");
		verifyNoInteractions(strategist, executor);
	}

	@Test
	void decideWithASpaceAtEitherEndOfAProviderOrSkuReturns400RatherThanLearningASecondProvider() {
		Map<String, String> bodies = Map.of("candidates[0].provider", "{\"provider\": \"akash \", \"sku\": \"A8\"}",
				"candidates[0].sku", "{\"provider\": \"akash\", \"sku\": \"\\u00a0A8\"}");
		bodies.forEach((field, candidate) -> assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"task_id\": \"t\", \"candidates\": [" + candidate + "]}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors")
			.asArray()
			.singleElement()
			.satisfies(error -> assertThat(error.toString()).contains(field, "must not start or end with a space")));
		verifyNoInteractions(strategist, executor);
		given(strategist.decide(anyMap(), anyList(), anyMap())).willReturn(akashFirst());
		given(executor.execute(any())).willReturn(new Execution("tr_0123456789abcdef01234567", 0.5, "router", "ok", 1, 1, true));
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content("""
				{"task_id": "t", "candidates": [{"provider": "io net", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
				"""))
			.as("a space inside a name is the caller's business")
			.hasStatusOk();
		verify(strategist).decide(Map.of(), List.of(new Action("io net", "A8"), new Action("vast", "V4")), Map.of());
	}

	@Test
	void decideWithNumbersBeyondADoubleReturns400NamingTheField() {
		Map<String, String> bodies = Map.of(
				"context.foo", "{\"task_id\": \"t\", \"context\": {\"foo\": 1e400}, \"candidates\": [{\"provider\": \"a\", \"sku\": \"1\"}]}",
				"context.cpu", "{\"task_id\": \"t\", \"context\": {\"cpu\": " + "9".repeat(900)
						+ "}, \"candidates\": [{\"provider\": \"a\", \"sku\": \"1\"}]}",
				"candidates[0].metadata.price_usd_per_hour",
				"{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", \"sku\": \"1\", \"metadata\": {\"price_usd_per_hour\": -1e400}}]}",
				"constraints.max_price",
				"{\"task_id\": \"t\", \"constraints\": {\"max_price\": 1e308}, \"candidates\": [{\"provider\": \"a\", \"sku\": \"1\"}]}",
				"constraints.max_latency_ms",
				"{\"task_id\": \"t\", \"constraints\": {\"max_latency_ms\": 1e400}, \"candidates\": [{\"provider\": \"a\", \"sku\": \"1\"}]}");
		bodies.forEach((field, body) -> assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[0]")
			.satisfies(error -> assertThat(error.toString()).contains(field)
				.contains(field.startsWith("context") ? "beyond the range of a number" : "")));
		verifyNoInteractions(strategist, executor);
	}

	@Test
	void decideWithAConstrainedMetadataFieldOfTheWrongTypeReturns400NamingItInsteadOfExcludingTheCandidate() {
		Map<String, String> bodies = Map.of("candidates[1].metadata.price_usd_per_hour", """
				{"task_id": "t", "constraints": {"max_price": 1},
				 "candidates": [{"provider": "a", "sku": "1", "metadata": {"price_usd_per_hour": 0.5}},
				                {"provider": "b", "sku": "2", "metadata": {"price_usd_per_hour": "0.5"}}]}
				""", "candidates[0].metadata.region", """
				{"task_id": "t", "constraints": {"regions": ["eu-west"]},
				 "candidates": [{"provider": "a", "sku": "1", "metadata": {"region": ["eu-west"]}}]}
				""");
		Map<String, String> messages = Map.of("candidates[1].metadata.price_usd_per_hour",
				"must be a number, such as 0.6, for constraints.max_price, not a string", "candidates[0].metadata.region",
				"must be a string, such as \"eu-west\", for constraints.regions, not an array");
		bodies.forEach((field, body) -> {
			var problem = assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(body))
				.hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson();
			problem.extractingPath("$.errors[0].field").isEqualTo(field);
			problem.extractingPath("$.errors[0].message").isEqualTo(messages.get(field));
		});
		verifyNoInteractions(strategist, executor);
	}

	@Test
	void decideWithClearMessagesForTwoJsonValuesTooManyContextKeysAndABlankSku() {
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(REQUEST + " {\"x\": 1}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("The body holds more than one JSON value: send one object, with nothing after it but whitespace");
		StringBuilder keys = new StringBuilder();
		for (int i = 0; i < 65; i++) {
			keys.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": 1");
		}
		String crowded = "{\"task_id\": \"t\", \"context\": {" + keys + "}, \"candidates\": [{\"provider\": \"a\", \"sku\": \"1\"}]}";
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(crowded))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].message")
			.isEqualTo("must have at most 64 keys");
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"task_id\": \"t\", \"candidates\": [{\"provider\": \"a\", \"sku\": \"\"}]}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors")
			.asArray()
			.as("one error for the blank sku, not a second about its size")
			.singleElement()
			.satisfies(error -> assertThat(error.toString()).contains("candidates[0].sku", "must not be blank"));
		verifyNoInteractions(strategist, executor);
	}

	@Test
	void decideWithABadObjectiveWeightReturns400NamingTheObjective() {
		for (String objectives : List.of("{\"speed\": 1}", "{\"latency\": -1}")) {
			assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON)
				.content("{\"task_id\": \"t\", \"objectives\": " + objectives + ", \"candidates\": [{\"provider\": \"a\", \"sku\": \"1\"}]}"))
				.hasStatus(400)
				.bodyJson()
				.extractingPath("$.errors[0].field")
				.isEqualTo(objectives.contains("speed") ? "objectives.speed" : "objectives.latency");
		}
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"task_id\": \"t\", \"objectives\": {\"cost\": 0}, \"candidates\": [{\"provider\": \"a\", \"sku\": \"1\"}]}"))
			.as("no one weight at fault")
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("objectives");
		verifyNoInteractions(strategist, executor);
	}

	@Test
	void decideWithUnusableContextReturns400NamingTheField() {
		given(strategist.decide(anyMap(), anyList(), anyMap())).willThrow(new InvalidContextException("memory_gb", "bad quantity"));
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("context.memory_gb");
		verifyNoInteractions(executor);
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

	@Test
	void decideWithoutCandidatesReturns400() {
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content("{\"task_id\": \"t\"}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("candidates");
	}

}
