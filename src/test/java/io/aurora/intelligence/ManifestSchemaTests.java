package io.aurora.intelligence;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every manifest of a kind Kubernetes itself defines reads as that kind's API type with no field left
 * over, so that a misspelt or misplaced field, which the API server would refuse or (with client-side
 * apply) drop, fails here, where no cluster is at hand; and every resource quantity parses.
 */
class ManifestSchemaTests {

	private static final Map<String, Class<? extends KubernetesResource>> KINDS = Map.of(
			"apps/v1 Deployment", Deployment.class, "apps/v1 StatefulSet", StatefulSet.class,
			"v1 Service", Service.class, "v1 Secret", Secret.class, "v1 PersistentVolumeClaim", PersistentVolumeClaim.class,
			"autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
			"networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class, "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
			"v1 ConfigMap", ConfigMap.class);

	/** Custom resources of the Prometheus operator and Google's managed Prometheus: no API type here. */
	private static final List<String> CUSTOM = List.of("monitoring.coreos.com/v1 ServiceMonitor",
			"monitoring.coreos.com/v1 PrometheusRule", "monitoring.googleapis.com/v1 PodMonitoring");

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void everyManifestHasOnlyFieldsItsKindDefines() throws IOException {
		List<String> checked = new ArrayList<>();
		for (Path file : manifests()) {
			for (Map<String, Object> document : Manifests.load(file)) {
				String kind = document.get("apiVersion") + " " + document.get("kind");
				if (CUSTOM.contains(kind)) {
					continue;
				}
				assertThat(KINDS).as("%s: a kind this test knows", file).containsKey(kind);
				Object resource = json.convertValue(document, KINDS.get(kind));
				List<String> problems = new ArrayList<>();
				inspect(resource, kind, problems);
				assertThat(problems).as(file.toString()).isEmpty();
				checked.add(kind);
			}
		}
		assertThat(checked).as("the single-replica and the shared deployment, each with its parts")
			.contains("apps/v1 Deployment", "apps/v1 StatefulSet", "v1 Service", "v1 Secret", "v1 PersistentVolumeClaim",
					"autoscaling/v2 HorizontalPodAutoscaler", "networking.k8s.io/v1 NetworkPolicy",
					"policy/v1 PodDisruptionBudget", "v1 ConfigMap");
	}

	@Test
	void aMisspeltFieldIsCaught() {
		Map<String, Object> deployment = Map.of("apiVersion", "apps/v1", "kind", "Deployment", "spec",
				Map.of("template", Map.of("spec", Map.of("terminationGracePeriodSecond", 70))));
		List<String> problems = new ArrayList<>();
		inspect(json.convertValue(deployment, Deployment.class), "Deployment", problems);
		assertThat(problems).containsExactly("Deployment.spec.template.spec: unknown field terminationGracePeriodSecond");
	}

	/** Walks the API object's getters, noting fields read into no property and quantities that do not parse. */
	private static void inspect(Object value, String path, List<String> problems) {
		if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				inspect(item, path + "[" + i++ + "]", problems);
			}
			return;
		}
		if (value instanceof Map<?, ?> entries) {
			entries.forEach((key, item) -> inspect(item, path + "." + key, problems));
			return;
		}
		if (value instanceof Quantity quantity) {
			try {
				Quantity.getAmountInBytes(quantity);
			}
			catch (IllegalArgumentException ex) {
				problems.add(path + ": not a quantity: " + quantity);
			}
			return;
		}
		if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (!getter.getName().startsWith("get") || getter.getParameterCount() > 0 || Modifier.isStatic(getter.getModifiers())
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object property = invoke(getter, value);
			if ("getAdditionalProperties".equals(getter.getName())) {
				((Map<?, ?>) property).keySet().forEach((field) -> problems.add(path + ": unknown field " + field));
			}
			else {
				inspect(property, path + "." + property(getter.getName()), problems);
			}
		}
	}

	private static String property(String getter) {
		return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(getter.toString(), ex);
		}
	}

	private static List<Path> manifests() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
			return files.filter((file) -> file.toString().endsWith(".yaml")).sorted().toList();
		}
	}

}
