package io.aurora.intelligence;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body with several fields of the wrong type is answered with all of them, so that its caller fixes them in
 * one go; a large one, with its first only.
 */
class WrongTypesEndToEndTests extends AbstractEndToEndTests {

	@Test
	void decisionWithSeveralWrongTypesNamesEachInOneAnswer() {
		TestHttp.Response answer = http.post("/decisions", """
				{"task_id": 5, "candidates": [{"provider": "a", "sku": []}, {"provider": {}, "sku": "b"}],
				 "objectives": {"cost": "low"}, "context": {"region": "us-west"}}""");
		assertProblem(answer, 400);
		assertThat(fields(answer)).containsExactly("task_id", "candidates[0].sku", "candidates[1].provider", "objectives.cost");
		assertThat(answer.json().get("detail").asString()).isEqualTo("Field 'task_id' has the wrong type: expected a string; "
				+ "field 'candidates[0].sku' has the wrong type: expected a string; field 'candidates[1].provider' has the "
				+ "wrong type: expected a string; field 'objectives.cost' has the wrong type: expected a number");
	}

	@Test
	void feedbackWithSeveralWrongTypesNamesEachWithWhatItExpects() {
		TestHttp.Response answer = http.post("/feedback",
				"{\"trace_id\": [\"tr_x\"], \"outcome\": {\"failures\": 0.5, \"slo_hit\": \"yes\", \"cost\": 1}}");
		assertProblem(answer, 400);
		assertThat(fields(answer)).containsExactly("trace_id", "outcome.failures", "outcome.slo_hit");
		assertThat(answer.json().get("errors").get(1).get("message").asString()).isEqualTo("must be a whole number, not 0.5");
		assertThat(answer.json().get("errors").get(2).get("message").asString()).isEqualTo("has the wrong type: expected true or false");
	}

	@Test
	void aBodyWithOneWrongTypeStillNamesOnlyIt() {
		TestHttp.Response answer = http.post("/feedback", "{\"trace_id\": \"tr_x\", \"outcome\": {\"failures\": \"two\"}}");
		assertThat(fields(answer)).containsExactly("outcome.failures");
		assertThat(answer.json().get("detail").asString()).isEqualTo("Field 'outcome.failures' has the wrong type: expected a whole number");
	}

	@Test
	void aLargeBodyIsNotReadAgainSoItNamesItsFirstWrongTypeOnly() {
		String padding = "p".repeat(70 * 1024);
		TestHttp.Response answer = http.post("/feedback",
				"{\"trace_id\": 1, \"outcome\": {\"cost\": \"x\"}, \"padding\": \"" + padding + "\"}");
		assertProblem(answer, 400);
		assertThat(fields(answer)).containsExactly("trace_id");
	}

	@Test
	void atMostTwentyWrongTypesAreNamedAndAnAnswerSaysWhenThereAreMore() {
		TestHttp.Response answer = http.post("/decisions", wrongProviders(22));
		assertProblem(answer, 400);
		assertThat(fields(answer)).hasSize(20).startsWith("candidates[0].provider").endsWith("candidates[19].provider");
		assertThat(answer.json().get("more_errors").asBoolean()).isTrue();
		assertThat(answer.json().get("detail").asString()).endsWith("; and more");
		TestHttp.Response twenty = http.post("/decisions", wrongProviders(20));
		assertThat(fields(twenty)).as("twenty are all there were").hasSize(20);
		assertThat(twenty.json().has("more_errors")).isFalse();
		assertThat(twenty.json().get("detail").asString()).doesNotContain("and more");
	}

	private static String wrongProviders(int count) {
		StringBuilder candidates = new StringBuilder();
		for (int i = 0; i < count; i++) {
			candidates.append(i == 0 ? "" : ",").append("{\"provider\": " + i + ", \"sku\": \"s\"}");
		}
		return "{\"task_id\": \"t\", \"candidates\": [" + candidates + "]}";
	}

	private static List<String> fields(TestHttp.Response answer) {
		List<String> fields = new ArrayList<>();
		for (JsonNode error : answer.json().get("errors")) {
			fields.add(error.get("field").asString());
		}
		return fields;
	}

}
