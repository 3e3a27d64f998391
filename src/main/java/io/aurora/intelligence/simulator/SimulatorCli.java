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
 * {@code java -jar aurora-intelligence.jar simulate [--scenario all|stationary|psi-drift|shift]
 * [--steps 20000] [--seed 1] [--policies a,b,…] [--out target/simulation] [--url http://host:8080
 * [--psi-port 18500]] [--tenants true] [--evaluate true]}.
 * Runs every policy on the same workload, prints mean regret overall, over the last quarter and after
 * the shift, and writes a cumulative-regret chart (SVG) per scenario plus a Markdown table. With
 * {@code --url} it drives a running service instead, sending {@code AURORA_API_KEY} when set.
 */
public final class SimulatorCli {

	static final String DEFAULT_POLICIES = "random,seed,q-table,q-table-bandit,q-table-replay,ucb,service,oracle";

	private SimulatorCli() {
	}

	/** A true/false option, false when absent. */
	private static boolean flag(Map<String, String> options, String name) {
		String value = options.getOrDefault(name, "false");
		if (!value.equals("true") && !value.equals("false")) {
			throw new UsageException("--" + name + " must be true or false, not '" + value + "'");
		}
		return value.equals("true");
	}

	/** Entry point, called by the application's {@code main} for the {@code simulate} command. */
	public static void main(String[] args) throws IOException, InterruptedException {
		Map<String, String> options = parse(args);
		int steps = (int) number(options, "steps", 20_000, 100, 10_000_000);
		long seed = number(options, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
		Path out = Path.of(options.getOrDefault("out", "target/simulation"));
		String scenarioOption = options.getOrDefault("scenario", "all");
		List<Scenario> scenarios;
		try {
			scenarios = "all".equals(scenarioOption) ? List.of(Scenario.values()) : List.of(Scenario.parse(scenarioOption));
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException(ex.getMessage());
		}
		boolean evaluate = flag(options, "evaluate");
		boolean tenants = flag(options, "tenants");
		if (options.containsKey("url")) {
			for (String unused : List.of("evaluate", "tenants", "policies", "out")) {
				if (options.containsKey(unused)) {
					throw new UsageException("--" + unused + " has no effect with --url, which drives a running service");
				}
			}
			int psiPort = (int) number(options, "psi-port", 0, 1, 65_535);
			String apiKey = System.getenv("AURORA_API_KEY");
			for (Scenario scenario : scenarios) {
				new HttpDriver(URI.create(options.get("url")), psiPort, apiKey == null || apiKey.isEmpty() ? null : apiKey)
					.run(scenario, steps, seed, System.out);
			}
			return;
		}
		if (options.containsKey("psi-port")) {
			throw new UsageException("--psi-port serves Ψ to a service driven with --url");
		}
		if (evaluate) {
			OffPolicySimulation.run(steps, seed, System.out);
			return;
		}
		if (tenants) {
			Files.createDirectories(out);
			Files.writeString(out.resolve("tenants.md"), TenantSimulation.run(steps, seed, System.out));
			return;
		}
		List<String> policies = List.of(options.getOrDefault("policies", DEFAULT_POLICIES).split(","));
		policies.forEach(SimulatorCli::known);
		Files.createDirectories(out);
		StringBuilder markdown = new StringBuilder();
		for (Scenario scenario : scenarios) {
			List<RegretSummary> runs = run(scenario, steps, seed, policies, System.out);
			Path chart = out.resolve(scenario.label() + ".svg");
			Files.writeString(chart, SvgChart.render("Cumulative regret, " + scenario.label() + ", " + steps
					+ " decisions, seed " + seed, runs, scenario == Scenario.SHIFT ? steps / 2 : -1));
			markdown.append(table(scenario, steps, seed, runs)).append('\n');
			System.out.println("chart: " + chart.toAbsolutePath());
		}
		Files.writeString(out.resolve("results.md"), markdown.toString());
	}

	/** Runs the named policies on one scenario, printing a table, and returns their summaries. */
	static List<RegretSummary> run(Scenario scenario, int steps, long seed, List<String> policies, PrintStream print) {
		Market market = new Market();
		Workload workload = new Workload(scenario, seed, steps, market);
		Simulation simulation = new Simulation(market, workload, seed);
		List<RegretSummary> runs = new ArrayList<>();
		print.printf(Locale.ROOT, "%nscenario %s, %d decisions, seed %d%s%n", scenario.label(), steps, seed,
				workload.shiftStep() < 0 ? "" : ", shift at " + workload.shiftStep() + ": "
						+ Market.CATALOGUE.get(workload.shiftedOffering()).action() + " degrades");
		print.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %10s%n", "policy", "mean", "last 25%", "pre-shift",
				"post", "recovery", "steps/s");
		for (String name : policies) {
			Policy policy = known(name).get();
			long start = System.nanoTime();
			double[] regret = simulation.run(policy);
			double seconds = (System.nanoTime() - start) / 1e9;
			String label = "service".equals(name.strip()) ? policy.name() + " (default)" : name.strip();
			RegretSummary summary = RegretSummary.of(label, regret, workload.shiftStep());
			runs.add(summary);
			print.printf(Locale.ROOT, "%-22s %9.4f %9.4f %9.4f %9.4f %9s %10.0f%n", label, summary.mean(),
					summary.lastQuarter(), summary.preShift(), summary.afterShift(),
					workload.shiftStep() < 0 ? "-" : String.valueOf(summary.recovery()), steps / seconds);
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
		roster.put("q-table", () -> new EpsilonGreedyQTable(0.1, 0.2, 0.92));
		roster.put("q-table-bandit", () -> new EpsilonGreedyQTable(0.1, 0.3, 0.0, 0.99, 0.01));
		roster.put("q-table-replay", () -> new ExperienceReplay(new EpsilonGreedyQTable(0.1, 0.3, 0.0, 0.99, 0.01), 1000));
		roster.put("ucb", () -> new UcbTable(0.1));
		roster.put("service", () -> serviceProperties().createPolicy());
		roster.put("oracle", Baselines.Oracle::new);
		return roster;
	}

	/** The learning settings the service would start with: application.yml, overridden by the environment. */
	static LearningProperties serviceProperties() {
		try {
			StandardEnvironment environment = new StandardEnvironment();
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

	static String table(Scenario scenario, int steps, long seed, List<RegretSummary> runs) {
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT, "### %s (%d decisions, seed %d)%n%n", scenario.label(), steps, seed));
		md.append("| policy | mean regret | last quarter | pre-shift | after shift | recovery (decisions) |\n");
		md.append("|---|---:|---:|---:|---:|---:|\n");
		for (RegretSummary r : runs) {
			md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %s | %s | %s |%n", r.policy(), r.mean(),
					r.lastQuarter(), Double.isNaN(r.preShift()) ? "-" : String.format(Locale.ROOT, "%.4f", r.preShift()),
					Double.isNaN(r.afterShift()) ? "-" : String.format(Locale.ROOT, "%.4f", r.afterShift()),
					Double.isNaN(r.preShift()) ? "-" : String.valueOf(r.recovery())));
		}
		return md.toString();
	}

	/** The options this command knows. */
	static final List<String> OPTIONS = List.of("scenario", "steps", "seed", "policies", "out", "url", "psi-port", "tenants",
			"evaluate");

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new UsageException("expected --option value pairs, got '" + args[i] + "'");
			}
			String name = args[i].substring(2);
			if (!OPTIONS.contains(name)) {
				throw new UsageException("unknown option --" + name + "; the options are --" + String.join(", --", OPTIONS));
			}
			options.put(name, args[++i]);
		}
		return options;
	}

	private static long number(Map<String, String> options, String name, long fallback, long min, long max) {
		String value = options.get(name);
		if (value == null) {
			return fallback;
		}
		try {
			long n = Long.parseLong(value.strip());
			if (n < min || n > max) {
				throw new UsageException("--" + name + " must be from " + min + " to " + max + ", not " + value);
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--" + name + " must be a whole number, not '" + value + "'");
		}
	}

	/** A command line this command cannot run: the message says why, no stack trace is needed. */
	public static final class UsageException extends IllegalArgumentException {

		UsageException(String message) {
			super(message);
		}

	}

}
