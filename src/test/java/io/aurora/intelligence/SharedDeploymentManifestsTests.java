package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.Manifests.list;
import static io.aurora.intelligence.Manifests.load;
import static io.aurora.intelligence.Manifests.map;
import static io.aurora.intelligence.Manifests.single;
import static org.assertj.core.api.Assertions.assertThat;

/** Guards the multi-replica PostgreSQL (shared mode) deployment contract kept in {@code k8s/shared/}. */
class SharedDeploymentManifestsTests {

	private static final Path K8S = Path.of("k8s");

	private static final Path SHARED = K8S.resolve("shared");

	private static final String STORE_SECRET = "aurora-intelligence-store";

	private static final String ADMIN_SECRET = "aurora-postgres-admin";

	@Test
	void everySharedManifestHasApiVersionKindNameAndNamespace() throws IOException {
		List<Path> files = manifestFiles();
		assertThat(files).extracting((file) -> file.getFileName().toString())
			.contains("deployment.yaml", "hpa.yaml", "pdb.yaml", "service.yaml", "store-secret.yaml", "postgres-admin-secret.yaml",
					"postgres.yaml");
		Manifests.assertEveryDocumentIsNamed(files, "vaultmesh");
		assertThat(load(SHARED.resolve("postgres.yaml"))).extracting((document) -> document.get("kind"))
			.containsExactlyInAnyOrder("ConfigMap", "Service", "StatefulSet", "NetworkPolicy");
	}

	@Test
	void sharedDeploymentRunsSeveralReplicasWithoutAPersistentVolumeClaim() throws IOException {
		Map<String, Object> spec = map(deployment().get("spec"));
		assertThat(spec).as("the HPA owns the replica count; a kubectl apply must not reset it").doesNotContainKey("replicas");
		Map<String, Object> strategy = map(spec.get("strategy"));
		assertThat(strategy.get("type")).isEqualTo("RollingUpdate");
		assertThat(map(strategy.get("rollingUpdate")).get("maxUnavailable")).isEqualTo(0);
		List<Map<String, Object>> volumes = list(podSpec().getOrDefault("volumes", List.of())).stream()
			.map(Manifests::map)
			.toList();
		assertThat(volumes).noneMatch((volume) -> volume.containsKey("persistentVolumeClaim"));
		assertThat(list(container().get("volumeMounts"))).extracting((mount) -> map(mount).get("mountPath"))
			.contains("/tmp")
			.doesNotContain("/data");
	}

	@Test
	void sharedDeploymentReadsTheStoreFromASecret() throws IOException {
		Map<String, Map<String, Object>> env = env(container());
		assertThat(env).containsKeys("STORE_URL", "STORE_USER", "STORE_PASSWORD", "AURORA_ROUTER_URL", "AURORA_AUTH_DECISIONS", "PSI_URL",
				"EPSILON", "GAMMA", "ALPHA", "CACHE_TTL_S", "PORT", "CHECKPOINT_INTERVAL_S", "RETENTION_S");
		assertThat(env).doesNotContainKey("STORE_FILE");
		assertSecretKey(env.get("STORE_URL"), STORE_SECRET, "url");
		assertSecretKey(env.get("STORE_USER"), STORE_SECRET, "user");
		assertSecretKey(env.get("STORE_PASSWORD"), STORE_SECRET, "password");
		Map<String, Object> apiKey = secretKeyRef(env.get("AURORA_API_KEY"));
		assertThat(apiKey).containsEntry("name", "aurora-intelligence-api")
			.as("a missing Secret stops the pod instead of opening feedback").doesNotContainKey("optional");
		assertThat(secretKeyRef(env.get("AURORA_API_KEY_PREVIOUS"))).containsEntry("name", "aurora-intelligence-api")
			.containsEntry("key", "api-key-previous")
			.as("set only during a rotation").containsEntry("optional", true);
	}

