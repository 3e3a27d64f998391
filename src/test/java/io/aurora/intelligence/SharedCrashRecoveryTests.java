package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas share one PostgreSQL under concurrent load. Each in turn is killed with SIGKILL and started
 * again while the other goes on, and in another test the PostgreSQL server is killed and started again
 * under them. Requests are answered 200 except where they met a kill, nothing acknowledged is lost or
 * applied twice, and the replicas' model equals a full replay of the shared log.
 */
class SharedCrashRecoveryTests extends AbstractSharedModeTests {

	@Test
	void killingEitherReplicaUnderLoadLosesNothingAcknowledgedWhileTheOtherKeepsAnswering() throws Exception {
		Map<String, String> settings = new HashMap<>(freshDatabase(postgres));
		settings.put("CHECKPOINT_INTERVAL_S", "1");
		ServiceProcesses processes = new ServiceProcesses(dir);
		Process[] services = twoReplicas(processes, settings);
		SharedLoad load = new SharedLoad();
		try {
			load.startOn(processes, services);
			for (int victim = 0; victim < 2; victim++) {
				load.awaitMoreDecisions();
				load.kills.incrementAndGet(victim);
				services[victim].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				int survivor = 1 - victim;
				int survivorBefore = load.answeredBy(survivor);
				await("the survivor answers alone").atMost(Duration.ofSeconds(60))
					.until(() -> load.answeredBy(survivor) > survivorBefore + 20);
				services[victim] = processes.launch(dir.resolve(victim == 0 ? "a.db" : "b.db"), neighbours, settings);
				load.replicas.set(victim, processes.awaitUp(services[victim]));
				load.kills.incrementAndGet(victim);
			}
			load.awaitMoreDecisions();
			load.stop();

			assertThat(load.refused).as("no request to a replica that was not being killed failed").isEmpty();
			assertThat(load.unclear).isEmpty();
			assertNothingLostAndTheModelIsAFullReplay(load, settings, processes, services);
		}
		finally {
			load.stop();
			for (Process service : services) {
				service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void killingThePostgresServerUnderLoadLosesNothingAcknowledgedAndBothReplicasRecover(@TempDir Path pgData)
			throws Exception {
		int port = freePort();
		EmbeddedPostgres own = postgresAt(pgData, port);
		Map<String, String> settings = new HashMap<>(shared(own, "postgres"));
		settings.put("CHECKPOINT_INTERVAL_S", "1");
		ServiceProcesses processes = new ServiceProcesses(dir);
		Process[] services = twoReplicas(processes, settings);
		SharedLoad load = new SharedLoad();
		try {
			load.startOn(processes, services);
			for (int crash = 0; crash < 2; crash++) {
				load.awaitMoreDecisions();
				load.kills.incrementAndGet(SharedLoad.DATABASE);
				killDashNine(pgData);
				own.close();
				await("both replicas report the store down").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					for (int r = 0; r < 2; r++) {
						assertThat(load.replicas.get(r).get("/health/readiness").status()).isEqualTo(503);
					}
				});
				own = postgresAt(pgData, port);
				await("both replicas ready again").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					for (int r = 0; r < 2; r++) {
						assertThat(load.replicas.get(r).get("/health/readiness").status()).isEqualTo(200);
						assertThat(load.replicas.get(r).get("/status").json().get("healthy").asBoolean())
							.as("the request pool, which feedback reads through, has a connection again too").isTrue();
					}
				});
				load.kills.incrementAndGet(SharedLoad.DATABASE);
			}
			load.awaitMoreDecisions();
			load.stop();

			assertThat(load.refused).as("once both replicas were ready again, every request was answered 200").isEmpty();
			assertThat(load.unclear).as("while the database was down, requests were refused with 503 problem+json").isEmpty();
			assertThat(load.excused).as("requests met the outages").hasPositiveValue();
			assertNothingLostAndTheModelIsAFullReplay(load, settings, processes, services);
		}
		finally {
			load.stop();
			for (Process service : services) {
				service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			own.close();
		}
	}

	/** Two replicas on {@code settings}' database, each with a store file of its own in this test's directory. */
	private Process[] twoReplicas(ServiceProcesses processes, Map<String, String> settings) throws IOException {
		return new Process[] { processes.launch(dir.resolve("a.db"), neighbours, settings),
				processes.launch(dir.resolve("b.db"), neighbours, settings) };
	}

	/**
	 * A PostgreSQL on a data directory kept across its restarts. It keeps the embedded server's default,
	 * {@code synchronous_commit=off}, under which a crash loses commits it acknowledged unless the service's
	 * sessions turn it on.
	 */
	private static EmbeddedPostgres postgresAt(Path data, int port) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
	}

	/** Kills the postmaster and every server process under it with SIGKILL, and waits until they are gone. */
	private static void killDashNine(Path data) throws Exception {
		long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
		ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
		assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor())
			.as("the postmaster stopped, so that it starts no server process while they are killed").isZero();
		List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
		all.add(0, postmaster);
		all.forEach(ProcessHandle::destroyForcibly);
		for (ProcessHandle process : all) {
			process.onExit().get(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * Checks that every acknowledged decision is known and every acknowledged feedback applied once, on both
	 * replicas alike, and, once both are stopped and the snapshots deleted, that a replica started then replays the
	 * same model from the log.
	 */
	private void assertNothingLostAndTheModelIsAFullReplay(SharedLoad load, Map<String, String> settings,
			ServiceProcesses processes, Process[] services) throws Exception {
		assertThat(load.decisions).hasSizeGreaterThan(60);
		TestHttp a = load.replicas.get(0);
		TestHttp b = load.replicas.get(1);
		for (String traceId : load.decisions) {
			TestHttp.Response again = a.post("/feedback", SharedLoad.feedback(traceId));
			if (!load.feedback.contains(traceId) && again.status() == 409) {
				continue;
			}
			assertThat(again.status()).as(traceId + " " + again.body()).isEqualTo(load.feedback.contains(traceId) ? 409 : 200);
		}
		long logged = feedbackLogged(settings);
		assertThat(logged).isEqualTo(load.decisions.size());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(updates(a)).isEqualTo(logged);
			assertThat(updates(b)).isEqualTo(logged);
		});
		JsonNode restored = model(a);
		assertThat(model(b)).isEqualTo(restored);
		assertThat(a.send(get(a, "/model")).body()).as("byte for byte, so that a checksum compares replicas")
			.isEqualTo(b.send(get(b, "/model")).body());

		for (Process service : services) {
			// Stopped first, so that no checkpoint of theirs replaces the snapshots deleted.
			service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		try (Connection db = DriverManager.getConnection(settings.get("STORE_URL"), "postgres", "postgres")) {
			assertThat(db.createStatement().executeUpdate("DELETE FROM snapshots")).as("snapshots written").isPositive();
		}
		Process replay = processes.launch(dir.resolve("replay.db"), neighbours, settings);
		try {
			JsonNode replayed = model(processes.awaitUp(replay));
			assertThat(replayed.get("log_seq")).isEqualTo(restored.get("log_seq"));
			assertThat(replayed.get("updates")).isEqualTo(restored.get("updates"));
			assertThat(replayed.get("state").equals(restored.get("state")))
				.as("the model the replicas restored from snapshots and the log equals a full replay of the log").isTrue();
		}
		finally {
			replay.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** The feedback log's entries, counted in the shared database: replicas count other replicas' writes late. */
	private static long feedbackLogged(Map<String, String> settings) throws SQLException {
		try (Connection db = DriverManager.getConnection(settings.get("STORE_URL"), "postgres", "postgres");
				ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM feedback")) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
