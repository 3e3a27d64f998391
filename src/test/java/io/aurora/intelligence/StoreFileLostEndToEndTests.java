package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A SQLite store deleted while the service runs: nothing is acknowledged to the lost file, no empty file takes its
 * place, and the next start is refused rather than beginning an empty store.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreFileLostEndToEndTests {

	private static final String KEY = "an-admin-key-for-tests";

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	@Test
	void aStoreDeletedWhileTheServiceRunsRefusesWritesAndTheNextStart(CapturedOutput output) throws Exception {
		Path store = dir.resolve("d.db");
		try (RunningService service = RunningService.start(store, neighbours,
				Map.of("AURORA_ROUTER_URL", "none", "AURORA_API_KEY", KEY))) {
			assertThat(service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION).status()).isEqualTo(200);
			String model = service.http.send(withKey(service.http, "/model").GET()).body();
			for (String suffix : new String[] { "", "-wal", "-shm" }) {
				Files.deleteIfExists(dir.resolve("d.db" + suffix));
			}
			for (int i = 0; i < 3; i++) {
				assertThat(service.http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION).status())
					.as("no decision acknowledged to the lost file").isEqualTo(503);
				assertThat(service.http.get("/status").status()).isIn(200, 503);
				assertThat(service.http.post("/feedback", "{\"trace_id\": \"tr_0123456789abcdef0123456789abcdef\", "
						+ "\"outcome\": {\"latency_ms\": 42}}").status()).isNotEqualTo(200);
			}
			assertThat(service.http.send(withKey(service.http, "/model").header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(model))).status()).as("no model import acknowledged to it either")
				.isEqualTo(503);
			assertThat(service.http.get("/health/readiness").status()).isEqualTo(503);
			assertThat(store).as("no connection made an empty store in its place").doesNotExist();
		}
		assertThat(output).contains("d.db was deleted while the service ran");

		assertThatThrownBy(() -> RunningService.start(store, neighbours, Map.of("AURORA_ROUTER_URL", "none")));
		assertThat(output).contains("d.db is missing, though a store was made there");
		assertThat(store).doesNotExist();
	}

	private static HttpRequest.Builder withKey(TestHttp http, String path) {
		return HttpRequest.newBuilder(URI.create(http.base() + path)).header("Authorization", "Bearer " + KEY);
	}

}
