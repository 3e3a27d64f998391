package io.aurora.intelligence.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.aurora.intelligence.strategist.EpsilonGreedyQTable;
import io.aurora.intelligence.strategist.ExperienceReplay;
import io.aurora.intelligence.strategist.LearningProperties;
import io.aurora.intelligence.strategist.Policy;
import io.aurora.intelligence.strategist.UcbTable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code java -jar aurora-intelligence.jar simulate [--scenario all|stationary|psi-drift|shift|improve]
 * [--steps 20000] [--seed 1] [--policies a,b,…] [--out target/simulation] [--url http://host:8080
 * [--psi-port 18500]] [--tenants true] [--evaluate true] [--block 250]}.
 * Runs every policy on the same workload, prints mean regret overall, over the last quarter and after
 * the shift, and writes a cumulative-regret chart (SVG) and a CSV of mean regret per block per scenario plus
 * a Markdown table. With
 * {@code --url} it drives a running service instead, sending {@code AURORA_API_KEY} when set.
 */
public final class SimulatorCli {

	static final String DEFAULT_POLICIES = "random,seed,rules-cheapest,rules-local,rules-fit,q-table,q-table-bandit,"
			+ "q-table-replay,ucb,service,oracle";

	private SimulatorCli() {
	}

	/** The usage text {@code --help} prints. */
	static final String USAGE = """
			usage: java -jar aurora-intelligence.jar simulate [--option value]...
			  --scenario all|stationary|psi-drift|shift|improve   (default all)
			  --steps N        decisions per scenario, 100-10,000,000 (default 20,000)
			  --seed N         random seed (default 1)
			  --policies LIST  comma-separated, default %s; linucb may be added
			  --market M       fixed (default: the 12 offerings of the published tables) or random (12 drawn
			                   from the seed), for the regret runs and --evaluate
			  --out DIR        where results.md, the charts and the per-block CSVs go (default target/simulation)
			  --block N        decisions per block in each scenario's <scenario>-blocks.csv of mean regret per
			                   block, 10 up to --steps (default 250, or --steps when fewer)
			  --tenants true   three tenants with their own objectives instead of the policies
			  --evaluate true  the off-policy estimators against the simulator's ground truth, also in a canary
			                   beside shadow decisions and on rules that pick at random (printed only)
			  --rules-random P with --evaluate: the percentage of decisions those rules pick any candidate alike,
			                   1-100 (default 30); the rest they give the cheapest
			  --url URL        drive a running service over HTTP instead (printed only; AURORA_API_KEY is sent)
			  --psi-port N     with --url: also serve the simulated Ψ on 127.0.0.1:N
			  --shadow RULES   with --url: shadow mode, the rules (rules-cheapest, rules-local or rules-fit)
			                   placing every task and the feedback naming where it ran
			""".formatted(DEFAULT_POLICIES);

