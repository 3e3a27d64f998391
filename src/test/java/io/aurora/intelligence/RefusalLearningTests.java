package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A candidate the router always refuses is learned worse than any it places, however poor their outcomes, so that
 * only exploration still tries it, under the seed's reward and under objective weights alike.
 */
class RefusalLearningTests {

	static final String REQUEST = FailoverTests.REQUEST;

	@TempDir
	Path dir;

	@Test
	void underLatencyWeightsACandidateTheRouterAlwaysRefusesIsLearnedWorseThanAnyItPlaces() throws Exception {
		assertThat(refusedFirstInTheLast100(Map.of("REWARD_WEIGHTS", "latency=1"),
				"{\"latency_ms\": 100, \"cost\": 0.5, \"failures\": 0, \"slo_hit\": true}"))
			.as("a refusal scores the worst latency, so only exploration still tries akash")
			.isLessThan(15);
	}

	@Test
	void underTheSeedsRewardACandidateTheRouterAlwaysRefusesIsLearnedWorseThanOnePlacedWithThePoorestOutcome()
			throws Exception {
		// The seed's rule scores this outcome -0.7, and scored a refusal -0.2: the model came to prefer akash.
		assertThat(refusedFirstInTheLast100(Map.of(),
				"{\"latency_ms\": 400, \"cost\": 2, \"failures\": 0, \"slo_hit\": false}"))
			.as("a refusal scores -1, the least reward, so only exploration still tries akash")
			.isLessThan(15);
	}

	/** How often, in the last 100 of 300 decisions, the policy's own choice was akash, which the router always refuses. */
	private int refusedFirstInTheLast100(Map<String, String> settings, String outcome) throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> request.getBody().utf8().contains("\"akash\"")
					? NeighbourStubs.json(409, "{\"status\":\"no_capacity\"}")
					: NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":0.6}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
				service.http.awaitPsiReading();
				int akashFirst = 0;
				for (int i = 0; i < 300; i++) {
					JsonNode answer = service.http.decide(REQUEST);
					String first = answer.at("/explanations/first_choice").isMissingNode() ? answer.at("/chosen/provider").asString()
							: answer.at("/explanations/first_choice/provider").asString();
					akashFirst += i >= 200 && "akash".equals(first) ? 1 : 0;
					assertThat(service.http.post("/feedback", "{\"trace_id\": \"" + answer.get("trace_id").asString()
							+ "\", \"outcome\": " + outcome + "}").status()).as("the feedback the comparison rests on").isEqualTo(200);
				}
				return akashFirst;
			}
		}
	}

}
