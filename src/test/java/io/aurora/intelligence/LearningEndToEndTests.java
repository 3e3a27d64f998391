package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Learning as a user meets it: the service learns which provider is better whatever the order of the
 * candidates, and still knows it after a restart on the same store, where the model is rebuilt from
 * the feedback log to the same numbers it had learned live.
 */
class LearningEndToEndTests {

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@Test
	void learnedPreferenceIgnoresCandidateOrderAndSurvivesRestart() throws Exception {
		Path store = dir.resolve("decisions.db");
		Map<String, String> greedy = Map.of("AURORA_POLICY", "q-table", "EPSILON", "0", "ALPHA", "0.5");
		Random order = new Random(11);
		long updates;
		double vastValue;
		try (RunningService service = RunningService.start(store, neighbours, greedy)) {
			service.http.awaitPsiReading();
			for (int i = 0; i < 12; i++) {
				boolean vastFirst = order.nextBoolean();
				JsonNode decision = service.http.decide(request(vastFirst));
				boolean vast = "vast".equals(decision.at("/chosen/provider").asString());
				String outcome = vast ? "{\"latency_ms\": 30, \"cost\": 0.1, \"slo_hit\": true}"
						: "{\"latency_ms\": 400, \"cost\": 0.9, \"slo_hit\": false, \"failures\": 2}";
				assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + decision.get("trace_id").asString()
						+ "\", \"outcome\": " + outcome + "}").status()).isEqualTo(200);
			}
			JsonNode first = service.http.decide(request(false));
			JsonNode second = service.http.decide(request(true));
			assertThat(first.at("/chosen/provider").asString()).isEqualTo("vast");
			assertThat(second.at("/chosen/provider").asString()).isEqualTo("vast");
			assertThat(first.at("/explanations/exploration").asString()).isEqualTo("exploit");
			assertThat(first.at("/explanations/propensity").asDouble()).isEqualTo(1.0);
			vastValue = first.at("/explanations/q_value").asDouble();
			TestHttp.Response weighted = service.http.post("/decisions", request(false).replaceFirst("\\{",
					"{\"objectives\": {\"latency\": 1}, "));
			assertThat(weighted.status()).as("a tabular policy learns one scalar: " + weighted.body()).isEqualTo(400);
			assertThat(weighted.contentType()).startsWith("application/problem+json");
			assertThat(weighted.body()).contains("objectives");
			assertThat(vastValue).isPositive();
			assertThat(second.at("/explanations/q_value").asDouble()).isEqualTo(vastValue);
			updates = service.http.get("/status").json().at("/model/updates").asLong();
			assertThat(updates).isEqualTo(12);
		}
		try (RunningService restarted = RunningService.start(store, neighbours, greedy)) {
			restarted.http.awaitPsiReading();
			JsonNode status = restarted.http.get("/status").json();
			assertThat(status.at("/model/updates").asLong()).isEqualTo(updates);
			assertThat(status.at("/store/feedback").asLong()).isEqualTo(12);
			JsonNode again = restarted.http.decide(request(false));
			assertThat(again.at("/chosen/provider").asString()).isEqualTo("vast");
			assertThat(again.at("/explanations/q_value").asDouble()).isEqualTo(vastValue);
		}
	}

	@Test
	void defaultPolicyLearnsFromConcurrentFeedbackAsTheReplayedLogDoes() throws Exception {
		Path store = dir.resolve("squarecb.db");
		Random order = new Random(5);
		JsonNode vastEstimate;
		try (RunningService service = RunningService.start(store, neighbours, Map.of())) {
			service.http.awaitPsiReading();
			List<String> feedback = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				JsonNode decision = service.http.decide(request(order.nextBoolean()));
				boolean vast = "vast".equals(decision.at("/chosen/provider").asString());
				String outcome = vast ? "{\"latency_ms\": 30, \"cost\": 0.1, \"slo_hit\": true}"
						: "{\"latency_ms\": 400, \"cost\": 0.9, \"slo_hit\": false, \"failures\": 2}";
				feedback.add("{\"trace_id\": \"" + decision.get("trace_id").asString() + "\", \"outcome\": " + outcome + "}");
			}
			ExecutorService senders = Executors.newFixedThreadPool(8);
			try {
				List<Future<Integer>> statuses = new ArrayList<>();
				for (String body : feedback) {
					statuses.add(senders.submit(() -> service.http.post("/feedback", body).status()));
				}
				for (Future<Integer> status : statuses) {
					assertThat(status.get()).isEqualTo(200);
				}
			}
			finally {
				senders.shutdown();
			}
			vastEstimate = service.http.decide(only("vast", "V4")).get("explanations");
			JsonNode akashEstimate = service.http.decide(only("akash", "A8")).get("explanations");
			assertThat(vastEstimate.get("q_value").asDouble()).isGreaterThan(akashEstimate.get("q_value").asDouble() + 0.3);
			assertThat(vastEstimate.at("/objectives/latency").asDouble())
				.isGreaterThan(akashEstimate.at("/objectives/latency").asDouble());
		}
		try (RunningService restarted = RunningService.start(store, neighbours, Map.of())) {
			restarted.http.awaitPsiReading();
			JsonNode replayed = restarted.http.decide(only("vast", "V4")).get("explanations");
			assertThat(replayed.get("q_value")).isEqualTo(vastEstimate.get("q_value"));
			assertThat(replayed.get("objectives")).isEqualTo(vastEstimate.get("objectives"));
		}
	}

	private static String only(String provider, String sku) {
		return """
				{"task_id": "train", "context": {"cpu": 16, "memory_gb": "64Gi", "latency_ms": 120, "region": "eu"},
				 "candidates": [{"provider": "%s", "sku": "%s"}]}
				""".formatted(provider, sku);
	}

	private static String request(boolean vastFirst) {
		String akash = "{\"provider\": \"akash\", \"sku\": \"A8\"}";
		String vast = "{\"provider\": \"vast\", \"sku\": \"V4\"}";
		return """
				{"task_id": "train", "context": {"cpu": 16, "memory_gb": "64Gi", "latency_ms": 120, "region": "eu"},
				 "candidates": [%s, %s]}
				""".formatted(vastFirst ? vast : akash, vastFirst ? akash : vast);
	}

}
