package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * {@code prometheus}, which {@code .ci/run} installs) and is skipped without it. Each has its section in
 * {@code docs/RUNBOOK.md}.
 */
class AlertRulesTests extends AbstractEndToEndTests {

	private static final Path EXAMPLES = Path.of("k8s", "examples");

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
	void everyAlertHasItsRunbookSectionAndEverySectionItsAlert() throws IOException {
		List<String> sections = new ArrayList<>();
		Map<String, String> texts = new HashMap<>();
		String current = null;
		for (String line : Files.readAllLines(Path.of("docs", "RUNBOOK.md"))) {
			if (line.startsWith("## ")) {
				current = line.substring(3).strip();
				sections.add(current);
				texts.put(current, "");
			}
			else if (current != null) {
				texts.merge(current, line + "\n", String::concat);
			}
		}
		assertThat(sections).as("in the rules' order").containsExactlyElementsOf(
				rules().stream().map((rule) -> (String) rule.get("alert")).toList());
		assertThat(texts).allSatisfy((alert, text) -> assertThat(text).as(alert).contains("**Means.**", "**"));
	}

	@Test
	void everySeriesAnAlertSelectsIsOneTheServiceExports() throws IOException {
		String traceId = http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
		assertThat(http.post("/decisions", "{\"pad\": \"" + "x".repeat(1_100_000) + "\"}").status())
			.as("refused before the endpoint is known, so counted under uri UNKNOWN").isEqualTo(413);
		assertThat(http.post("/feedback", """
				{"trace_id": "%s", "outcome": {"latency_ms": 42, "cost": 0.12, "slo_hit": true}}
				""".formatted(traceId)).status()).isEqualTo(200);
		String metrics = http.get("/metrics").body();
		ExportedSeries exported = ExportedSeries.of(metrics);
		List<String> problems = new ArrayList<>();
		int selectors = 0;
		for (Map<String, Object> rule : rules()) {
			if (((String) rule.get("expr")).contains("ssl_chain_expiry_seconds")) {
				// Spring Boot's, exported only where a neighbour's SSL bundle is set: NeighbourTlsEndToEndTests checks it.
				continue;
			}
			selectors += exported.check((String) rule.get("alert"), (String) rule.get("expr"), problems);
			if (((String) rule.get("expr")).contains("disk_free_bytes")) {
				assertThat((String) rule.get("expr")).as("the store's volume, as deployment.yaml has Spring Boot measure it")
					.contains("disk_free_bytes{path=\"/data\"}");
			}
		}
		assertThat(metrics).as("Spring Boot's measure of a volume, which StoreFillingUp reads")
			.containsPattern("(?m)^disk_free_bytes\\{[^}]*path=\"");
		assertThat(selectors).as("selectors found in the rules").isGreaterThanOrEqualTo(12);
		assertThat(problems).isEmpty();
	}

	@Test
	void promtoolChecksTheRulesAndTheirUnitTestsPass(@TempDir Path dir) throws Exception {
		assumeThat(Promtool.version()).as("promtool (Debian's prometheus), which .ci/run installs").isNotNull();
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
		assertThat(Promtool.run(dir, "check", "rules", "manifest-rules.yml")).contains("SUCCESS");
		assertThat(Promtool.run(dir, "test", "rules", "tests.yml")).contains("SUCCESS").doesNotContain("FAILED");
	}

	/** The example alerts' rules, in the manifest's order. */
	static List<Map<String, Object>> rules() throws IOException {
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

}
