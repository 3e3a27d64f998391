package io.aurora.intelligence.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A short, fixed-seed run of the market simulator: the default policy must beat uniform random and
 * the seed's algorithm by a wide margin. This checks decision quality, not speed.
 */
class SimulationTests {

	@Test
	void defaultPolicyBeatsRandomAndTheSeedByAWideMargin() {
		Map<String, RegretSummary> runs = run(Scenario.STATIONARY, 4000);
		double service = runs.get("squarecb (default)").mean();
		assertThat(service).isLessThan(0.35 * runs.get("seed").mean());
		assertThat(service).isLessThan(0.35 * runs.get("random").mean());
		assertThat(runs.get("oracle").mean()).isZero();
	}

	@Test
	void defaultPolicyBeatsAStandardLinearContextualBandit() {
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		Map<String, RegretSummary> runs = SimulatorCli.run(Scenario.SHIFT, 4000, 42, List.of("linucb", "service"), quiet)
			.stream()
			.collect(Collectors.toMap(RegretSummary::policy, Function.identity()));
		assertThat(runs.get("squarecb (default)").mean()).isLessThan(0.9 * runs.get("linucb").mean());
	}

	@Test
	void driftingPsiDoesNotFragmentTheDefaultPolicy() {
		Map<String, RegretSummary> runs = run(Scenario.PSI_DRIFT, 4000);
		assertThat(runs.get("squarecb (default)").mean()).isLessThan(0.35 * runs.get("seed").mean());
	}

	@Test
	void seedBaselineLearnsNothingWhenCandidatesComeInRandomOrder() {
		Map<String, RegretSummary> runs = run(Scenario.STATIONARY, 4000);
		assertThat(runs.get("seed").lastQuarter()).isGreaterThan(0.8 * runs.get("random").lastQuarter());
	}

	@Test
	void shiftDegradesTheMostOftenBestOffering() {
		Market market = new Market();
		Workload workload = new Workload(Scenario.SHIFT, 1, 1000, market);
		assertThat(workload.shiftStep()).isEqualTo(500);
		int shifted = workload.shiftedOffering();
		assertThat(workload.offering(shifted, 499)).isEqualTo(Market.CATALOGUE.get(shifted));
		assertThat(workload.offering(shifted, 500).latencyMs()).isEqualTo(3 * Market.CATALOGUE.get(shifted).latencyMs());
	}

	@Test
	void improveMakesTheLeastOftenBestOfferingTheMostOftenBest() {
		Market market = new Market();
		Workload workload = new Workload(Scenario.IMPROVE, 1, 1000, market);
		assertThat(workload.shiftStep()).isEqualTo(500);
		int improved = workload.shiftedOffering();
		int[] before = workload.wins(market, UnaryOperator.identity(), -1);
		assertThat(before[improved]).isEqualTo(Arrays.stream(before).min().orElseThrow());
		assertThat(workload.offering(improved, 499)).isEqualTo(Market.CATALOGUE.get(improved));
		assertThat(workload.offering(improved, 500)).isEqualTo(Market.CATALOGUE.get(improved).improved());
		int[] after = workload.wins(market, Offering::improved, improved);
		assertThat(after[improved]).isEqualTo(Arrays.stream(after).max().orElseThrow());
	}

	@Test
	void commandWritesAChartAndATable(@TempDir Path out) throws Exception {
		SimulatorCli.main(new String[] { "--scenario", "shift", "--steps", "1200", "--policies", "random,service,oracle",
				"--out", out.toString() });
		String svg = Files.readString(out.resolve("shift.svg"));
		assertThat(svg).startsWith("<svg").contains("polyline", "squarecb (default)", "shift");
		assertThat(Files.readString(out.resolve("results.md"))).contains("| random |", "| oracle | 0.0000 |");
	}

