package io.aurora.intelligence.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.aurora.intelligence.strategist.Policy;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code simulate} command as a user meets it on the command line: its exit status and one line saying what
 * went wrong, never a stack trace, for the first mistakes a user makes.
 */
class SimulatorCliTests {

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void helpPrintsTheOptionsAndSucceeds() {
		assertThat(run("--help")).isZero();
		assertThat(printed(out)).contains("usage:", "--scenario", "--tenants", "--evaluate", "--url", "--psi-port");
		assertThat(printed(err)).isEmpty();
	}

	@Test
	void recoveryWithinTheFirstWindowAfterAShiftIsShownAsAtMostTheWindowNotAsTheWindow() {
		double[] unaffected = new double[3000];
		Arrays.fill(unaffected, 0.1);
		assertThat(RegretSummary.of("seed", unaffected, 2000).recoveryColumn(1000, true)).isEqualTo("≤ 500");
		double[] hit = unaffected.clone();
		Arrays.fill(hit, 2000, 2400, 1.0);
		RegretSummary slow = RegretSummary.of("seed", hit, 2000);
		assertThat(slow.recoveryColumn(1000, true)).isEqualTo(String.valueOf(slow.recovery()));
		assertThat(slow.recovery()).isGreaterThan(RegretSummary.WINDOW);
	}

	@Test
	void theServicesPolicyIsLabelledDefaultOnlyWithTheDefaultSettings() {
		Policy policy = SimulatorCli.serviceProperties().createPolicy();
		assertThat(SimulatorCli.serviceLabel(policy)).isEqualTo("squarecb (default)");
		System.setProperty("aurora.learning.forgetting", "1");
		try {
			assertThat(SimulatorCli.serviceLabel(policy)).as("FORGETTING=1, say").isEqualTo("squarecb (as configured)");
		}
		finally {
			System.clearProperty("aurora.learning.forgetting");
		}
	}

	@Test
	void aUsageErrorIsOneLineAndStatus2() {
		assertThat(run("--url", "notaurl")).isEqualTo(2);
		assertThat(printed(err)).startsWith("simulate: --url must be the service's http:// or https:// address")
			.contains("--help lists the options").hasLineCount(1);
		assertThat(run("--evaluate", "true", "--out", dir.toString())).isEqualTo(2);
		assertThat(printed(err)).contains("--out has no effect with --evaluate");
		assertThat(run("--rules-random", "10")).isEqualTo(2);
		assertThat(printed(err)).contains("--rules-random applies to --evaluate true");
		assertThat(run("--evaluate", "true", "--rules-random", "0")).isEqualTo(2);
		assertThat(printed(err)).contains("--rules-random must be from 1 to 100, not 0");
		assertThat(run("--shadow", "rules-fit")).isEqualTo(2);
		assertThat(printed(err)).contains("--shadow plays shadow mode against a service driven with --url");
		assertThat(run("--url", "http://127.0.0.1:9", "--shadow", "my-rules")).isEqualTo(2);
		assertThat(printed(err)).contains("--shadow must name hand-written rules");
		assertThat(run("--market", "imaginary")).isEqualTo(2);
		assertThat(printed(err)).contains("--market must be fixed or random");
		assertThat(run("--tenants", "true", "--market", "random")).isEqualTo(2);
		assertThat(printed(err)).contains("--market applies to the policies' regret runs");
	}

	@Test
	void anEvaluationRunsOnARandomMarketToo() {
		assertThat(run("--evaluate", "true", "--market", "random", "--steps", "1000")).isZero();
		assertThat(printed(out)).contains("off-policy evaluation on 1000 decisions logged by squarecb, seed 1, market drawn "
				+ "from the seed");
	}

	@Test
	void aRandomMarketIsNamedInTheTablesItWrites() throws Exception {
		assertThat(run("--market", "random", "--scenario", "shift", "--steps", "600", "--policies", "rules-fit,oracle",
				"--out", dir.toString())).isZero();
		assertThat(printed(out)).contains("scenario shift, 600 decisions, seed 1, market drawn from the seed, shift at 300: m");
		assertThat(Files.readString(dir.resolve("results.md")))
			.startsWith("### shift (600 decisions, seed 1, market drawn from the seed)");
		assertThat(Files.readString(dir.resolve("shift.svg"))).contains("seed 1, market drawn from the seed");
	}

