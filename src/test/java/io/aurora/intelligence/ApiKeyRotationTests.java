package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating the API key as an operator does it: the new key in {@code AURORA_API_KEY} and the old one in
 * {@code AURORA_API_KEY_PREVIOUS} while schedulers move over, then the old one removed.
 */
class ApiKeyRotationTests {

	static final String OLD = "the-old-key-0123456789";

	static final String NEW = "the-new-key-9876543210";

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@Test
	void duringARotationBothKeysAreAcceptedAndCountedAndAfterItOnlyTheNewOne() {
		Map<String, String> rotating = Map.of("AURORA_API_KEY", NEW, "AURORA_API_KEY_PREVIOUS", OLD + "\n",
				"AURORA_AUTH_DECISIONS", "true", "METRICS_CACHE_MS", "0");
		String late;
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, rotating)) {
			TestHttp http = service.http;
			assertThat(used(http, "previous")).as("each series is there from the start").isZero();
			assertThat(used(http, "current")).isZero();
			TestHttp.Response first = http.decideKeyed("job-1-attempt", SEED_DECISION, OLD);
			assertThat(first.status()).isEqualTo(200);
			TestHttp.Response retried = http.decideKeyed("job-1-attempt", SEED_DECISION, NEW);
			assertThat(retried.headers().firstValue("Idempotent-Replayed")).as("a retry sent once the scheduler has the new key")
				.hasValue("true");
			assertThat(retried.json().get("trace_id")).isEqualTo(first.json().get("trace_id"));
			assertThat(feedback(http, first.json().get("trace_id").asString(), OLD).status()).isEqualTo(200);
			late = http.decideKeyed("job-2-attempt", SEED_DECISION, OLD).json().get("trace_id").asString();
			TestHttp.Response wrong = feedback(http, late, "some-other-key-0123456789");
			assertThat(wrong.status()).isEqualTo(401);
			assertThat(wrong.contentType()).startsWith("application/problem+json");
			assertThat(http.post("/decisions", SEED_DECISION).status()).isEqualTo(401);
			assertThat(used(http, "previous")).isEqualTo(3);
			assertThat(used(http, "current")).isEqualTo(1);
		}
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("AURORA_API_KEY", NEW, "AURORA_AUTH_DECISIONS", "true", "METRICS_CACHE_MS", "0"))) {
			TestHttp http = service.http;
			assertThat(feedback(http, late, OLD).status()).as("the old key, once removed").isEqualTo(401);
			assertThat(http.decideKeyed("job-3-attempt", SEED_DECISION, OLD).status()).isEqualTo(401);
			assertThat(feedback(http, late, NEW).status()).as("a decision made with the old key takes feedback with the new")
				.isEqualTo(200);
			assertThat(used(http, "previous")).isZero();
			assertThat(used(http, "current")).isEqualTo(1);
		}
	}

	private static TestHttp.Response feedback(TestHttp http, String traceId, String key) {
		String body = "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}}";
		return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/feedback")).header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static double used(TestHttp http, String key) {
		Matcher sample = Pattern.compile("(?m)^aurora_intelligence_authorized_requests_total\\{key=\"" + key + "\"} (\\S+)$")
			.matcher(http.get("/metrics").body());
		assertThat(sample.find()).as("the %s key's series", key).isTrue();
		return Double.parseDouble(sample.group(1));
	}

}
