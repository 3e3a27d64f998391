package io.aurora.intelligence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Maven wrapper, the README's first step, fetches Maven on a machine without {@code unzip} (such as the
 * Dockerfile's eclipse-temurin build image) and checks the {@code .tar.gz} it then fetches against that
 * archive's own SHA-256 (apache/maven-wrapper#425). The repository's {@code mvnw} runs against a loopback
 * server holding a stand-in distribution, with a {@code PATH} that lacks {@code unzip}.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class MavenWrapperTests {

	private static final Path PROPERTIES = Path.of(".mvn/wrapper/maven-wrapper.properties");

	@TempDir
	Path dir;

	private HttpServer server;

	private byte[] tarGz;

	@BeforeEach
	void serveAStandInDistribution() throws Exception {
		String main = mainName(wrapperProperties().getProperty("distributionUrl"));
		Path bin = Files.createDirectories(dir.resolve("dist").resolve(main).resolve("bin"));
		Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho \"stand-in maven $*\"\n");
		Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
		Path archive = dir.resolve("dist.tar.gz");
		assertThat(run(dir.resolve("dist"), null, "tar", "czf", archive.toString(), main).exitCode).isZero();
		tarGz = Files.readAllBytes(archive);
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			boolean found = exchange.getRequestURI().getPath().endsWith("/" + main + "-bin.tar.gz");
			byte[] body = found ? tarGz : new byte[0];
			exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void wrapperPinsTheChecksumOfBothArchivesOfItsDistribution() throws IOException {
		Properties properties = wrapperProperties();
		assertThat(properties.getProperty("distributionUrl")).endsWith("-bin.zip");
		assertThat(properties.getProperty("distributionSha256Sum")).matches("[0-9a-f]{64}");
		assertThat(properties.getProperty("distributionTarGzSha256Sum")).matches("[0-9a-f]{64}")
			.isNotEqualTo(properties.getProperty("distributionSha256Sum"));
	}

	@Test
	void withoutUnzipTheWrapperFetchesTheTarGzAndChecksItAgainstItsOwnChecksum() throws Exception {
		Result result = wrapper(sha256(tarGz));
		assertThat(result.exitCode).as(result.output).isZero();
		assertThat(result.output).contains("stand-in maven -B --version");
	}

	@Test
	void withoutUnzipATarGzThatDoesNotMatchItsChecksumIsRefused() throws Exception {
		Result result = wrapper("0".repeat(64));
		assertThat(result.exitCode).isNotZero();
		assertThat(result.output).contains("Failed to validate Maven distribution SHA-256").doesNotContain("stand-in maven");
	}

	@Test
	void withoutUnzipAndWithoutATarGzChecksumTheWrapperAsksForUnzip() throws Exception {
		Result result = wrapper(null);
		assertThat(result.exitCode).isNotZero();
		assertThat(result.output).contains("install unzip").doesNotContain("stand-in maven");
	}

	/** Runs a copy of the repository's mvnw whose properties pin {@code tarGzSum} (none when null). */
	private Result wrapper(String tarGzSum) throws Exception {
		Path project = Files.createDirectories(dir.resolve("project/.mvn/wrapper")).getParent().getParent();
		Files.copy(Path.of("mvnw"), project.resolve("mvnw"));
		Properties real = wrapperProperties();
		String properties = "distributionUrl=" + real.getProperty("distributionUrl") + "\ndistributionSha256Sum="
				+ real.getProperty("distributionSha256Sum") + "\n"
				+ (tarGzSum == null ? "" : "distributionTarGzSha256Sum=" + tarGzSum + "\n");
		Files.writeString(project.resolve(".mvn/wrapper/maven-wrapper.properties"), properties);
		ProcessBuilder builder = new ProcessBuilder("sh", "mvnw", "-B", "--version");
		builder.environment().put("PATH", pathWithoutUnzip().toString());
		builder.environment().put("MAVEN_USER_HOME", dir.resolve("home").toString());
		builder.environment().put("MVNW_REPOURL", "http://127.0.0.1:" + server.getAddress().getPort());
		for (String inherited : new String[] { "MAVEN_HOME", "MVNW_USERNAME", "MVNW_PASSWORD", "MVNW_VERBOSE", "http_proxy",
				"https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" }) {
			builder.environment().remove(inherited);
		}
		builder.environment().put("no_proxy", "127.0.0.1");
		return run(project, builder);
	}

	/** A directory linking every command of /usr/bin and /bin but unzip. */
	private Path pathWithoutUnzip() throws IOException {
		Path bin = Files.createDirectories(dir.resolve("path"));
		for (Path source : new Path[] { Path.of("/usr/bin"), Path.of("/bin") }) {
			try (Stream<Path> commands = Files.list(source)) {
				for (Path command : (Iterable<Path>) commands::iterator) {
					Path link = bin.resolve(command.getFileName().toString());
					if (!"unzip".equals(command.getFileName().toString()) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
						Files.createSymbolicLink(link, command);
					}
				}
			}
		}
		assertThat(bin.resolve("unzip")).doesNotExist();
		return bin;
	}

	private Result run(Path workingDirectory, ProcessBuilder builder, String... command) throws Exception {
		Path log = Files.createTempFile(dir, "run", ".log");
		ProcessBuilder process = (builder == null ? new ProcessBuilder(command) : builder).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Process started = process.start();
		if (!started.waitFor(60, TimeUnit.SECONDS)) {
			started.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(started.isAlive()).as("ended within 60 s: " + output).isFalse();
		return new Result(started.exitValue(), output);
	}

	private static Properties wrapperProperties() throws IOException {
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(PROPERTIES)) {
			properties.load(in);
		}
		return properties;
	}

	/** {@code apache-maven-3.9.11} of {@code .../apache-maven-3.9.11-bin.zip}. */
	private static String mainName(String url) {
		return url.substring(url.lastIndexOf('/') + 1).replace("-bin.zip", "");
	}

	private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private record Result(int exitCode, String output) {
	}

}
