package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Guards the container image's contract kept in the {@code Dockerfile}, read as text since no Docker engine is at hand. */
class DockerfileTests {

	private static final Pattern USER_LINE = Pattern.compile("^\\s*USER\\s+(\\S+)", Pattern.CASE_INSENSITIVE);

	@Test
	void dockerfileBuildsInStagesAndRunsAsNonRootWithHealthcheckAndDataVolume() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::strip).toList();
		assertThat(lines).filteredOn((line) -> line.toUpperCase().startsWith("FROM ")).hasSizeGreaterThanOrEqualTo(2);
		assertThat(lines).anyMatch((line) -> line.toUpperCase().startsWith("HEALTHCHECK "));
		assertThat(lines).anyMatch((line) -> line.toUpperCase().startsWith("VOLUME ") && line.contains("/data"));
		assertThat(lines).filteredOn((line) -> line.toUpperCase().startsWith("ENTRYPOINT "))
			.singleElement()
			.as("launched from the classpath, sqlite-jdbc needs the native access the jar's manifest grants only to java -jar")
			.satisfies((line) -> assertThat(line).contains("--enable-native-access=ALL-UNNAMED")
				.as("an OutOfMemoryError must restart the process, not leave a half-applied model running")
				.contains("-XX:+ExitOnOutOfMemoryError")
				.as("below 1792 MB the JVM would choose the single-threaded Serial collector")
				.contains("-XX:+UseG1GC"));
		assertThat(lines).filteredOn((line) -> line.toUpperCase().startsWith("HEALTHCHECK "))
			.singleElement()
			.as("a start may replay the whole log for up to 10 minutes before it answers")
			.satisfies((line) -> assertThat(line).contains("--start-period=600s"));
		assertThat(String.join("\n", lines)).as("liveness sees a dead store writer; /healthz always says healthy")
			.contains("GET /health/liveness HTTP/1.0");
		List<String> users = new ArrayList<>();
		for (String line : lines) {
			Matcher matcher = USER_LINE.matcher(line);
			if (matcher.find()) {
				users.add(matcher.group(1).split(":")[0]);
			}
		}
		assertThat(users).isNotEmpty();
		assertThat(users.get(users.size() - 1)).isNotIn("root", "0");
	}

	@Test
	void dockerfileBuildsWithTheJdkThePomTargetsAndExtractsTheJarThePomNames() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		String pom = Files.readString(Path.of("pom.xml"));
		String javaVersion = firstGroup(pom, "<java\\.version>(\\d+)</java\\.version>");
		String artifact = firstGroup(pom, "</parent>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
		assertThat(firstGroup(dockerfile, "(?m)^FROM eclipse-temurin:(\\d+)-jdk AS build$")).isEqualTo(javaVersion);
		assertThat(dockerfile).contains("-jar target/" + artifact + ".jar extract");
	}

	/** The first match's groups, joined by '-'. */
	private static String firstGroup(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as(regex).isTrue();
		StringBuilder groups = new StringBuilder(matcher.group(1));
		for (int i = 2; i <= matcher.groupCount(); i++) {
			groups.append('-').append(matcher.group(i));
		}
		return groups.toString();
	}

}
