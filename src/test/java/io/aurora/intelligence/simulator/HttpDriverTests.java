package io.aurora.intelligence.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.aurora.intelligence.AuroraIntelligenceApplication;
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
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "PSI_URL=http://127.0.0.1:9",
					"AURORA_ROUTER_URL=http://127.0.0.1:9")
			.run()) {
			String port = service.getEnvironment().getProperty("local.server.port");
			ByteArrayOutputStream printed = new ByteArrayOutputStream();
			new HttpDriver(URI.create("http://127.0.0.1:" + port)).run(Scenario.STATIONARY, 300, 1,
					new PrintStream(printed, true, StandardCharsets.UTF_8));
			assertThat(printed.toString(StandardCharsets.UTF_8)).contains("scenario stationary over HTTP, 300 decisions");
			assertThat(service.getBean(Strategist.class).stats().updates()).isEqualTo(300);
		}
	}

}
