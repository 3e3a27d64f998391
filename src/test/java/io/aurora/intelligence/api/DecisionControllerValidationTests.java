package io.aurora.intelligence.api;

import java.util.List;
import java.util.Map;

import io.aurora.intelligence.executor.Execution;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.InvalidContextException;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** {@code POST /decisions} refusing a request it cannot decide with a 400 problem naming the field at fault. */
class DecisionControllerValidationTests extends AbstractDecisionControllerTests {

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
	void decideWithoutCandidatesReturns400() {
		assertThat(mvc.post().uri("/decisions").contentType(MediaType.APPLICATION_JSON).content("{\"task_id\": \"t\"}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("candidates");
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

}
