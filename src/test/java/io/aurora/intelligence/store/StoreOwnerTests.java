package io.aurora.intelligence.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One SQLite store serves one service: a second process started on the file waits for the first to
 * stop, however it stops, and refuses to start when it never does.
 */
class StoreOwnerTests {

	@TempDir
	Path dir;

	@Test
	void aSecondProcessWaitsForTheFirstAndTakesTheStoreOnceItIsKilled() throws Exception {
		Path database = dir.resolve("decisions.db");
		Process first = holder(database);
		try {
			CompletableFuture<StoreOwner> second = CompletableFuture.supplyAsync(() -> claim(database, Duration.ofSeconds(60)));
			Thread.sleep(1_000);
			assertThat(second).as("waiting while the first process runs").isNotDone();
			first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			try (StoreOwner owner = second.get(20, TimeUnit.SECONDS)) {
				assertThat(owner.file()).as("the lock goes with the process, even on kill -9").isEqualTo(database);
			}
		}
		finally {
			first.destroyForcibly();
		}
	}

	@Test
	void aSecondProcessIsRefusedWhenTheFirstKeepsTheStore() throws Exception {
		Path database = dir.resolve("decisions.db");
		Process first = holder(database);
		try {
			assertThatThrownBy(() -> StoreOwner.of(database, Duration.ofMillis(500)))
				.isInstanceOf(StoreUnusableException.class)
				.hasMessageContaining("Another process has held the store at " + database.toAbsolutePath())
				.satisfies((ex) -> assertThat(((StoreUnusableException) ex).action()).contains("STORE_URL"));
		}
		finally {
			first.destroyForcibly();
		}
	}

	@Test
	void aProcessStoppedWhileItWaitsStopsAtOnce() throws Exception {
		Path database = dir.resolve("decisions.db");
		try (StoreOwner owner = StoreOwner.of(database, Duration.ofSeconds(1))) {
			List<String> command = new ArrayList<>(javaCommand(database));
			command.add("60");
			Path log = dir.resolve("waiting.log");
			Process waiting = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			try {
				await("the second process waits").atMost(Duration.ofSeconds(30))
					.until(() -> Files.readString(log).contains("waiting up to 60 s"));
				waiting.destroy();
				assertThat(waiting.waitFor(15, TimeUnit.SECONDS)).as("SIGTERM ends the wait, not the wait's end").isTrue();
				assertThat(Files.readString(log)).contains("stopped while it waited");
			}
			finally {
				waiting.destroyForcibly();
			}
		}
	}

