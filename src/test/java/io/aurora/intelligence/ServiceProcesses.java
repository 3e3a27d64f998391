package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as a process of its own, on the test's class path, so that a test can kill it with
 * SIGKILL and start it again on the same store; each launch logs to a file of its own in {@code dir}.
 */
final class ServiceProcesses {

	/** Spring Boot's line once the server listens. */
	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private final Path dir;

	private final Map<Process, Path> logs = new ConcurrentHashMap<>();

	private int launches;

	ServiceProcesses(Path dir) {
		this.dir = dir;
	}

	/** Starts the service on a port of its own choosing, logging to a file of its own, which tells the port. */
	Process launch(Path store, NeighbourStubs neighbours, Map<String, String> settings) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				AuroraIntelligenceApplication.class.getName());
		builder.environment().putAll(Map.of("PORT", "0", "STORE_FILE", store.toString(), "PSI_URL",
				neighbours.psiUrl(), "AURORA_ROUTER_URL", neighbours.routerUrl()));
		builder.environment().putAll(settings);
		Path log = dir.resolve("service-" + (++launches) + ".log");
		Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		logs.put(process, log);
		return process;
	}

	/** Waits until the service says which port it listens on and answers there; a client for that port. */
	TestHttp awaitUp(Process process) throws Exception {
		AtomicReference<TestHttp> http = new AtomicReference<>();
		await("service started").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
			.dontCatchUncaughtExceptions()
			.until(() -> {
				assertThat(process.isAlive()).as("service process exited").isTrue();
				if (http.get() == null) {
					Matcher started = STARTED.matcher(Files.readString(logs.get(process)));
					http.set(started.find() ? new TestHttp(Integer.parseInt(started.group(1))) : null);
				}
				try {
					return http.get() != null && "healthy".equals(http.get().get("/healthz").json().get("status").asString());
				}
				catch (RuntimeException notYet) {
					// not answering yet
					return false;
				}
			});
		return http.get();
	}

}
