package io.aurora.intelligence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series of one scrape of the running service's {@code /metrics}, by name, and a check that a PromQL
 * expression (an alert's, a dashboard panel's) selects only metrics, labels and label values they hold.
 */
final class ExportedSeries {

	/** Labels Prometheus gives a target's series at scrape time, which the service's own text never carries. */
	private static final Set<String> TARGET_LABELS = Set.of("namespace", "job", "instance", "pod", "service", "container",
			"endpoint");

	private static final Pattern SELECTOR = Pattern
		.compile("\\b((?:aurora_intelligence|http_server_requests)_\\w+|ssl_chain_expiry_seconds)(?:\\{([^}]*)})?");

	private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

	private static final Pattern GROUPING = Pattern.compile("\\b(without|by)\\s*\\(([^)]*)\\)");

	private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(?:\\{(.*)})? \\S+$");

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final Map<String, List<Map<String, String>>> series = new HashMap<>();

	private ExportedSeries(String text) {
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
	}

	/** The series of a Prometheus text scrape. */
	static ExportedSeries of(String scrape) {
		return new ExportedSeries(scrape);
	}

	/**
	 * Adds to {@code problems} each metric of {@code expr} with no series, each matcher naming a label its series
	 * lack or an exact value none holds, and each {@code by} or {@code without} label none of them has; labels
	 * Prometheus adds at scrape time pass. Answers how many selectors the expression holds.
	 */
	int check(String what, String expr, List<String> problems) {
		Set<String> labels = new HashSet<>(TARGET_LABELS);
		int selectors = 0;
		Matcher selector = SELECTOR.matcher(expr);
		while (selector.find()) {
			selectors++;
			List<Map<String, String>> selected = series.getOrDefault(selector.group(1), List.of());
			if (selected.isEmpty()) {
				problems.add(what + ": no series " + selector.group(1));
				continue;
			}
			selected.forEach((one) -> labels.addAll(one.keySet()));
			matchers(what + ": " + selector.group(1), selector.group(2), selected, problems);
		}
		Matcher grouping = GROUPING.matcher(expr);
		while (grouping.find()) {
			for (String label : grouping.group(2).split(",")) {
				if (!label.isBlank() && !labels.contains(label.strip())) {
					problems.add(what + ": " + grouping.group(1) + " (" + label.strip() + "), a label none of its series has");
				}
			}
		}
		return selectors;
	}

	private static void matchers(String what, String matchers, List<Map<String, String>> series, List<String> problems) {
		if (matchers == null) {
			return;
		}
		Matcher matcher = MATCHER.matcher(matchers);
		while (matcher.find()) {
			String label = matcher.group(1);
			if (TARGET_LABELS.contains(label)) {
				continue;
			}
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

}
