package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.aurora.intelligence.Manifests.list;
import static io.aurora.intelligence.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Guards the single-replica SQLite deployment contract kept in {@code k8s/} ({@link DockerfileTests}: the image's). */
class DeploymentManifestsTests {

	private static final Path K8S = Path.of("k8s");

	@Test
	void everyManifestHasApiVersionKindNameAndNamespace() throws IOException {
		List<Path> files = manifestFiles();
		assertThat(files).isNotEmpty();
		Manifests.assertEveryDocumentIsNamed(files, "vaultmesh");
	}

	@Test
	void deploymentRunsOneReplicaWithRecreateStrategy() throws IOException {
		Map<String, Object> spec = map(deployment().get("spec"));
		assertThat(spec.get("replicas")).isEqualTo(1);
		assertThat(map(spec.get("strategy")).get("type")).isEqualTo("Recreate");
	}

	@Test
	void deploymentSelectsItsPodsListensOnItsHttpPortAndHasAWritableTmp() throws IOException {
		Manifests.assertDeploymentIsConsistent(deployment());
	}

	@Test
	void probesUseActuatorLivenessAndReadinessOnTheHttpPort() throws IOException {
		Map<String, Object> container = container();
		Manifests.assertActuatorProbesOnHttpPort(container);
	}

	@Test
	void dataIsMountedFromTheReadWriteOncePersistentVolumeClaim() throws IOException {
		Map<String, Object> podSpec = podSpec();
		String volumeName = list(container().get("volumeMounts")).stream()
			.map(Manifests::map)
			.filter((mount) -> "/data".equals(mount.get("mountPath")))
			.map((mount) -> (String) mount.get("name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volumeMount at /data"));
		Map<String, Object> volume = list(podSpec.get("volumes")).stream()
			.map(Manifests::map)
			.filter((candidate) -> volumeName.equals(candidate.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume named " + volumeName));
		assertThat(map(volume.get("persistentVolumeClaim")).get("claimName")).isEqualTo("aurora-intelligence-data");
		Map<String, Object> claim = single("pvc.yaml", "PersistentVolumeClaim");
		assertThat(map(claim.get("metadata")).get("name")).isEqualTo("aurora-intelligence-data");
		assertThat(list(map(claim.get("spec")).get("accessModes"))).containsExactly("ReadWriteOnce");
	}

	/** Variables the JVM, Spring Boot or the OpenTelemetry support reads, and the pod fields OTEL_RESOURCE_ATTRIBUTES refers to. */
	private static final Set<String> READ_OUTSIDE_THE_SETTINGS = Set.of("MANAGEMENT_HEALTH_DISKSPACE_PATH",
			"MANAGEMENT_METRICS_SYSTEM_DISKSPACE_PATHS", "JAVA_TOOL_OPTIONS", "OTEL_EXPORTER_OTLP_ENDPOINT", "POD_NAME", "POD_NAMESPACE",
			"OTEL_RESOURCE_ATTRIBUTES");

	@ParameterizedTest
	@CsvSource({ "k8s, deployment.yaml", "k8s/shared, deployment.yaml" })
	void theJvmSizesItselfForTwoCoresWhateverTheNodesCount(String directory, String file) throws IOException {
		Map<String, Object> deployment = Manifests.single(Path.of(directory), file, "Deployment");
		Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
		Map<String, Object> container = map(list(pod.get("containers")).get(0));
		assertThat(list(container.get("env"))).map(Manifests::map)
			.filteredOn((variable) -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")))
			.singleElement()
			.satisfies((variable) -> assertThat((String) variable.get("value")).contains("-XX:ActiveProcessorCount=2"));
		assertThat(map(map(container.get("resources")).get("limits"))).as("no CPU limit to size it by")
			.doesNotContainKey("cpu");
		assertThat(Files.readAllLines(Path.of("Dockerfile"))).contains("ENV MALLOC_ARENA_MAX=2");
	}

	@Test
	void diskMetricsAndHealthWatchTheStoresVolume() throws IOException {
		List<Map<String, Object>> env = list(container().get("env")).stream().map(Manifests::map).toList();
		assertThat(env).filteredOn((variable) -> ((String) variable.get("name")).startsWith("MANAGEMENT_")
				&& ((String) variable.get("name")).contains("DISKSPACE"))
			.extracting((variable) -> variable.get("name") + "=" + variable.get("value"))
			.containsExactlyInAnyOrder("MANAGEMENT_HEALTH_DISKSPACE_PATH=/data",
					"MANAGEMENT_METRICS_SYSTEM_DISKSPACE_PATHS=/data");
	}

	@Test
	void containerEnvironmentCoversEverySetting() throws IOException {
		List<Map<String, Object>> env = list(container().get("env")).stream()
			.map(Manifests::map)
			.toList();
		assertThat(env).extracting((variable) -> variable.get("name"))
			.contains("AURORA_ROUTER_URL", "AURORA_AUTH_DECISIONS", "PSI_URL", "STORE_FILE", "EPSILON", "GAMMA", "ALPHA", "CACHE_TTL_S",
					"PORT", "RETENTION_S");
		assertThat(env).filteredOn((variable) -> "AURORA_API_KEY".equals(variable.get("name")))
			.singleElement()
			.satisfies((variable) -> assertThat(Manifests.map(Manifests.map(variable.get("valueFrom")).get("secretKeyRef")))
				.containsEntry("name", "aurora-intelligence-api").containsEntry("key", "api-key")
				.as("a missing Secret stops the pod instead of opening feedback").doesNotContainKey("optional"));
		assertThat(env).filteredOn((variable) -> "AURORA_API_KEY_PREVIOUS".equals(variable.get("name")))
			.singleElement()
			.satisfies((variable) -> assertThat(Manifests.map(Manifests.map(variable.get("valueFrom")).get("secretKeyRef")))
				.containsEntry("name", "aurora-intelligence-api").containsEntry("key", "api-key-previous")
				.as("set only during a rotation").containsEntry("optional", true));
		assertThat(env).filteredOn((variable) -> "STORE_FILE".equals(variable.get("name")))
			.singleElement()
			.satisfies((variable) -> assertThat((String) variable.get("value")).startsWith("/data/"));
	}

	@ParameterizedTest
	@CsvSource({ "k8s, deployment.yaml", "k8s/shared, deployment.yaml" })
	void everyVariableTheContainerSetsIsOneTheServiceReads(String directory, String file) throws IOException {
		String settings = Files.readString(Path.of("src/main/resources/application.yml"));
		Map<String, Object> deployment = Manifests.single(Path.of(directory), file, "Deployment");
		Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
		List<Object> env = list(map(list(pod.get("containers")).get(0)).get("env"));
		assertThat(env).isNotEmpty().allSatisfy((variable) -> {
			String name = (String) map(variable).get("name");
			assertThat(settings.contains("${" + name + ":") || READ_OUTSIDE_THE_SETTINGS.contains(name))
				.as("%s/%s sets %s, which application.yml does not read", directory, file, name)
				.isTrue();
		});
	}

	@Test
	void containerRunsAsNonRootWithReadOnlyRootFilesystem() throws IOException {
		Map<String, Object> podContext = map(Objects.requireNonNullElse(podSpec().get("securityContext"), Map.of()));
		Map<String, Object> containerContext = map(container().get("securityContext"));
		assertThat(containerContext.get("readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(List.of(podContext, containerContext)).extracting((context) -> context.get("runAsNonRoot"))
			.contains(true)
			.doesNotContain(false);
		assertThat(podContext).as("the image's user, and the group that may write the SQLite volume")
			.containsEntry("runAsUser", 10001).containsEntry("fsGroup", 10001);
		assertThat(Files.readString(Path.of("Dockerfile"))).contains("USER 10001", "chown 10001:10001 /data");
		assertThat(podSpec().get("enableServiceLinks")).as("no Docker-link variables such as AURORA_INTELLIGENCE_PORT")
			.isEqualTo(false);
	}

	@Test
	void serviceSelectsTheDeploymentPodsAndTargetsTheHttpPort() throws IOException {
		Map<String, Object> service = single("service.yaml", "Service");
		Map<String, Object> selector = map(map(service.get("spec")).get("selector"));
		Map<String, Object> podLabels = map(map(map(map(deployment().get("spec")).get("template")).get("metadata"))
			.get("labels"));
		assertThat(selector).isNotEmpty();
		assertThat(podLabels).containsAllEntriesOf(selector);
		assertThat(list(map(service.get("spec")).get("ports"))).isNotEmpty()
			.allSatisfy((port) -> assertThat(map(port).get("targetPort")).isEqualTo("http"));
	}

	@ParameterizedTest
	@CsvSource({ "servicemonitor.yaml, ServiceMonitor", "podmonitoring.yaml, PodMonitoring" })
	void scrapeExamplesSelectThePodsAndScrapeMetricsOnTheHttpPort(String file, String kind) throws IOException {
		Path examples = K8S.resolve("examples");
		Manifests.assertEveryDocumentIsNamed(List.of(examples.resolve(file)), "vaultmesh");
		Map<String, Object> spec = map(Manifests.single(examples, file, kind).get("spec"));
		Map<String, Object> selected = "ServiceMonitor".equals(kind)
				? map(map(single("service.yaml", "Service").get("metadata")).get("labels"))
				: map(map(map(map(deployment().get("spec")).get("template")).get("metadata")).get("labels"));
		assertThat(selected).as("a ServiceMonitor selects the Service, a PodMonitoring the pods")
			.containsAllEntriesOf(map(map(spec.get("selector")).get("matchLabels")));
		assertThat(list(spec.get("endpoints"))).singleElement().satisfies((endpoint) -> assertThat(map(endpoint))
			.containsEntry("port", "http").containsEntry("path", "/metrics"));
	}

	@Test
	void networkPolicyExampleAdmitsLabelledClientsAndPrometheusOnTheHttpPortOfBothModesPods() throws IOException {
		Path examples = K8S.resolve("examples");
		Manifests.assertEveryDocumentIsNamed(List.of(examples.resolve("networkpolicy.yaml")), "vaultmesh");
		Map<String, Object> spec = map(Manifests.single(examples, "networkpolicy.yaml", "NetworkPolicy").get("spec"));
		Map<String, Object> selected = map(map(spec.get("podSelector")).get("matchLabels"));
		for (Map<String, Object> deployment : List.of(deployment(),
				Manifests.single(K8S.resolve("shared"), "deployment.yaml", "Deployment"))) {
			Map<String, Object> pod = map(map(deployment.get("spec")).get("template"));
			assertThat(map(map(pod.get("metadata")).get("labels"))).containsAllEntriesOf(selected);
			assertThat(list(map(list(map(pod.get("spec")).get("containers")).get(0)).get("ports")))
				.anySatisfy((port) -> assertThat(map(port)).containsEntry("name", "http"));
		}
		assertThat(list(spec.get("policyTypes"))).containsExactly("Ingress");
		Map<String, Object> rule = map(list(spec.get("ingress")).get(0));
		assertThat(list(spec.get("ingress"))).hasSize(1);
		assertThat(list(rule.get("ports"))).singleElement()
			.satisfies((port) -> assertThat(map(port)).containsEntry("port", "http").containsEntry("protocol", "TCP"));
		List<Map<String, Object>> from = list(rule.get("from")).stream().map(Manifests::map).toList();
		assertThat(from).as("clients by label in namespaces labelled for them: both selectors in one entry, so both must match")
			.anySatisfy((peer) -> {
				assertThat(map(map(peer.get("namespaceSelector")).get("matchLabels")))
					.containsExactly(Map.entry("aurora-intelligence/clients", "allowed"));
				assertThat(map(map(peer.get("podSelector")).get("matchLabels")))
					.containsEntry("aurora-intelligence/client", "true");
			})
			.anySatisfy((peer) -> assertThat(list(map(peer.get("namespaceSelector")).get("matchExpressions")))
				.singleElement()
				.satisfies((expression) -> assertThat(map(expression))
					.containsEntry("key", "kubernetes.io/metadata.name")
					.containsEntry("operator", "In")
					.containsEntry("values", List.of("monitoring", "gmp-system"))));
	}

	@Test
	void autoscalerTargetsTheDeploymentAndNeverScalesOut() throws IOException {
		Map<String, Object> spec = map(single("hpa.yaml", "HorizontalPodAutoscaler").get("spec"));
		Map<String, Object> target = map(spec.get("scaleTargetRef"));
		assertThat(target.get("kind")).isEqualTo("Deployment");
		assertThat(target.get("name")).isEqualTo(map(deployment().get("metadata")).get("name"));
		assertThat(spec.get("maxReplicas")).isEqualTo(1);
	}

	private static List<Path> manifestFiles() throws IOException {
		try (Stream<Path> files = Files.list(K8S)) {
			return files.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
				.sorted()
				.toList();
		}
	}

	private static Map<String, Object> single(String fileName, String kind) throws IOException {
		return Manifests.single(K8S, fileName, kind);
	}

	private static Map<String, Object> deployment() throws IOException {
		return single("deployment.yaml", "Deployment");
	}

	private static Map<String, Object> podSpec() throws IOException {
		return map(map(map(deployment().get("spec")).get("template")).get("spec"));
	}

	private static Map<String, Object> container() throws IOException {
		List<Object> containers = list(podSpec().get("containers"));
		assertThat(containers).hasSize(1);
		return map(containers.get(0));
	}

}
