package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port, with loopback stand-ins for the Ψ-field and the router. The classes
 * that extend it add no configuration of their own, so Spring starts the service once and they all share it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractEndToEndTests {

	static final NeighbourStubs neighbours = new NeighbourStubs();

	/**
	 * Stops the neighbours when the whole run ends, not after each class, since the cached service goes on
	 * calling them from one class to the next.
	 */
	@RegisterExtension
	static final BeforeAllCallback stopNeighboursAfterTheRun = (context) -> context.getRoot()
		.getStore(ExtensionContext.Namespace.create(AbstractEndToEndTests.class))
		.computeIfAbsent(NeighbourStubs.class, (key) -> neighbours);

	@LocalServerPort
	int port;

	TestHttp http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("aurora-e2e");
		registry.add("STORE_FILE", () -> dir.resolve("decisions.db").toString());
		registry.add("PSI_URL", neighbours::psiUrl);
		registry.add("AURORA_ROUTER_URL", neighbours::routerUrl);
		registry.add("SHUTDOWN_DRAIN_MS", () -> "0");
		registry.add("METRICS_CACHE_MS", () -> "0");
	}

	@BeforeEach
	void client() throws InterruptedException {
		http = new TestHttp(port);
		http.awaitPsiReading();
	}

	static void assertProblem(TestHttp.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace\"");
	}

}