	/**
	 * Runs the {@code simulate} command for the application's {@code main} and returns its exit status: 0 when it
	 * ran (or printed its usage on {@code out}), 2 for a command line it cannot run, 1 when running failed; either
	 * failure is one line on {@code err}.
	 */
	public static int execute(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 1 && List.of("--help", "-h", "help").contains(args[0])) {
			out.print(USAGE);
			return 0;
		}
		try {
			main(args, out);
			return 0;
		}
		catch (UsageException ex) {
			err.println("simulate: " + ex.getMessage() + " (--help lists the options)");
			return 2;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("simulate: interrupted");
			return 1;
		}
		catch (IOException | RuntimeException ex) {
			err.println("simulate: " + describe(ex));
			return 1;
		}
	}

	/** A failure in one line: its message, or its kind when it has none (a refused connection). */
	private static String describe(Exception ex) {
		String message = ex.getMessage();
		return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
	}

	/** Runs the command, printing to standard output, throwing {@link UsageException} for a command line it cannot run. */
	static void main(String[] args) throws IOException, InterruptedException {
		main(args, System.out);
	}

	/** Runs the command, printing to {@code print}. */
	static void main(String[] args, PrintStream print) throws IOException, InterruptedException {
		Map<String, String> options = SimulatorOptions.parse(args);
		int steps = (int) SimulatorOptions.number(options, "steps", 20_000, 100, 10_000_000);
		long seed = SimulatorOptions.number(options, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
		Path out = Path.of(options.getOrDefault("out", "target/simulation"));
		String scenarioOption = options.getOrDefault("scenario", "all");
		List<Scenario> scenarios;
		try {
			scenarios = "all".equals(scenarioOption) ? List.of(Scenario.values()) : List.of(Scenario.parse(scenarioOption));
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException(ex.getMessage());
		}
		boolean evaluate = SimulatorOptions.flag(options, "evaluate");
		boolean tenants = SimulatorOptions.flag(options, "tenants");
		if (options.containsKey("url")) {
			URI url = SimulatorOptions.serviceUrl(options.get("url"));
			for (String unused : List.of("evaluate", "tenants", "policies", "out", "market", "rules-random", "block")) {
				if (options.containsKey(unused)) {
					throw new UsageException("--" + unused + " has no effect with --url, which drives a running service");
				}
			}
			int psiPort = (int) SimulatorOptions.number(options, "psi-port", 0, 1, 65_535);
			Baselines.Rules.Kind shadow = options.containsKey("shadow") ? Baselines.Rules.Kind.named(options.get("shadow"))
				.orElseThrow(() -> new UsageException("--shadow must name hand-written rules: rules-cheapest, rules-local "
						+ "or rules-fit")) : null;
			String apiKey = System.getenv("AURORA_API_KEY");
			for (Scenario scenario : scenarios) {
				new HttpDriver(url, psiPort, apiKey == null || apiKey.isEmpty() ? null : apiKey, shadow)
					.run(scenario, steps, seed, print);
			}
			return;
		}
		if (options.containsKey("psi-port")) {
			throw new UsageException("--psi-port serves Ψ to a service driven with --url");
		}
		if (options.containsKey("shadow")) {
			throw new UsageException("--shadow plays shadow mode against a service driven with --url");
		}
		for (String written : List.of("out", "block")) {
			if (evaluate && options.containsKey(written)) {
				throw new UsageException("--" + written + " has no effect with --evaluate, which prints its results");
			}
		}
		if (tenants && options.containsKey("block")) {
			throw new UsageException("--block applies to the policies' regret runs, not --tenants");
		}
		int block = (int) SimulatorOptions.number(options, "block", Math.min(250, steps), 10, steps);
		if (!evaluate && options.containsKey("rules-random")) {
			throw new UsageException("--rules-random applies to --evaluate true, whose randomised rules it sets");
		}
		String marketOption = options.getOrDefault("market", "fixed");
		if (!List.of("fixed", "random").contains(marketOption)) {
			throw new UsageException("--market must be fixed or random");
		}
		if (tenants && options.containsKey("market")) {
			throw new UsageException("--market applies to the policies' regret runs and --evaluate, not --tenants");
		}
		boolean drawn = "random".equals(marketOption);
		int rulesRandom = (int) SimulatorOptions.number(options, "rules-random", 30, 1, 100);
		if (evaluate) {
			OffPolicySimulation.run(steps, seed, drawn, print);
			CanarySimulation.run(steps, seed, drawn, print);
			RandomisedRulesSimulation.run(steps, seed, 1 - rulesRandom / 100.0, drawn, print);
			return;
		}
		if (tenants) {
			writable(out);
			Files.writeString(out.resolve("tenants.md"), TenantSimulation.run(steps, seed, print));
			return;
		}
		List<String> policies = List.of(options.getOrDefault("policies", DEFAULT_POLICIES).split(","));
		policies.forEach(SimulatorCli::known);
		writable(out);
		StringBuilder markdown = new StringBuilder();
		for (Scenario scenario : scenarios) {
			List<RegretSummary> runs = run(scenario, steps, seed, policies, print, drawn);
			Path chart = out.resolve(scenario.label() + ".svg");
			Files.writeString(chart, SvgChart.render("Cumulative regret, " + scenario.label() + ", " + steps
					+ " decisions, seed " + seed + (drawn ? ", market drawn from the seed" : ""), runs,
					scenario.changes() ? steps / 2 : -1));
			markdown.append(RegretSummary.table(scenario, steps, seed, runs, drawn)).append('\n');
			Files.writeString(out.resolve(scenario.label() + "-blocks.csv"), RegretSummary.blocks(runs, block));
			print.println("chart: " + chart.toAbsolutePath());
		}
		Files.writeString(out.resolve("results.md"), markdown.toString());
	}

	/** Runs the named policies on one scenario, printing a table, and returns their summaries. */
	static List<RegretSummary> run(Scenario scenario, int steps, long seed, List<String> policies, PrintStream print) {
		return run(scenario, steps, seed, policies, print, false);
	}

	/** As {@link #run(Scenario, int, long, List, PrintStream)}, on a market drawn from the seed when {@code drawn}. */
	static List<RegretSummary> run(Scenario scenario, int steps, long seed, List<String> policies, PrintStream print,
			boolean drawn) {
		Market market = drawn ? Market.drawn(seed) : new Market();
		Workload workload = new Workload(scenario, seed, steps, market);
		Simulation simulation = new Simulation(market, workload, seed);
		List<RegretSummary> runs = new ArrayList<>();
		print.printf(Locale.ROOT, "%nscenario %s, %d decisions, seed %d%s%s%n", scenario.label(), steps, seed,
				drawn ? ", market drawn from the seed" : "",
				workload.shiftStep() < 0 ? "" : ", shift at " + workload.shiftStep() + ": "
						+ market.catalogue().get(workload.shiftedOffering()).action()
						+ (scenario == Scenario.IMPROVE ? " improves" : " degrades"));
		print.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %10s%n", "policy", "mean", "last 25%", "pre-shift",
				"post", "recovery", "steps/s");
		for (String name : policies) {
			Policy policy = known(name).get();
			long start = System.nanoTime();
			double[] regret = simulation.run(policy);
			double seconds = (System.nanoTime() - start) / 1e9;
			String label = "service".equals(name.strip()) ? serviceLabel(policy) : name.strip();
			RegretSummary summary = RegretSummary.of(label, regret, workload.shiftStep());
			runs.add(summary);
			boolean shifted = workload.shiftStep() >= 0;
			print.printf(Locale.ROOT, "%-22s %9.4f %9.4f %9s %9s %9s %10.0f%n", label, summary.mean(), summary.lastQuarter(),
					shifted ? RegretSummary.fraction(summary.preShift()) : "-",
					shifted ? RegretSummary.fraction(summary.afterShift()) : "-",
					summary.recoveryColumn(steps - workload.shiftStep(), shifted), steps / seconds);
		}
		return runs;
	}

	/** The maker of the named policy of the {@link #roster}, or a usage error naming the known ones. */
	private static Supplier<Policy> known(String name) {
		Supplier<Policy> policy = roster().get(name.strip());
		if (policy == null) {
			throw new UsageException("unknown policy '" + name + "'; known: " + roster().keySet());
		}
		return policy;
	}

	/** Every policy the simulator knows, by name; {@code service} is what the service runs with its configuration. */
	static Map<String, Supplier<Policy>> roster() {
		Map<String, Supplier<Policy>> roster = new LinkedHashMap<>();
		roster.put("random", Baselines.UniformRandom::new);
		roster.put("seed", () -> new SeedPolicy(0.1, 0.2, 0.92));
		for (Baselines.Rules.Kind kind : Baselines.Rules.Kind.values()) {
			roster.put(new Baselines.Rules(kind).name(), () -> new Baselines.Rules(kind));
		}
		roster.put("q-table", () -> new EpsilonGreedyQTable(0.1, 0.2, 0.92));
		roster.put("q-table-bandit", () -> new EpsilonGreedyQTable(0.1, 0.3, 0.0, 0.99, 0.01));
		roster.put("q-table-replay", () -> new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.3, 0.0, 0.99, 0.01), 1000));
		roster.put("ucb", () -> new UcbTable(0.1));
		roster.put("linucb", () -> new LinUcb(LinUcb.ALPHA));
		roster.put("service", () -> serviceProperties().createPolicy());
		roster.put("oracle", Baselines.Oracle::new);
		return roster;
	}

	/**
	 * The service's policy's label: its name, and {@code (default)} when it runs the defaults or {@code (as configured)}
	 * when the environment changed a learning setting ({@code FORGETTING=1}, say).
	 */
	static String serviceLabel(Policy policy) {
		return policy.name() + (serviceProperties().equals(learningProperties(false)) ? " (default)" : " (as configured)");
	}

	/** The learning settings the service would start with: application.yml, overridden by the environment. */
	static LearningProperties serviceProperties() {
		return learningProperties(true);
	}

	/** The learning settings of application.yml, overridden by the environment and system properties when {@code configured}. */
	private static LearningProperties learningProperties(boolean configured) {
		try {
			StandardEnvironment environment = new StandardEnvironment();
			if (!configured) {
				environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
				environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
			}
			new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
				.forEach(environment.getPropertySources()::addLast);
			return new Binder(ConfigurationPropertySources.get(environment),
					new PropertySourcesPlaceholdersResolver(environment))
				.bindOrCreate("aurora.learning", LearningProperties.class);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read application.yml", ex);
		}
	}

	/** Creates {@code out} and makes sure results can be written there, before anything runs. */
	private static void writable(Path out) throws IOException {
		try {
			Files.createDirectories(out);
		}
		catch (IOException ex) {
			throw new IOException("cannot create the results directory " + out + " (" + describe(ex) + "); choose another with --out", ex);
		}
		if (!Files.isWritable(out)) {
			throw new IOException("cannot write to the results directory " + out + "; choose another with --out");
		}
	}

	/** A command line this command cannot run: the message says why, no stack trace is needed. */
	public static final class UsageException extends IllegalArgumentException {

		UsageException(String message) {
			super(message);
		}

	}

}
