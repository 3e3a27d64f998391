package io.aurora.intelligence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static io.aurora.intelligence.Manifests.list;
import static io.aurora.intelligence.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The example alerts of {@code k8s/examples/prometheusrule.yaml}: each selects metrics and label values the
 * running service exports, carries a severity and a summary, and fires, or stays quiet, as its promtool unit
 * tests ({@code src/test/resources/alerts}) say. The promtool part needs {@code promtool} (Debian's
 * {@code prometheus}, which {@code .ci/run} installs) and is skipped without it.
 */
class AlertRulesTests extends AbstractEndToEndTests {

	private static final Path EXAMPLES = Path.of("k8s", "examples");

	private static final Pattern SELECTOR = Pattern
		.compile("\\b((?:aurora_intelligence|http_server_requests)_\\w+)(?:\\{([^}]*)})?");

	private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

	private static final Pattern WITHOUT = Pattern.compile("without\\s*\\(([^)]*)\\)");

	private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(?:\\{(.*)})? \\S+$");

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	@Test
	void everyAlertIsNamedForTheServiceWithASeverityAndASummary() throws IOException {
		Manifests.assertEveryDocumentIsNamed(List.of(EXAMPLES.resolve("prometheusrule.yaml")), "vaultmesh");
		List<Map<String, Object>> rules = rules();
		assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
		assertThat(rules).allSatisfy((rule) -> {
			assertThat((String) rule.get("alert")).startsWith("AuroraIntelligence");
			assertThat(map(rule.get("labels")).get("severity")).isIn("critical", "warning", "info");
			assertThat(map(rule.get("annotations"))).containsKeys("summary", "description");
		});
		assertThat(rules.stream().map((rule) -> rule.get("alert")).distinct()).hasSameSizeAs(rules);
	}

	@Test
	void everySeriesAnAlertSelectsIsOneTheServiceExports() throws IOException {
		String traceId = http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
		assertThat(http.post("/decisions", "{\"pad\": \"" + "x".repeat(1_100_000) + "\"}").status())
			.as("refused before the endpoint is known, so counted under uri UNKNOWN").isEqualTo(413);
		assertThat(http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 42, "cost": 0.12, "slo_hit": true}}
				""".formatted(traceId)).status()).isEqualTo(200);
		Map<String, List<Map<String, String>>> exported = scrape(http.get("/metrics").body());
		List<String> problems = new ArrayList<>();
		int selectors = 0;
		for (Map<String, Object> rule : rules()) {
			String expr = (String) rule.get("expr");
			Set<String> labels = new HashSet<>();
			Matcher selector = SELECTOR.matcher(expr);
			while (selector.find()) {
				selectors++;
				List<Map<String, String>> series = exported.getOrDefault(selector.group(1), List.of());
				if (series.isEmpty()) {
					problems.add(rule.get("alert") + ": no series " + selector.group(1));
					continue;
				}
				series.forEach((one) -> labels.addAll(one.keySet()));
				check(rule.get("alert") + ": " + selector.group(1), selector.group(2), series, problems);
			}
			Matcher without = WITHOUT.matcher(expr);
			while (without.find()) {
				for (String label : without.group(1).split(",")) {
					if (!labels.contains(label.strip())) {
						problems.add(rule.get("alert") + ": without (" + label.strip() + "), a label none of its series has");
					}
				}
			}
		}
		assertThat(selectors).as("selectors found in the rules").isGreaterThanOrEqualTo(12);
		assertThat(problems).isEmpty();
	}

	@Test
	void promtoolChecksTheRulesAndTheirUnitTestsPass(@TempDir Path dir) throws Exception {
		assumeThat(promtoolVersion()).as("promtool (Debian's prometheus), which .ci/run installs").isNotNull();
		Map<String, Object> spec = map(Manifests.single(EXAMPLES, "prometheusrule.yaml", "PrometheusRule").get("spec"));
		Yaml yaml = new Yaml(blockStyle());
		Files.writeString(dir.resolve("manifest-rules.yml"), yaml.dump(Map.of("groups", spec.get("groups"))));
		List<Object> groups = new ArrayList<>();
		for (Object group : list(spec.get("groups"))) {
			List<Object> rules = new ArrayList<>();
			for (Object rule : list(map(group).get("rules"))) {
				Map<String, Object> bare = new HashMap<>(map(rule));
				bare.remove("annotations");
				rules.add(bare);
			}
			groups.add(Map.of("name", map(group).get("name"), "rules", rules));
		}
		Files.writeString(dir.resolve("rules.yml"), yaml.dump(Map.of("groups", groups)));
		Files.copy(Path.of("src/test/resources/alerts/prometheusrule-tests.yml"), dir.resolve("tests.yml"));
		assertThat(promtool(dir, "check", "rules", "manifest-rules.yml")).contains("SUCCESS");
		assertThat(promtool(dir, "test", "rules", "tests.yml")).contains("SUCCESS").doesNotContain("FAILED");
	}

	/** Each matcher of {@code matchers} must name a label the series have, and an exact value one of them holds. */
	private static void check(String what, String matchers, List<Map<String, String>> series, List<String> problems) {
		if (matchers == null) {
			return;
		}
		Matcher matcher = MATCHER.matcher(matchers);
		while (matcher.find()) {
			String label = matcher.group(1);
			List<String> values = series.stream().filter((one) -> one.containsKey(label)).map((one) -> one.get(label)).toList();
			if (values.isEmpty()) {
				problems.add(what + ": no label " + label);
			}
			else if (matcher.group(2).equals("=")) {
				expectValues(what, label, List.of(matcher.group(3)), values, problems);
			}
			else if (matcher.group(2).equals("=~") && matcher.group(3).matches("[\\w/-]+(\\|[\\w/-]+)*")) {
				expectValues(what, label, List.of(matcher.group(3).split("\\|")), values, problems);
			}
		}
	}

	private static void expectValues(String what, String label, List<String> expected, List<String> values,
			List<String> problems) {
		expected.stream().filter((value) -> !values.contains(value))
			.forEach((value) -> problems.add(what + ": no series with " + label + "=\"" + value + "\""));
	}

	/** The series of a Prometheus text scrape by name, each as its labels. */
	private static Map<String, List<Map<String, String>>> scrape(String text) {
		Map<String, List<Map<String, String>>> series = new HashMap<>();
		for (String line : text.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.matches()) {
				continue;
			}
			Map<String, String> labels = new HashMap<>();
			Matcher label = LABEL.matcher(sample.group(2) != null ? sample.group(2) : "");
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
			series.computeIfAbsent(sample.group(1), (name) -> new ArrayList<>()).add(labels);
		}
		return series;
	}

	private static List<Map<String, Object>> rules() throws IOException {
		Map<String, Object> rule = Manifests.single(EXAMPLES, "prometheusrule.yaml", "PrometheusRule");
		return list(map(rule.get("spec")).get("groups")).stream()
			.flatMap((group) -> list(map(group).get("rules")).stream())
			.map(Manifests::map)
			.toList();
	}

	private static DumperOptions blockStyle() {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setAllowUnicode(true);
		return options;
	}

	private static String promtool(Path dir, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	private static String promtoolVersion() {
		try {
			Process process = new ProcessBuilder("promtool", "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
