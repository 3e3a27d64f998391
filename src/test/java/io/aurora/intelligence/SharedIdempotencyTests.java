package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency-Keys on the shared PostgreSQL store: a retry that reaches another replica finds the first's answer. */
class SharedIdempotencyTests extends AbstractSharedModeTests {

	@Test
	void aRetryOnAnotherReplicaGetsTheFirstReplicasAnswer() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			long routed = neighbours.router.getRequestCount();
			TestHttp.Response first = keyed(a.http, "shared-key-1", SEED_DECISION);
			assertThat(first.status()).isEqualTo(200);
			TestHttp.Response retry = keyed(b.http, "shared-key-1", SEED_DECISION);
			assertThat(retry.status()).isEqualTo(200);
			assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(retry.json().get("trace_id")).isEqualTo(first.json().get("trace_id"));
			assertThat(neighbours.router.getRequestCount() - routed).as("placed once").isEqualTo(1);
			assertThat(keyed(b.http, "shared-key-1", SEED_DECISION.replace("task-123", "task-9")).status()).isEqualTo(422);
		}
	}

	private static TestHttp.Response keyed(TestHttp http, String key, String body) {
		return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/decisions")).header("Content-Type", "application/json")
			.header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

}
