package io.aurora.intelligence.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aurora.intelligence.AuroraIntelligenceApplication;
import io.aurora.intelligence.psi.PsiCache;
import io.aurora.intelligence.psi.PsiReading;
import io.aurora.intelligence.strategist.Strategist;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
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
		try (ConfigurableApplicationContext service = service("PSI_URL=http://127.0.0.1:9")) {
			String printed = drive(service, new DriverSettings(0, null, Duration.ofSeconds(30)), Scenario.STATIONARY, 300);
			assertThat(printed).contains("scenario stationary over HTTP, 300 decisions");
			assertThat(service.getBean(Strategist.class).stats().updates()).isEqualTo(300);
		}
	}

	@Test
	void shadowModeSendsShadowDecisionsAndFeedbackNamingWhereTheRulesRanEachTask() throws Exception {
		try (ConfigurableApplicationContext service = service("PSI_URL=http://127.0.0.1:9")) {
			String port = service.getEnvironment().getProperty("local.server.port");
			ByteArrayOutputStream printed = new ByteArrayOutputStream();
			new HttpDriver(URI.create("http://127.0.0.1:" + port), 0, null, Duration.ofSeconds(30),
					Baselines.Rules.Kind.FIT)
				.run(Scenario.STATIONARY, 300, 1, new PrintStream(printed, true, StandardCharsets.UTF_8));
			String output = printed.toString(StandardCharsets.UTF_8);
			assertThat(output).contains("scenario stationary over HTTP, 300 decisions")
				.containsPattern("shadow mode: rules-fit placed every task; their mean regret 0\\.\\d{4}");
			Matcher answered = Pattern.compile("answered the rules' pick on (\\d+) of 300")
				.matcher(output);
			assertThat(answered.find()).as(output).isTrue();
			int agreed = Integer.parseInt(answered.group(1));
			MeterRegistry registry = service.getBean(MeterRegistry.class);
			double counted = registry.find("aurora.intelligence.shadow.feedback").tag("agreed", "true").counters().stream()
				.mapToDouble(c -> c.count()).sum();
			double disagreed = registry.find("aurora.intelligence.shadow.feedback").tag("agreed", "false").counters()
				.stream().mapToDouble(c -> c.count()).sum();
			assertThat(counted).as("each feedback named where the rules ran it").isEqualTo(agreed);
			assertThat(disagreed).as("the rules and the service parted ways").isEqualTo(300 - agreed).isPositive();
			assertThat(service.getBean(Strategist.class).stats().updates()).as("every feedback learned").isEqualTo(300);
			assertThat(service.getBean(MeterRegistry.class).get("aurora.intelligence.shadow.decisions").counter().count())
				.as("every decision a shadow one").isEqualTo(300.0);
		}
	}

	@Test
	void aServiceThatNeverReadTheServedPsiIsReportedSoInsteadOfANoughtGap() throws Exception {
		int psiPort = freePort();
		try (ConfigurableApplicationContext service = service("PSI_URL=http://127.0.0.1:9")) {
			String printed = drive(service, new DriverSettings(psiPort, null, Duration.ofSeconds(1)), Scenario.SHIFT, 100);
			assertThat(printed).contains("the service has not read it in 1 s")
				.contains("the service never read the simulated Ψ, so how far its Ψ lagged is not known")
				.doesNotContain("mean gap")
				.as("too few decisions after the shift for a window: said so, not -1").contains("recovery (decisions) n/a");
		}
	}

	@Test
	void driverServesTheSimulatedPsiAndTheServiceDecidesWithIt() throws Exception {
		int psiPort = freePort();
		try (ConfigurableApplicationContext service = service("PSI_URL=http://127.0.0.1:" + psiPort, "CACHE_TTL_S=1",
				"AURORA_API_KEY=0123456789abcdef-key", "AURORA_AUTH_DECISIONS=true")) {
			String output = drive(service, new DriverSettings(psiPort, "0123456789abcdef-key", Duration.ofSeconds(30)),
					Scenario.PSI_DRIFT, 200);
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

	/** The service on a store of its own, with no router, and {@code settings}. */
	private ConfigurableApplicationContext service(String... settings) {
		List<String> properties = new ArrayList<>(List.of("PORT=0", "SHUTDOWN_DRAIN_MS=0", "STORE_FILE=" + dir.resolve("d.db"),
				"AURORA_ROUTER_URL=http://127.0.0.1:9"));
		properties.addAll(List.of(settings));
		return new SpringApplicationBuilder(AuroraIntelligenceApplication.class).properties(properties.toArray(String[]::new)).run();
	}

	/** What the driver prints after {@code steps} decisions of {@code scenario} against {@code service}, seed 1. */
	private static String drive(ConfigurableApplicationContext service, DriverSettings settings, Scenario scenario, int steps)
			throws Exception {
		String port = service.getEnvironment().getProperty("local.server.port");
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		new HttpDriver(URI.create("http://127.0.0.1:" + port), settings.psiPort(), settings.apiKey(), settings.firstRead())
			.run(scenario, steps, 1, new PrintStream(printed, true, StandardCharsets.UTF_8));
		return printed.toString(StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return free.getLocalPort();
		}
	}

	/** The driver's Ψ port (0: none), key (null: none) and wait for the service's first read of its Ψ. */
	private record DriverSettings(int psiPort, @Nullable String apiKey, Duration firstRead) {
	}

}
