package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The example Grafana dashboard of {@code k8s/examples/grafana-dashboard.json}: it imports with a data source,
 * namespace and job to choose, every query keeps to them and selects metrics and label values the running
 * service exports, and promtool parses every query and computes the values its unit tests
 * ({@code src/test/resources/dashboard}) expect from made-up series. The promtool part is skipped without
 * {@code promtool}.
 */
class DashboardTests extends AbstractEndToEndTests {

	private static final Path DASHBOARD = Path.of("k8s", "examples", "grafana-dashboard.json");

	/** The service's own series, and Spring Boot's measure of the store's volume. */
	private static final Pattern METRIC = Pattern
		.compile("\\b((?:aurora_intelligence|http_server_requests)_\\w+|disk_free_bytes)(\\{[^}]*})?");

	private static final Pattern RECORD_NAME = Pattern.compile("[^a-z0-9]+");

	@Test
	void dashboardImportsWithADataSourceANamespaceAndAJobToChoose() {
		JsonNode dashboard = dashboard();
		assertThat(dashboard.get("uid").asString()).matches("[a-z0-9-]{1,40}");
		assertThat(dashboard.get("title").asString()).isEqualTo("Aurora Intelligence");
		assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
		assertThat(dashboard.has("id")).as("an id would overwrite whichever dashboard holds it where imported").isFalse();
		List<String> variables = new ArrayList<>();
		dashboard.get("templating").get("list").forEach((variable) -> variables.add(variable.get("name").asString()));
		assertThat(variables).containsExactly("datasource", "namespace", "job");
		JsonNode datasource = dashboard.get("templating").get("list").get(0);
		assertThat(datasource.get("type").asString()).isEqualTo("datasource");
		assertThat(datasource.get("query").asString()).isEqualTo("prometheus");
		for (int i = 1; i < 3; i++) {
			JsonNode variable = dashboard.get("templating").get("list").get(i);
			assertThat(variable.get("type").asString()).isEqualTo("query");
			assertThat(variable.get("definition").asString()).startsWith("label_values(")
				.isEqualTo(variable.get("query").get("query").asString());
		}
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : panels()) {
			assertThat(ids.add(panel.get("id").asInt())).as("panel id %s is unique", panel.get("id")).isTrue();
			assertThat(panel.get("title").asString()).isNotBlank();
			if (!panel.get("type").asString().equals("row")) {
				assertThat(panel.get("datasource").get("uid").asString()).as(title(panel)).isEqualTo("${datasource}");
				assertThat(panel.get("description").asString()).as(title(panel)).isNotBlank();
				assertThat(panel.get("fieldConfig").get("defaults").get("unit").asString()).as(title(panel)).isNotBlank();
				assertThat(panel.get("targets")).as(title(panel)).isNotEmpty();
				if (panel.get("targets").get(0).get("expr").asString().startsWith("histogram_quantile(")) {
					assertThat(panel.get("fieldConfig").get("defaults").get("unit").asString()).as(title(panel)).isEqualTo("s");
				}
			}
		}
		assertThat(ids).hasSizeGreaterThanOrEqualTo(25);
	}

	@Test
	void panelsTileTheGridWithoutOverlapping() {
		List<int[]> boxes = new ArrayList<>();
		for (JsonNode panel : panels()) {
			JsonNode grid = panel.get("gridPos");
			int[] box = { grid.get("x").asInt(), grid.get("y").asInt(), grid.get("w").asInt(), grid.get("h").asInt() };
			assertThat(box[0] + box[2]).as(title(panel)).isLessThanOrEqualTo(24);
			for (int[] other : boxes) {
				boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0] || box[1] + box[3] <= other[1]
						|| other[1] + other[3] <= box[1];
				assertThat(apart).as("%s overlaps another panel", title(panel)).isTrue();
			}
			boxes.add(box);
		}
	}

	@Test
	void everyQueryKeepsToTheChosenNamespaceAndJob() {
		Map<String, String> queries = queries();
		assertThat(queries).hasSizeGreaterThanOrEqualTo(30);
		queries.forEach((name, expr) -> {
			Matcher metric = METRIC.matcher(expr);
			int found = 0;
			while (metric.find()) {
				found++;
				assertThat(metric.group(2)).as("%s: %s", name, metric.group(1))
					.contains("namespace=\"$namespace\"", "job=\"$job\"");
			}
			assertThat(found).as(name).isPositive();
		});
	}

	@Test
	void everySeriesAPanelSelectsIsOneTheServiceExports() {
		assertThat(http.post("/decisions", "{\"candidates\": []}").status()).isEqualTo(400);
		boolean explored = false;
		for (int i = 0; i < 300 && !explored; i++) {
			JsonNode decision = http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION);
			explored = decision.get("explanations").get("exploration").asString().equals("explore");
			assertThat(http.post("/feedback", """
					{"trace_id": "%s", "outcome": {"latency_ms": 42, "cost": 0.12, "slo_hit": true}}
					""".formatted(decision.get("trace_id").asString())).status()).isEqualTo(200);
		}
		assertThat(explored).as("once one candidate has learned a reward, the policy explores the other").isTrue();
		ExportedSeries exported = ExportedSeries.of(http.get("/metrics").body());
		List<String> problems = new ArrayList<>();
		dashboard().get("templating").get("list").forEach((variable) -> {
			if (variable.has("definition")) {
				exported.check("variable " + variable.get("name").asString(), variable.get("definition").asString(), problems);
			}
		});
		queries().forEach((name, expr) -> exported.check(name, expr, problems));
		assertThat(problems).isEmpty();
	}

	@Test
	void promtoolParsesEveryQueryAndComputesWhatItsUnitTestsExpect(@TempDir Path dir) throws Exception {
		assumeThat(Promtool.version()).as("promtool (Debian's prometheus), which .ci/run installs").isNotNull();
		List<Map<String, String>> rules = new ArrayList<>();
		queries().forEach((name, expr) -> {
			Map<String, String> rule = new LinkedHashMap<>();
			rule.put("record", name);
			rule.put("expr", expr.replace("$namespace", "vaultmesh")
				.replace("$job", "aurora-intelligence")
				.replace("$__rate_interval", "5m"));
			rules.add(rule);
		});
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setAllowUnicode(true);
		Files.writeString(dir.resolve("rules.yml"),
				new Yaml(options).dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
		Files.copy(Path.of("src/test/resources/dashboard/grafana-dashboard-tests.yml"), dir.resolve("tests.yml"));
		assertThat(Promtool.run(dir, "check", "rules", "rules.yml")).contains("SUCCESS: " + rules.size() + " rules found");
		assertThat(Promtool.run(dir, "test", "rules", "tests.yml")).contains("SUCCESS").doesNotContain("FAILED");
	}

	/**
	 * Every panel's queries, each named as a recording rule would be: {@code dashboard:} with the panel's title
	 * in lower case and its query's letter, such as {@code dashboard:mean_reward:A}.
	 */
	private static Map<String, String> queries() {
		Map<String, String> queries = new LinkedHashMap<>();
		for (JsonNode panel : panels()) {
			if (panel.has("targets")) {
				String slug = RECORD_NAME.matcher(panel.get("title").asString().toLowerCase(Locale.ROOT)).replaceAll("_")
					.replaceAll("^_|_$", "");
				panel.get("targets").forEach((target) -> {
					String previous = queries.put("dashboard:" + slug + ":" + target.get("refId").asString(),
							target.get("expr").asString());
					assertThat(previous).as("%s's query %s is named once", title(panel), target.get("refId")).isNull();
				});
			}
		}
		return queries;
	}

	/** Every panel, with those of collapsed rows, which Grafana keeps inside the row. */
	private static List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		dashboard().get("panels").forEach((panel) -> {
			panels.add(panel);
			if (panel.has("panels")) {
				panel.get("panels").forEach(panels::add);
			}
		});
		return panels;
	}

	private static JsonNode dashboard() {
		try {
			return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String title(JsonNode panel) {
		return panel.get("title").asString();
	}

}