	@Test
	void sharedDeploymentKeepsTheProbesAndTheReadOnlyRootFilesystem() throws IOException {
		Map<String, Object> container = container();
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(map(container.get(probe))).as(probe).containsKey("httpGet");
		}
		Manifests.assertActuatorProbesOnHttpPort(container);
		Manifests.assertDeploymentIsConsistent(single(SHARED, "deployment.yaml", "Deployment"));
		Map<String, Object> containerContext = map(container.get("securityContext"));
		assertThat(containerContext.get("readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(containerContext.get("runAsNonRoot")).isEqualTo(true);
		assertThat(map(podSpec().get("securityContext")).get("runAsNonRoot")).isEqualTo(true);
		assertThat(container.get("image")).isEqualTo(singleContainer(single(K8S, "deployment.yaml", "Deployment"))
			.get("image"));
	}

	@Test
	void sharedAutoscalerTargetsTheSharedDeploymentAndScalesFromTwoToTen() throws IOException {
		Map<String, Object> spec = map(single(SHARED, "hpa.yaml", "HorizontalPodAutoscaler").get("spec"));
		Map<String, Object> target = map(spec.get("scaleTargetRef"));
		assertThat(target.get("kind")).isEqualTo("Deployment");
		assertThat(target.get("name")).isEqualTo(map(deployment().get("metadata")).get("name"));
		assertThat((Integer) spec.get("minReplicas")).isGreaterThanOrEqualTo(2);
		assertThat(spec.get("maxReplicas")).isEqualTo(10);
	}

	@Test
	void disruptionBudgetKeepsOneSharedReplicaAvailable() throws IOException {
		Map<String, Object> budget = single(SHARED, "pdb.yaml", "PodDisruptionBudget");
		assertThat(budget.get("apiVersion")).isEqualTo("policy/v1");
		Map<String, Object> spec = map(budget.get("spec"));
		assertThat(spec.get("minAvailable")).isEqualTo(1);
		assertThat(spec.get("unhealthyPodEvictionPolicy")).as("a database outage must not hold up node drains")
			.isEqualTo("AlwaysAllow");
		Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
		assertThat(selector).containsExactlyEntriesOf(Map.of("app", "aurora-intelligence"));
		assertThat(podLabels()).containsAllEntriesOf(selector);
	}

	@Test
	void sharedServiceSelectsTheSharedPodsAndTargetsTheHttpPort() throws IOException {
		Map<String, Object> spec = map(single(SHARED, "service.yaml", "Service").get("spec"));
		Map<String, Object> selector = map(spec.get("selector"));
		assertThat(selector).isNotEmpty();
		assertThat(podLabels()).containsAllEntriesOf(selector);
		assertThat(list(spec.get("ports"))).isNotEmpty()
			.allSatisfy((port) -> assertThat(map(port).get("targetPort")).isEqualTo("http"));
	}

	@Test
	void referencePostgresKeepsItsDataInAVolumeClaimTemplate() throws IOException {
		Map<String, Object> statefulSet = single(SHARED, "postgres.yaml", "StatefulSet");
		Map<String, Object> spec = map(statefulSet.get("spec"));
		List<Object> claims = list(spec.get("volumeClaimTemplates"));
		assertThat(claims).isNotEmpty();
		assertThat(list(map(map(claims.get(0)).get("spec")).get("accessModes"))).containsExactly("ReadWriteOnce");
		Map<String, Object> service = single(SHARED, "postgres.yaml", "Service");
		assertThat(spec.get("serviceName")).isEqualTo(map(service.get("metadata")).get("name"));
		assertThat(map(service.get("spec")).get("clusterIP")).isEqualTo("None");
		Map<String, Map<String, Object>> env = env(singleContainer(statefulSet));
		assertSecretKey(env.get("POSTGRES_USER"), ADMIN_SECRET, "user");
		assertSecretKey(env.get("POSTGRES_PASSWORD"), ADMIN_SECRET, "password");
		assertSecretKey(env.get("AURORA_USER"), STORE_SECRET, "user");
		assertSecretKey(env.get("AURORA_PASSWORD"), STORE_SECRET, "password");
	}

	@Test
	void referencePostgresRunsItsRoleScriptFromTheConfigMapOnFirstStart() throws IOException {
		Map<String, Object> statefulSet = single(SHARED, "postgres.yaml", "StatefulSet");
		Map<String, Object> configMap = single(SHARED, "postgres.yaml", "ConfigMap");
		Map<String, Object> mount = list(singleContainer(statefulSet).get("volumeMounts")).stream().map(Manifests::map)
			.filter((m) -> "/docker-entrypoint-initdb.d".equals(m.get("mountPath"))).findFirst().orElseThrow();
		Map<String, Object> volume = list(map(map(map(statefulSet.get("spec")).get("template")).get("spec")).get("volumes"))
			.stream().map(Manifests::map).filter((v) -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
		assertThat(map(volume.get("configMap")).get("name")).isEqualTo(map(configMap.get("metadata")).get("name"));
		assertThat(map(volume.get("configMap")).get("defaultMode")).as("executable, so the entrypoint runs it rather than sourcing it")
			.isEqualTo(0555);
		assertThat(map(configMap.get("data"))).containsOnlyKeys("10-aurora-role.sh");
		Map<String, Object> admin = single(SHARED.resolve("examples"), "postgres-admin-secret.yaml", "Secret");
		assertThat(map(admin.get("metadata")).get("name")).isEqualTo(ADMIN_SECRET);
		Map<String, Object> store = single(SHARED.resolve("examples"), "store-secret.yaml", "Secret");
		assertThat(map(admin.get("stringData")).get("user")).as("the superuser is not the service's login")
			.isNotEqualTo(map(store.get("stringData")).get("user"));
	}

	@Test
	void referencePostgresIsGivenTimeToRecoverAndRoomForParallelQueries() throws IOException {
		Map<String, Object> statefulSet = single(SHARED, "postgres.yaml", "StatefulSet");
		Map<String, Object> container = singleContainer(statefulSet);
		Map<String, Object> startup = map(container.get("startupProbe"));
		assertThat(((Number) startup.get("periodSeconds")).intValue() * ((Number) startup.get("failureThreshold")).intValue())
			.as("crash recovery may take minutes before liveness applies").isGreaterThanOrEqualTo(600);
		assertThat(map(container.get("livenessProbe"))).doesNotContainKey("initialDelaySeconds");
		String shm = list(container.get("volumeMounts")).stream().map(Manifests::map)
			.filter((mount) -> "/dev/shm".equals(mount.get("mountPath"))).map((mount) -> (String) mount.get("name"))
			.findFirst().orElseThrow(() -> new AssertionError("no /dev/shm beyond the runtime's 64 MiB"));
		assertThat(list(map(map(map(statefulSet.get("spec")).get("template")).get("spec")).get("volumes"))).extracting(Manifests::map)
			.filteredOn((volume) -> shm.equals(volume.get("name"))).singleElement()
			.satisfies((volume) -> assertThat(map(volume.get("emptyDir")).get("medium")).isEqualTo("Memory"));
	}

	@Test
	void referencePostgresTakesConnectionsOnlyFromTheServicesPods() throws IOException {
		Map<String, Object> spec = map(single(SHARED, "postgres.yaml", "NetworkPolicy").get("spec"));
		Map<String, Object> statefulSet = single(SHARED, "postgres.yaml", "StatefulSet");
		assertThat(map(spec.get("podSelector")).get("matchLabels"))
			.isEqualTo(map(map(statefulSet.get("spec")).get("selector")).get("matchLabels"));
		assertThat(list(spec.get("policyTypes"))).containsExactly("Ingress");
		Map<String, Object> rule = map(list(spec.get("ingress")).get(0));
		assertThat(list(spec.get("ingress"))).hasSize(1);
		Map<String, Object> from = map(map(list(rule.get("from")).get(0)).get("podSelector"));
		assertThat(from.get("matchLabels")).isEqualTo(map(map(deployment().get("spec")).get("selector")).get("matchLabels"));
		assertThat(list(rule.get("ports"))).singleElement()
			.satisfies(port -> assertThat(map(port).get("port")).isEqualTo(5432));
	}

	@Test
	void referencePostgresAdmitsEveryReplicasPoolDuringARolloutAtTheHpasMaximum() throws IOException {
		List<Object> args = list(singleContainer(single(SHARED, "postgres.yaml", "StatefulSet")).get("args"));
		int maxConnections = args.stream().map(String::valueOf).filter((arg) -> arg.startsWith("max_connections="))
			.mapToInt((arg) -> Integer.parseInt(arg.substring("max_connections=".length()))).findFirst().orElse(100);
		int maxReplicas = ((Number) map(single(SHARED, "hpa.yaml", "HorizontalPodAutoscaler").get("spec")).get("maxReplicas"))
			.intValue();
		int surge = ((Number) map(map(map(deployment().get("spec")).get("strategy")).get("rollingUpdate")).get("maxSurge"))
			.intValue();
		Map<String, Object> pool = env(container()).get("STORE_POOL_SIZE");
		int poolSize = pool == null ? 8 : Integer.parseInt(String.valueOf(pool.get("value")));
		// Replaced pods stop within their grace period while the next surge pod, starting in 15 s or more,
		// replaces them: one more is marked for deletion every 15 s, so up to 6 stop at a time in 90 s.
		int grace = ((Number) map(map(map(deployment().get("spec")).get("template")).get("spec"))
			.get("terminationGracePeriodSeconds")).intValue();
		int stopping = (grace + 14) / 15;
		int pods = maxReplicas + surge + stopping;
		assertThat(pods * poolSize + 2 * surge + 3).as("pools of %d pods, migrations and superuser slots", pods)
			.isLessThanOrEqualTo(maxConnections);
	}

	@Test
	void exampleStoreSecretHasAPostgresUrlUserAndPassword() throws IOException {
		Map<String, Object> secret = single(SHARED.resolve("examples"), "store-secret.yaml", "Secret");
		assertThat(map(secret.get("metadata")).get("name")).isEqualTo(STORE_SECRET);
		Map<String, Object> data = map(secret.get("stringData"));
		assertThat(data).containsKeys("url", "user", "password");
		assertThat((String) data.get("url")).startsWith("jdbc:postgresql://");
	}

	private static void assertSecretKey(Map<String, Object> variable, String secret, String key) {
		assertThat(variable).as("env variable").isNotNull().doesNotContainKey("value");
		Map<String, Object> reference = secretKeyRef(variable);
		assertThat(reference.get("name")).as("%s secret", variable.get("name")).isEqualTo(secret);
		assertThat(reference.get("key")).as("%s key", variable.get("name")).isEqualTo(key);
	}

	private static Map<String, Object> secretKeyRef(Map<String, Object> variable) {
		assertThat(variable).as("env variable").isNotNull();
		return map(map(variable.get("valueFrom")).get("secretKeyRef"));
	}

	private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
		Map<String, Map<String, Object>> env = new LinkedHashMap<>();
		for (Object variable : list(container.get("env"))) {
			env.put((String) map(variable).get("name"), map(variable));
		}
		return env;
	}

	private static List<Path> manifestFiles() throws IOException {
		try (Stream<Path> files = Files.walk(SHARED)) {
			return files.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
				.sorted()
				.toList();
		}
	}

	private static Map<String, Object> deployment() throws IOException {
		return single(SHARED, "deployment.yaml", "Deployment");
	}

	private static Map<String, Object> podSpec() throws IOException {
		return map(map(map(deployment().get("spec")).get("template")).get("spec"));
	}

	private static Map<String, Object> podLabels() throws IOException {
		return map(map(map(map(deployment().get("spec")).get("template")).get("metadata")).get("labels"));
	}

	private static Map<String, Object> container() throws IOException {
		return singleContainer(deployment());
	}

	private static Map<String, Object> singleContainer(Map<String, Object> workload) {
		List<Object> containers = list(map(map(map(workload.get("spec")).get("template")).get("spec"))
			.get("containers"));
		assertThat(containers).hasSize(1);
		return map(containers.get(0));
	}

}
