package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switching {@code AURORA_POLICY} and restarting on the same store retrains the new policy on every
 * feedback the log holds, so what was learned under one policy carries over to the next.
 */
class PolicySwitchTests {

	private static final int FEEDBACK = 30;

	@TempDir
	Path dir;

	@Test
	void aRestartUnderAnotherPolicyRetrainsItOnTheWholeLog() throws Exception {
		Path store = dir.resolve("decisions.db");
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			try (RunningService squarecb = RunningService.start(store, neighbours, Map.of())) {
				squarecb.http.awaitPsiReading();
				for (int i = 0; i < FEEDBACK; i++) {
					JsonNode decision = squarecb.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
					boolean akash = "akash".equals(decision.at("/chosen/provider").asString());
					String outcome = akash ? "{\"latency_ms\": 40, \"cost\": 0.1, \"slo_hit\": true}"
							: "{\"latency_ms\": 900, \"cost\": 2.0, \"failures\": 2, \"slo_hit\": false}";
					assertThat(squarecb.http.post("/feedback", "{\"trace_id\": \"" + decision.get("trace_id").asString()
							+ "\", \"outcome\": " + outcome + "}").status()).isEqualTo(200);
				}
				assertThat(policyAndUpdates(squarecb)).isEqualTo("squarecb " + FEEDBACK);
			}

			try (RunningService qTable = RunningService.start(store, neighbours,
					Map.of("AURORA_POLICY", "q-table", "EPSILON", "0"))) {
				assertThat(policyAndUpdates(qTable)).as("every logged feedback learned anew").isEqualTo("q-table " + FEEDBACK);
				qTable.http.awaitPsiReading();
				// Ten in a row: an untrained table, breaking its ties at random, would choose akash every time once in 1,024.
				for (int i = 0; i < 10; i++) {
					JsonNode greedy = qTable.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
					assertThat(greedy.at("/chosen/provider").asString()).as("what squarecb's feedback taught").isEqualTo("akash");
					assertThat(greedy.at("/explanations/exploration").asString()).isEqualTo("exploit");
				}
			}

			try (RunningService ucb = RunningService.start(store, neighbours, Map.of("AURORA_POLICY", "ucb"))) {
				assertThat(policyAndUpdates(ucb)).isEqualTo("ucb " + FEEDBACK);
			}
		}
	}

	private static String policyAndUpdates(RunningService service) {
		JsonNode model = service.http.get("/status").json().get("model");
		return model.get("policy").asString() + " " + model.get("updates").asLong();
	}

}
