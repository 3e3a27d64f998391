package io.aurora.intelligence;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.config.ShutdownWindow;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading Kubernetes manifests in tests: every YAML document of a file, as maps and lists. */
final class Manifests {

	private Manifests() {
	}

	static List<Map<String, Object>> load(Path file) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			for (Object document : new Yaml().loadAll(reader)) {
				if (document != null) {
					documents.add(map(document));
				}
			}
		}
		return documents;
	}

	/** Every document of every file has an apiVersion, a kind, a name and the namespace. */
	static void assertEveryDocumentIsNamed(List<Path> files, String namespace) throws IOException {
		for (Path file : files) {
			List<Map<String, Object>> documents = load(file);
			assertThat(documents).as(file.toString()).isNotEmpty();
			for (Map<String, Object> document : documents) {
				assertThat(document.get("apiVersion")).as(file + " apiVersion").isInstanceOf(String.class);
				assertThat(document.get("kind")).as(file + " kind").isInstanceOf(String.class);
				Map<String, Object> metadata = map(document.get("metadata"));
				assertThat(metadata.get("name")).as(file + " metadata.name").isInstanceOf(String.class);
				assertThat(metadata.get("namespace")).as(file + " metadata.namespace").isEqualTo(namespace);
			}
		}
	}

	/**
	 * A Deployment whose pods it selects, listening where it says: its selector matches the template's
	 * labels; the single container's {@code http} port is the one the service listens on ({@code PORT},
	 * default 8080) and the one Prometheus is told to scrape; and, with a read-only root filesystem,
	 * {@code /tmp} is a writable emptyDir, where sqlite-jdbc unpacks its native library.
	 */
	static void assertDeploymentIsConsistent(Map<String, Object> deployment) {
		Map<String, Object> spec = map(deployment.get("spec"));
		Map<String, Object> template = map(spec.get("template"));
		Map<String, Object> labels = map(map(template.get("metadata")).get("labels"));
		Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
		assertThat(selector).isNotEmpty();
		assertThat(labels).as("the Deployment selects its own pods").containsAllEntriesOf(selector);
		Map<String, Object> podSpec = map(template.get("spec"));
		List<Object> containers = list(podSpec.get("containers"));
		assertThat(containers).hasSize(1);
		Map<String, Object> container = map(containers.get(0));
		Object listening = list(container.get("env")).stream().map(Manifests::map)
			.filter((variable) -> "PORT".equals(variable.get("name")))
			.map((variable) -> variable.get("value"))
			.findFirst()
			.orElse("8080");
		Object http = list(container.get("ports")).stream().map(Manifests::map)
			.filter((port) -> "http".equals(port.get("name")))
			.map((port) -> port.get("containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no port named http"));
		assertThat(String.valueOf(http)).as("the http port is where the service listens (PORT)").isEqualTo(String.valueOf(listening));
		Object scraped = map(map(template.get("metadata")).get("annotations")).get("prometheus.io/port");
		if (scraped != null) {
			assertThat(String.valueOf(scraped)).as("Prometheus scrapes the http port").isEqualTo(String.valueOf(http));
		}
		Map<String, Object> startup = map(container.get("startupProbe"));
		int startBudget = ((Number) startup.get("periodSeconds")).intValue() * ((Number) startup.get("failureThreshold")).intValue();
		assertThat(((Number) spec.get("progressDeadlineSeconds")).intValue())
			.as("a start the startup probe allows is not a failed rollout").isGreaterThan(startBudget);
		assertThat(((Number) podSpec.get("terminationGracePeriodSeconds")).intValue())
			.as("preStop 5 s, drain up to 10 s, graceful shutdown, six background tasks 5 s each, the writer 10 s")
			.isGreaterThanOrEqualTo((int) (5 + 10 + ShutdownWindow.windowMs(1_000, 5_000) / 1_000 + 6 * 5 + 10));
		assertThat(map(container.get("securityContext")).get("readOnlyRootFilesystem")).isEqualTo(true);
		String tmp = list(container.get("volumeMounts")).stream().map(Manifests::map)
			.filter((mount) -> "/tmp".equals(mount.get("mountPath")))
			.map((mount) -> (String) mount.get("name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volumeMount at /tmp: sqlite-jdbc cannot unpack its library"));
		assertThat(list(podSpec.get("volumes"))).extracting(Manifests::map)
			.filteredOn((volume) -> tmp.equals(volume.get("name")))
			.singleElement()
			.satisfies((volume) -> assertThat(volume).containsKey("emptyDir"));
	}

	/** The container's liveness and readiness probes are Actuator's, on the port named {@code http}. */
	static void assertActuatorProbesOnHttpPort(Map<String, Object> container) {
		Map<String, Object> liveness = map(map(container.get("livenessProbe")).get("httpGet"));
		Map<String, Object> readiness = map(map(container.get("readinessProbe")).get("httpGet"));
		assertThat(liveness.get("path")).isEqualTo("/health/liveness");
		assertThat(liveness.get("port")).isIn("http", 8080);
		assertThat(readiness.get("path")).isEqualTo("/health/readiness");
		assertThat(readiness.get("port")).isIn("http", 8080);
		assertThat(list(container.get("ports"))).extracting((port) -> map(port).get("name")).contains("http");
		Map<String, Object> startup = map(container.get("startupProbe"));
		assertThat(((Number) startup.get("periodSeconds")).intValue() * ((Number) startup.get("failureThreshold")).intValue())
			.as("seconds a start may take: a full replay of the log after a hyper-parameter change")
			.isGreaterThanOrEqualTo(600);
		List<Object> preStop = list(map(map(map(container.get("lifecycle")).get("preStop")).get("exec")).get("command"));
		assertThat(preStop).as("a pause before shutdown, while endpoints stop routing to the pod").containsExactly("sleep", "5");
	}

	/** The one document of {@code kind} in a file. */
	static Map<String, Object> single(Path directory, String fileName, String kind) throws IOException {
		List<Map<String, Object>> matching = load(directory.resolve(fileName)).stream()
			.filter((document) -> kind.equals(document.get("kind")))
			.toList();
		assertThat(matching).as("%s documents in %s", kind, fileName).hasSize(1);
		return matching.get(0);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
