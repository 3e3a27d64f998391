package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/** A model imported under some settings and a start under others: not used, and the start says so. */
@ExtendWith(OutputCaptureExtension.class)
class ImportedModelSettingsTests {

	private static final String KEY = "a-long-enough-test-key-123";

	@TempDir
	Path dir;

	@Test
	void aModelImportedUnderOtherSettingsIsNotUsedAndTheStartSaysSo(CapturedOutput output) {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
				TestHttp http = service.http;
				String trace = http.decide(SEED_DECISION).get("trace_id").asString();
				assertThat(http.send(authorized(http, "/feedback").POST(HttpRequest.BodyPublishers.ofString(
						"{\"trace_id\": \"" + trace + "\", \"outcome\": {\"slo_hit\": true}}"))).status()).isEqualTo(200);
				String exported = http.send(authorized(http, "/model").GET()).body();
				assertThat(http.send(authorized(http, "/model").PUT(HttpRequest.BodyPublishers.ofString(exported))).status())
					.isEqualTo(204);
			}
			assertThat(output.getAll()).doesNotContain("was learned under other settings")
				.as("a replaced model changes every decision after it, so the log says so")
				.contains("Model replaced by PUT /model: a 'squarecb' model of 1 updates, exported at its feedback log entry 1");
			try (RunningService changed = RunningService.start(dir.resolve("d.db"), neighbours,
					Map.of("AURORA_API_KEY", KEY, "FORGETTING", "0.99"))) {
				assertThat(output.getAll()).contains("The newest imported model (PUT /model) was learned under other settings");
			}
		}
	}

	@Test
	void aModelScoredUnderOtherRewardSettingsIsImportedWithAWarningSayingWhichDiffer(CapturedOutput output) {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			String exported;
			try (RunningService budgets = RunningService.start(dir.resolve("a.db"), neighbours,
					Map.of("AURORA_API_KEY", KEY, "REWARD_LATENCY_REFERENCE", "request", "REWARD_COST", "4"))) {
				exported = budgets.http.send(authorized(budgets.http, "/model").GET()).body();
				assertThat(TestHttp.JSON.readTree(exported).get("reward").toString()).as("keys in order").isEqualTo(
						"{\"cost\":4.0,\"latency_ms\":200.0,\"latency_reference\":\"request\",\"weights\":{}}");
				TestHttp.Response same = budgets.http.send(authorized(budgets.http, "/model")
					.PUT(HttpRequest.BodyPublishers.ofString(exported)));
				assertThat(same.status()).isEqualTo(204);
				assertThat(same.headers().firstValue("Warning")).as("its own settings").isEmpty();
			}
			try (RunningService seed = RunningService.start(dir.resolve("b.db"), neighbours, Map.of("AURORA_API_KEY", KEY))) {
				TestHttp.Response imported = seed.http.send(authorized(seed.http, "/model")
					.PUT(HttpRequest.BodyPublishers.ofString(exported)));
				assertThat(imported.status()).isEqualTo(204);
				assertThat(imported.headers().firstValue("Warning")).hasValueSatisfying(warning -> assertThat(warning)
					.contains("cost 4.0 there, 1.0 here; latency_reference request there, fixed here")
					.doesNotContain("latency_ms"));
				assertThat(output.getAll()).contains("Model imported by PUT /model: the model's rewards were scored under other "
						+ "reward settings");
			}
		}
	}

	private static HttpRequest.Builder authorized(TestHttp http, String path) {
		return HttpRequest.newBuilder(URI.create(http.base() + path)).header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + KEY);
	}

}
