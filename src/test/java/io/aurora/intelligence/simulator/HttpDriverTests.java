package io.aurora.intelligence.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.aurora.intelligence.AuroraIntelligenceApplication;
import io.aurora.intelligence.psi.PsiCache;
import io.aurora.intelligence.psi.PsiReading;
import io.aurora.intelligence.strategist.Strategist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator drives a running service over HTTP, and the service learns from it. */
class HttpDriverTests {

	@TempDir
	Path dir;

	@Test
	void driverPlaysTheMarketAgainstARunningService() throws Exception {
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "SHUTDOWN_DRAIN_MS=0", "STORE_FILE=" + dir.resolve("d.db"), "PSI_URL=http://127.0.0.1:9",
					"AURORA_ROUTER_URL=http://127.0.0.1:9")
			.run()) {
			String port = service.getEnvironment().getProperty("local.server.port");
			ByteArrayOutputStream printed = new ByteArrayOutputStream();
			new HttpDriver(URI.create("http://127.0.0.1:" + port), 0, null).run(Scenario.STATIONARY, 300, 1,
					new PrintStream(printed, true, StandardCharsets.UTF_8));
			assertThat(printed.toString(StandardCharsets.UTF_8)).contains("scenario stationary over HTTP, 300 decisions");
			assertThat(service.getBean(Strategist.class).stats().updates()).isEqualTo(300);
		}
	}

	@Test
	void aServiceThatNeverReadTheServedPsiIsReportedSoInsteadOfANoughtGap() throws Exception {
		int psiPort;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			psiPort = free.getLocalPort();
		}
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "SHUTDOWN_DRAIN_MS=0", "STORE_FILE=" + dir.resolve("d.db"), "PSI_URL=http://127.0.0.1:9",
					"AURORA_ROUTER_URL=http://127.0.0.1:9")
			.run()) {
			String port = service.getEnvironment().getProperty("local.server.port");
			ByteArrayOutputStream printed = new ByteArrayOutputStream();
			new HttpDriver(URI.create("http://127.0.0.1:" + port), psiPort, null, Duration.ofSeconds(1)).run(Scenario.SHIFT, 100,
					1, new PrintStream(printed, true, StandardCharsets.UTF_8));
			assertThat(printed.toString(StandardCharsets.UTF_8)).contains("the service has not read it in 1 s")
				.contains("the service never read the simulated Ψ, so how far its Ψ lagged is not known")
				.doesNotContain("mean gap")
				.as("too few decisions after the shift for a window: said so, not -1").contains("recovery (decisions) n/a");
		}
	}

	@Test
	void driverServesTheSimulatedPsiAndTheServiceDecidesWithIt() throws Exception {
		int psiPort;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			psiPort = free.getLocalPort();
		}
		try (ConfigurableApplicationContext service = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "SHUTDOWN_DRAIN_MS=0", "STORE_FILE=" + dir.resolve("d.db"), "PSI_URL=http://127.0.0.1:" + psiPort, "CACHE_TTL_S=1",
					"AURORA_ROUTER_URL=http://127.0.0.1:9", "AURORA_API_KEY=0123456789abcdef-key", "AURORA_AUTH_DECISIONS=true")
			.run()) {
			String port = service.getEnvironment().getProperty("local.server.port");
			ByteArrayOutputStream printed = new ByteArrayOutputStream();
			new HttpDriver(URI.create("http://127.0.0.1:" + port), psiPort, "0123456789abcdef-key").run(Scenario.PSI_DRIFT, 200,
					1, new PrintStream(printed, true, StandardCharsets.UTF_8));
			String output = printed.toString(StandardCharsets.UTF_8);
			assertThat(output).contains("serving the simulated Ψ at http://127.0.0.1:" + psiPort + "/state")
				.doesNotContain("has not read it")
				.contains("scenario psi-drift over HTTP, 200 decisions")
				.contains("mean gap between the Ψ the service used and the simulated Ψ");
			assertThat(service.getBean(Strategist.class).stats().updates()).isEqualTo(200);
			PsiReading used = service.getBean(PsiCache.class).current();
			assertThat(used.coherence()).isNotEqualTo(0.5);
			assertThat(used.source()).as("read from the driver's Ψ (stale once the driver stopped serving it)")
				.isIn("live", "stale");
		}
	}

}