	@Test
	void aMarketDrawnFromASeedIsTheSameEachTimeAndAnotherSeedDrawsAnother() {
		List<Offering> one = Market.drawn(7).catalogue();
		assertThat(one).hasSameSizeAs(Market.CATALOGUE).isEqualTo(Market.drawn(7).catalogue())
			.isNotEqualTo(Market.drawn(8).catalogue());
		assertThat(one).allSatisfy(o -> {
			assertThat(o.comfortableCpu()).isIn(8, 16, 32, 64);
			assertThat(o.latencyMs()).isBetween(40.0, 90.0);
			assertThat(o.failureRate()).isBetween(0.01, 0.08);
			assertThat(Market.REGIONS).contains(o.home());
			assertThat(o.pricePerHour()).isBetween((0.2 + o.comfortableCpu() / 32.0) * 0.69,
					(0.2 + o.comfortableCpu() / 32.0) * 1.31);
		});
		assertThat(new Market().catalogue()).isEqualTo(Market.CATALOGUE);
		Market drawn = Market.drawn(7);
		Workload workload = new Workload(Scenario.SHIFT, 7, 400, drawn);
		for (int t = 0; t < 400; t++) {
			assertThat(Offered.at(workload, drawn, workload.request(t), t).actions()).as("the drawn market's offerings")
				.allSatisfy(a -> assertThat(a.provider()).matches("m\\d+"));
		}
		assertThat(workload.offering(workload.shiftedOffering(), 200).provider()).startsWith("m");
	}

	@Test
	void onAMarketItWasNotTunedOnTheDefaultPolicyStillBeatsTheBestTabularPolicyAndTheBestRules() {
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		Map<String, RegretSummary> runs = SimulatorCli
			.run(Scenario.STATIONARY, 4000, 42, List.of("ucb", "rules-fit", "service"), quiet, true)
			.stream()
			.collect(Collectors.toMap(RegretSummary::policy, Function.identity()));
		double service = runs.get("squarecb (default)").mean();
		assertThat(service).isLessThan(0.7 * runs.get("ucb").mean()).isLessThan(0.7 * runs.get("rules-fit").mean());
	}

	@Test
	void commandRefusesUnknownOptionsAndUnusableNumbersWithAMessage(@TempDir Path dir) {
		assertThatThrownBy(() -> SimulatorCli.main(new String[] { "--bogus", "1" }))
			.isInstanceOf(SimulatorCli.UsageException.class).hasMessageContaining("unknown option --bogus");
		assertThatThrownBy(() -> SimulatorCli.main(new String[] { "--steps", "-5" }))
			.isInstanceOf(SimulatorCli.UsageException.class).hasMessageContaining("--steps must be from 100");
		assertThatThrownBy(() -> SimulatorCli.main(new String[] { "--steps", "abc" }))
			.isInstanceOf(SimulatorCli.UsageException.class).hasMessageContaining("whole number");
		assertThatThrownBy(() -> SimulatorCli.main(new String[] { "--scenario", "sideways" }))
			.isInstanceOf(SimulatorCli.UsageException.class).hasMessageContaining("unknown scenario");
		assertThatThrownBy(() -> SimulatorCli.main(new String[] { "--scenario", "shift", "--steps", "200", "--policies", "neural",
				"--out", dir.resolve("usage").toString() }))
			.isInstanceOf(SimulatorCli.UsageException.class).hasMessageContaining("unknown policy 'neural'");
		assertThat(dir.resolve("usage")).as("nothing written for a refused command").doesNotExist();
		assertThatThrownBy(() -> SimulatorCli.main(new String[] { "--evaluate", "yes" }))
			.isInstanceOf(SimulatorCli.UsageException.class).hasMessageContaining("--evaluate must be true or false");
		assertThatThrownBy(() -> SimulatorCli.main(new String[] { "--url", "http://127.0.0.1:9", "--policies", "random" }))
			.isInstanceOf(SimulatorCli.UsageException.class).hasMessageContaining("--policies has no effect with --url");
	}

	@Test
	void perRequestObjectivesServeTenantsBetterThanOneScalarisedPolicy() {
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		String table = TenantSimulation.run(4000, 42, quiet);
		assertThat(table).contains("| inference |", "| batch |", "| balanced |");
		for (String line : table.lines().filter(l -> l.startsWith("| batch |") || l.startsWith("| inference |")).toList()) {
			String[] cells = line.split("\\|");
			double perRequest = Double.parseDouble(cells[3].strip());
			double scalarised = Double.parseDouble(cells[4].strip());
			assertThat(perRequest).as(line).isLessThan(0.7 * scalarised);
		}
	}