	@Test
	void aClaimKeptForAWriterStillRunningIsReleasedWhenTheWriterEnds() throws Exception {
		Path database = dir.resolve("decisions.db");
		StoreOwner owner = StoreOwner.of(database, Duration.ofSeconds(1));
		CountDownLatch commitEnds = new CountDownLatch(1);
		Thread writer = new Thread(() -> {
			try {
				commitEnds.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		writer.start();
		owner.keepWhile(writer);
		owner.close();
		Process other = new ProcessBuilder(javaCommand(database)).redirectErrorStream(true).start();
		assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
			.as("a writer that did not stop may still write: no other process takes the file").contains("Another process has held the store");
		commitEnds.countDown();
		writer.join();
		Process after = holder(database);
		after.destroyForcibly();
	}

	@Test
	void twoSpellingsOfOneFileAreOneClaim() throws Exception {
		Path real = Files.createDirectories(dir.resolve("real"));
		Path link = Files.createSymbolicLink(dir.resolve("link"), real);
		try (StoreOwner first = StoreOwner.of(real.resolve("d.db"), Duration.ofSeconds(1));
				StoreOwner second = StoreOwner.of(link.resolve("d.db"), Duration.ofSeconds(1))) {
			assertThat(second.file()).isEqualTo(link.resolve("d.db"));
			Process other = new ProcessBuilder(javaCommand(real.resolve("d.db"))).redirectErrorStream(true).start();
			assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.as("the lock still held after the second spelling's claim").contains("Another process has held the store");
		}
	}

	@Test
	void aLinkToTheFileItselfIsTheSameClaimInAnotherProcess() throws Exception {
		Path real = Files.createDirectories(dir.resolve("store")).resolve("r1.db");
		Files.write(real, new byte[0]);
		Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("other")).resolve("link.db"), real);
		try (StoreOwner first = StoreOwner.of(real, Duration.ofSeconds(1))) {
			Process other = new ProcessBuilder(javaCommand(link)).redirectErrorStream(true).start();
			assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.as("a link named otherwise, elsewhere, locks the file it names").contains("Another process has held the store");
		}
	}

	@Test
	void aLinkToAFileNotMadeYetLocksTheFileItWillName() throws Exception {
		Path real = Files.createDirectories(dir.resolve("later")).resolve("r1.db");
		Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("elsewhere")).resolve("link.db"), real);
		try (StoreOwner first = StoreOwner.of(link, Duration.ofSeconds(1))) {
			Files.write(real, new byte[0]);
			Process other = new ProcessBuilder(javaCommand(real)).redirectErrorStream(true).start();
			assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.as("the lock does not move once SQLite has made the file").contains("Another process has held the store");
		}
	}

	@Test
	void claimsInOneJvmShareTheLockWhichTheLastOneReleases() throws Exception {
		Path database = dir.resolve("decisions.db");
		StoreOwner first = StoreOwner.of(database, Duration.ofSeconds(1));
		StoreOwner second = StoreOwner.of(database, Duration.ofSeconds(1));
		assertThat(second.file()).as("replicas side by side in one JVM, as tests run them").isEqualTo(database);
		first.close();
		first.close();
		Process other = new ProcessBuilder(javaCommand(database)).redirectErrorStream(true).start();
		try {
			assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.as("still held by the second claim, even after the first closed twice").contains("Another process has held the store");
			second.close();
			Process third = holder(database);
			third.destroyForcibly();
		}
		finally {
			other.destroyForcibly();
		}
		assertThat(StoreOwner.none().file()).as("the shared store is claimed by no one").isNull();
	}

	@Test
	void aReplacementWaitsLongerThanTheOldPodMayTakeToStop() throws Exception {
		for (String manifest : List.of("k8s/deployment.yaml", "k8s/shared/deployment.yaml")) {
			Matcher grace = Pattern.compile("terminationGracePeriodSeconds: (\\d+)").matcher(Files.readString(Path.of(manifest)));
			assertThat(grace.find()).as(manifest).isTrue();
			assertThat(Duration.ofSeconds(StoreProperties.DEFAULT_LOCK_WAIT_S)).as("%s: a replacement scheduled while the old pod stops outwaits it", manifest)
				.isGreaterThan(Duration.ofSeconds(Long.parseLong(grace.group(1))));
		}
	}

	private static StoreOwner claim(Path database, Duration wait) {
		return StoreOwner.of(database, wait);
	}

	/** Another JVM holding the store's claim until it is killed; returns once it holds it. */
	private static Process holder(Path database) throws Exception {
		Process process = new ProcessBuilder(javaCommand(database)).redirectErrorStream(true).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null && !line.equals("held")) {
			// the JVM's and the logger's start-up lines
		}
		assertThat(line).as("the holder claimed the store").isEqualTo("held");
		return process;
	}

	/** The command of another JVM that claims the store, waiting 5 s for it at most. */
	private static List<String> javaCommand(Path database) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), Holder.class.getName(), database.toString());
	}

	/** The other process: claims the store named by its argument, says so, and keeps it. */
	static final class Holder {

		private Holder() {
		}

		public static void main(String[] args) throws Exception {
			try {
				StoreOwner.of(Path.of(args[0]), Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 1));
			}
			catch (StoreUnusableException ex) {
				System.out.println(ex.getMessage());
				return;
			}
			System.out.println("held");
			System.out.flush();
			Thread.sleep(Long.MAX_VALUE);
		}

	}

}
