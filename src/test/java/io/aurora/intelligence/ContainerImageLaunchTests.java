package io.aurora.intelligence;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image's launch without Docker, run by Failsafe on the packaged jar: the jar is split into the
 * layers the Dockerfile's build stage extracts, they are copied into one directory as its runtime stage
 * copies them, and the Dockerfile's own {@code ENTRYPOINT} starts the service there, on Java 25 as the
 * image runs when {@code /usr/lib/jvm} has it. It must answer its health check and a decision, and stop on SIGTERM;
 * the {@code HEALTHCHECK}'s own command must find it on {@code SERVER_PORT} or {@code PORT}, as the service reads them.
 */
class ContainerImageLaunchTests {

	private static final Pattern EXTRACT = Pattern.compile("java -Djarmode=tools -jar \\S+ (extract [^\\n&]*?--destination) (\\S+)");

	private static final Pattern COPY_LAYER = Pattern.compile("(?m)^COPY --from=build /build/extracted/(\\S+)/ \\./$");

	private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$");

	private static final Pattern HEALTH_PATH = Pattern.compile("GET (/\\S+) HTTP/1.0");

	private static final Pattern HEALTHCHECK = Pattern.compile("(?m)^HEALTHCHECK .*\\\\\\n\\s+CMD (\\[.*])$");

	@TempDir
	Path dir;

	@Test
	void theDockerfilesLayersAndEntrypointStartAServiceThatDecidesAndStops() throws Exception {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		Path jar = packagedJar();
		Matcher extract = EXTRACT.matcher(dockerfile);
		assertThat(extract.find()).as("the build stage extracts the jar's layers").isTrue();
		List<String> extractCommand = new ArrayList<>(List.of(java(), "-Djarmode=tools", "-jar", jar.toString()));
		extractCommand.addAll(List.of(extract.group(1).split(" ")));
		extractCommand.add(dir.resolve("extracted").toString());
		assertThat(new ProcessBuilder(extractCommand).inheritIO().start().waitFor()).as("layers extracted").isZero();

		Path app = Files.createDirectories(dir.resolve("app"));
		Matcher layer = COPY_LAYER.matcher(dockerfile);
		List<String> layers = new ArrayList<>();
		while (layer.find()) {
			layers.add(layer.group(1));
			copyTree(dir.resolve("extracted").resolve(layer.group(1)), app);
		}
		assertThat(layers).as("the runtime stage copies every layer").contains("dependencies", "spring-boot-loader", "application");

		Matcher entrypoint = ENTRYPOINT.matcher(dockerfile);
		assertThat(entrypoint.find()).isTrue();
		List<String> command = new ArrayList<>(List.of(JsonMapper.builder().build().readValue(entrypoint.group(1), String[].class)));
		assertThat(command.get(0)).isEqualTo("java");
		command.set(0, java());
		int port = freePort();
		ProcessBuilder service = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
			.redirectOutput(dir.resolve("service.log").toFile());
		// The image's environment alone, not the build's (a developer's STORE_URL or JAVA_TOOL_OPTIONS).
		service.environment().clear();
		service.environment().putAll(Map.of("PORT", String.valueOf(port), "STORE_FILE", dir.resolve("data/decisions.db").toString(),
				"MALLOC_ARENA_MAX", "2", "PSI_URL", "http://127.0.0.1:9", "AURORA_ROUTER_URL", "http://127.0.0.1:9"));
		Process process = service.start();
		try {
			TestHttp http = new TestHttp(port);
			Matcher health = HEALTH_PATH.matcher(dockerfile);
			assertThat(health.find()).as("the HEALTHCHECK's request").isTrue();
			try {
				await("the image's health check passes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
					.failFast("the service exited", () -> !process.isAlive())
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(http.get(health.group(1)).status()).isEqualTo(200));
			}
			catch (ConditionTimeoutException | TerminalFailureException ex) {
				throw new AssertionError(ex.getMessage() + "; its log:\n" + Files.readString(dir.resolve("service.log")), ex);
			}
			int closed = freePort();
			assertThat(healthCheck(dockerfile, Map.of("PORT", String.valueOf(port)))).as("the HEALTHCHECK on PORT").isZero();
			assertThat(healthCheck(dockerfile, Map.of("SERVER_PORT", String.valueOf(port), "PORT", String.valueOf(closed))))
				.as("the HEALTHCHECK on SERVER_PORT, which wins over PORT as it does for the service").isZero();
			assertThat(healthCheck(dockerfile, Map.of("SERVER_PORT", String.valueOf(closed), "PORT", String.valueOf(port))))
				.as("the HEALTHCHECK of a service on SERVER_PORT does not pass for PORT's").isNotZero();
			TestHttp.Response decision = http.post("/decisions", AuroraIntelligenceApplicationTests.SEED_DECISION);
			assertThat(decision.status()).isEqualTo(200);
			assertThat(decision.json().get("trace_id").asString()).startsWith("tr_");
			assertThat(Files.readString(dir.resolve("service.log"))).as("sqlite-jdbc's native library, granted access")
				.doesNotContain("restricted method").doesNotContain("ERROR");
			process.destroy();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
		}
		finally {
			process.destroyForcibly();
		}
	}

	/** Runs the Dockerfile's {@code HEALTHCHECK} command in this environment alone; returns its exit status. */
	private static int healthCheck(String dockerfile, Map<String, String> environment) throws Exception {
		Matcher check = HEALTHCHECK.matcher(dockerfile);
		assertThat(check.find()).as("the HEALTHCHECK's command").isTrue();
		ProcessBuilder command = new ProcessBuilder(JsonMapper.builder().build().readValue(check.group(1), String[].class))
			.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
		command.environment().clear();
		command.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
		command.environment().putAll(environment);
		Process process = command.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the health check ends").isTrue();
		return process.exitValue();
	}

	/** A loopback port nothing listens on now. */
	private static int freePort() throws IOException {
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return free.getLocalPort();
		}
	}

	/**
	 * A Java 25 in {@code /usr/lib/jvm} (its {@code release} file says so), as the image runs, or else the JDK
	 * running the tests, which this says, since then Java 25's restrictions on native access are not tried.
	 */
	private static String java() throws IOException {
		Path jvms = Path.of("/usr/lib/jvm");
		if (Files.isDirectory(jvms)) {
			try (Stream<Path> homes = Files.list(jvms)) {
				List<Path> java25 = homes.sorted().filter((home) -> release(home).startsWith("25"))
					.map((home) -> home.resolve("bin/java")).filter(Files::isExecutable).toList();
				if (!java25.isEmpty()) {
					return java25.get(0).toString();
				}
			}
		}
		System.out.println("No Java 25 in /usr/lib/jvm: the image's launch is tried on " + System.getProperty("java.version"));
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** The {@code JAVA_VERSION} a JDK's {@code release} file states, or nothing. */
	private static String release(Path home) {
		try {
			Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"").matcher(Files.readString(home.resolve("release")));
			return version.find() ? version.group(1) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** The jar this build packaged (Failsafe names it), not one an earlier version left in target/. */
	private static Path packagedJar() {
		Path jar = Path.of(System.getProperty("packaged.jar", "target/aurora-intelligence-0.1.0.jar"));
		assertThat(jar).as("the packaged jar: run ./mvnw verify").isRegularFile();
		return jar;
	}

	private static void copyTree(Path from, Path to) throws IOException {
		if (!Files.isDirectory(from)) {
			return;
		}
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

}