	@Test
	void doublyRobustIntervalContainsTheTrueValueOfEveryEvaluatedPolicyAndPairedDifference() {
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		Map<String, OffPolicySimulation.Result> results = OffPolicySimulation.run(5000, 1, quiet);
		assertThat(results).as("three targets, two paired differences and one against the logging policy").hasSize(6);
		results.forEach((target, result) -> {
			var dr = result.estimates().stream().filter(e -> e.estimator().equals("dr")).findFirst().orElseThrow();
			assertThat(result.truth()).as(target).isBetween(dr.low(), dr.high());
			assertThat(dr.high() - dr.low()).as(target).isLessThan(0.1);
		});
		double greedy = width(results.get("epsilon-greedy 0.1 over the logs' model"));
		double half = width(results.get("epsilon-greedy 0.5 over the logs' model"));
		assertThat(width(results.get("epsilon-greedy 0.1 minus epsilon-greedy 0.5 over the logs' model, paired")))
			.as("paired, narrower than the two intervals combined as if independent").isLessThan(Math.hypot(greedy, half));
	}

	@Test
	void inACanaryTheTargetFittedOnShadowDecisionsTooIsWorthMoreThanTheRulesAndThanOneFittedOnTheCanaryAlone() {
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		Map<String, OffPolicySimulation.Result> results = CanarySimulation.run(10_000, 1, quiet);
		double alone = results.get("epsilon-greedy 0.1 fitted on the service's decisions only").truth();
		OffPolicySimulation.Result aided = results.get("epsilon-greedy 0.1 fitted on the shadow decisions too");
		assertThat(aided.truth()).as("a model that learned from ten times the decisions").isGreaterThan(alone + 0.01);
		assertThat(alone).as("either beats the rules").isGreaterThan(results.get(CanarySimulation.RULES).truth() + 0.1);
		var dr = aided.estimates().stream().filter(e -> e.estimator().equals("dr")).findFirst().orElseThrow();
		assertThat(aided.truth()).isBetween(dr.low(), dr.high());
		assertThat(dr.high() - dr.low()).as("supported: a real interval").isLessThan(0.2);
		OffPolicySimulation.Result versus = results.get(CanarySimulation.RULES_VERSUS_LOGGED);
		var difference = versus.estimates().get(0);
		assertThat(versus.truth()).as("the rules are far behind the service").isLessThan(-0.1);
		assertThat(difference.low()).as("but the service, taught by the rules' shadow decisions, seldom chose their "
				+ "pick: unsupported, so no confident interval").isEqualTo(-2);
		assertThat(difference.high()).isEqualTo(2);
	}

	@Test
	void rulesThatPickAtRandomLetAnEvaluationEstimateTheModelBeforeACanary() {
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		Map<String, OffPolicySimulation.Result> results = RandomisedRulesSimulation.run(10_000, 1, quiet);
		OffPolicySimulation.Result target = results.get(RandomisedRulesSimulation.TARGET);
		assertThat(target.truth()).isGreaterThan(results.get(RandomisedRulesSimulation.RULES).truth() + 0.1);
		var dr = target.estimates().stream().filter(e -> e.estimator().equals("dr")).findFirst().orElseThrow();
		assertThat(target.truth()).isBetween(dr.low(), dr.high());
		assertThat(dr.high() - dr.low()).isLessThan(0.05);
		OffPolicySimulation.Result versus = results.get(RandomisedRulesSimulation.VERSUS);
		var difference = versus.estimates().get(0);
		assertThat(versus.truth()).as("the target's true lead over the rules, within the paired interval %s", difference)
			.isBetween(difference.low(), difference.high());
		assertThat(difference.low()).as("clearly ahead").isGreaterThan(0.1);
		assertThat(difference.high() - difference.low()).as("paired, narrower than the target's own interval")
			.isLessThan(dr.high() - dr.low());
	}

	private static double width(OffPolicySimulation.Result result) {
		var dr = result.estimates().stream().filter(e -> e.estimator().equals("dr")).findFirst().orElseThrow();
		return dr.high() - dr.low();
	}

	private static Map<String, RegretSummary> run(Scenario scenario, int steps) {
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		List<RegretSummary> runs = SimulatorCli.run(scenario, steps, 42, List.of("random", "seed", "service", "oracle"), quiet);
		return runs.stream().collect(Collectors.toMap(RegretSummary::policy, Function.identity()));
	}

}
