package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.aurora.intelligence.Manifests.list;
import static io.aurora.intelligence.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Tracing as both Deployments set it up: a collector named by an optional ConfigMap, and spans that name their pod. */
class TracingManifestsTests {

	@ParameterizedTest
	@CsvSource({ "k8s, deployment.yaml", "k8s/shared, deployment.yaml" })
	void spansGoToTheCollectorAnOptionalConfigMapNamesAndNameTheirPod(String directory, String file) throws IOException {
		Map<String, Object> deployment = Manifests.single(Path.of(directory), file, "Deployment");
		Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
		List<Map<String, Object>> env = list(map(list(pod.get("containers")).get(0)).get("env")).stream().map(Manifests::map).toList();
		List<String> names = env.stream().map((variable) -> (String) variable.get("name")).toList();
		assertThat(env).filteredOn((variable) -> "OTEL_EXPORTER_OTLP_ENDPOINT".equals(variable.get("name"))).singleElement()
			.satisfies((variable) -> assertThat(map(map(variable.get("valueFrom")).get("configMapKeyRef")))
				.containsEntry("name", "aurora-intelligence-tracing").containsEntry("key", "otlp-endpoint")
				.as("no ConfigMap, no spans sent, and the pod still starts").containsEntry("optional", true));
		assertThat(env).filteredOn((variable) -> "OTEL_RESOURCE_ATTRIBUTES".equals(variable.get("name"))).singleElement()
			.satisfies((variable) -> assertThat(variable.get("value"))
				.isEqualTo("k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)"));
		assertThat(names.indexOf("POD_NAME")).as("defined before it is referred to, or Kubernetes leaves $(POD_NAME) as it is")
			.isNotNegative().isLessThan(names.indexOf("OTEL_RESOURCE_ATTRIBUTES"));
		assertThat(names.indexOf("POD_NAMESPACE")).isNotNegative().isLessThan(names.indexOf("OTEL_RESOURCE_ATTRIBUTES"));
		assertThat(env).filteredOn((variable) -> "POD_NAME".equals(variable.get("name"))).singleElement()
			.satisfies((variable) -> assertThat(map(map(variable.get("valueFrom")).get("fieldRef")))
				.containsEntry("fieldPath", "metadata.name"));
		assertThat(env).filteredOn((variable) -> "POD_NAMESPACE".equals(variable.get("name"))).singleElement()
			.satisfies((variable) -> assertThat(map(map(variable.get("valueFrom")).get("fieldRef")))
				.containsEntry("fieldPath", "metadata.namespace"));
	}

}