	@Test
	void eachScenarioWritesItsMeanRegretPerBlockAsCsvThatAddsUpToTheTablesMean() throws Exception {
		assertThat(run("--scenario", "stationary", "--steps", "600", "--policies", "rules-fit,oracle", "--block", "250",
				"--out", dir.toString())).isZero();
		List<String> rows = Files.readAllLines(dir.resolve("stationary-blocks.csv"));
		assertThat(rows).hasSize(4);
		assertThat(rows.get(0)).isEqualTo("first,last,rules-fit,oracle");
		assertThat(rows.subList(1, 4)).extracting(row -> row.substring(0, row.indexOf(',', row.indexOf(',') + 1)))
			.containsExactly("1,250", "251,500", "501,600");
		assertThat(rows.subList(1, 4)).allSatisfy(row -> assertThat(row).endsWith(",0.0000"));
		double weighted = 0;
		for (String row : rows.subList(1, 4)) {
			String[] fields = row.split(",");
			weighted += Double.parseDouble(fields[2]) * (Integer.parseInt(fields[1]) - Integer.parseInt(fields[0]) + 1);
		}
		String table = Files.readString(dir.resolve("results.md"));
		String rulesRow = table.lines().filter(line -> line.startsWith("| rules-fit |")).findFirst().orElseThrow();
		assertThat(weighted / 600).as("the blocks' regret adds up to the run's mean in results.md")
			.isCloseTo(Double.parseDouble(rulesRow.split("\\|")[2].strip()), within(0.0002));
		assertThat(Double.parseDouble(rows.get(1).split(",")[2])).as("rules are not oracles").isPositive();
	}

	@Test
	void aBlockOutsideTheRunOrWithoutBlocksToWriteIsAUsageError() {
		assertThat(run("--steps", "600", "--block", "601")).isEqualTo(2);
		assertThat(printed(err)).contains("--block must be from 10 to 600, not 601");
		assertThat(run("--evaluate", "true", "--block", "100")).isEqualTo(2);
		assertThat(printed(err)).contains("--block has no effect with --evaluate");
		assertThat(run("--tenants", "true", "--block", "100")).isEqualTo(2);
		assertThat(printed(err)).contains("--block applies to the policies' regret runs, not --tenants");
		assertThat(run("--url", "http://127.0.0.1:9", "--block", "100")).isEqualTo(2);
		assertThat(printed(err)).contains("--block has no effect with --url");
	}

	@Test
	void rulesRandomSetsHowOftenTheEvaluatedRulesPickAtRandom() {
		assertThat(run("--evaluate", "true", "--rules-random", "5", "--steps", "1000")).isZero();
		assertThat(printed(out)).contains("rules that take the cheapest candidate 95% of the time");
	}

	@Test
	void aResultsDirectoryThatCannotBeCreatedIsOneLineAndStatus1BeforeAnythingRuns() throws Exception {
		Path file = Files.writeString(dir.resolve("taken"), "x");
		assertThat(run("--scenario", "shift", "--steps", "100", "--out", file.toString())).isOne();
		assertThat(printed(err)).startsWith("simulate: cannot create the results directory " + file).hasLineCount(1);
		assertThat(printed(out)).as("nothing ran").isEmpty();
	}

	@Test
	void aServiceThatIsNotRunningIsOneLineAndStatus1() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		assertThat(run("--url", "http://127.0.0.1:" + port, "--steps", "100")).isOne();
		assertThat(printed(err)).startsWith("simulate: cannot connect to the service at http://127.0.0.1:" + port)
			.hasLineCount(1);
	}

	@Test
	void aServiceThatWantsAKeyStopsTheRunBeforeAnyDecision() throws Exception {
		try (MockWebServer service = new MockWebServer()) {
			service.start();
			service.enqueue(new MockResponse.Builder().code(401).body("{\"status\":401}").build());
			assertThat(run("--url", service.url("/").toString(), "--steps", "100")).isOne();
			assertThat(printed(err)).contains("requires its API key for feedback: set AURORA_API_KEY").hasLineCount(1);
			RecordedRequest only = service.takeRequest();
			assertThat(only.getTarget()).isEqualTo("/feedback");
			assertThat(service.getRequestCount()).as("no decision was sent").isOne();
		}
	}

	@Test
	void aRunEndingTooSoonAfterTheShiftSaysItsRecoveryCannotBeMeasured() {
		assertThat(run("--scenario", "shift", "--steps", "600", "--policies", "oracle", "--out", dir.toString())).isZero();
		assertThat(printed(out)).contains("n/a").doesNotContain("NaN");
		assertThat(run("--scenario", "stationary", "--steps", "200", "--policies", "oracle", "--out", dir.toString())).isZero();
		assertThat(printed(out)).doesNotContain("NaN");
	}

	private int run(String... args) {
		out.reset();
		err.reset();
		return SimulatorCli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private static String printed(ByteArrayOutputStream stream) {
		return stream.toString(StandardCharsets.UTF_8);
	}

}
