package io.aurora.intelligence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus's {@code promtool} (Debian's {@code prometheus}, which {@code .ci/run} installs), for the tests that check rules and queries. */
final class Promtool {

	private Promtool() {
	}

	/** Runs promtool in {@code dir}, asserts that it succeeded, and answers its output. */
	static String run(Path dir, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/** promtool's version line, or null when it is not installed. */
	static @Nullable String version() {
		try {
			Process process = new ProcessBuilder("promtool", "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
