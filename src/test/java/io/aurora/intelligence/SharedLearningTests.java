package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many replicas, one brain: two service instances on one real PostgreSQL (embedded, nothing to
 * install) share decisions, feedback and learning.
 */
class SharedLearningTests extends AbstractSharedModeTests {

	@Test
	void feedbackOnAnyReplicaIsAppliedExactlyOnceAndEveryReplicaConverges() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			TestHttp[] replicas = { a.http, b.http };
			AtomicInteger acknowledged = new AtomicInteger();
			ExecutorService pool = Executors.newFixedThreadPool(8);
			List<Future<?>> work = new ArrayList<>();
			for (int w = 0; w < 8; w++) {
				int worker = w;
				work.add(pool.submit(() -> {
					for (int i = 0; i < 40; i++) {
						TestHttp decider = replicas[(worker + i) % 2];
						TestHttp auditor = replicas[(worker + i + 1) % 2];
						String traceId = decider.decide(request(i)).get("trace_id").asString();
						String body = "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": " + (20 + i * 7 % 300)
								+ ", \"cost\": 0.2, \"slo_hit\": " + (i % 3 != 0) + "}}";
						if (auditor.post("/feedback", body).status() == 200) {
							acknowledged.incrementAndGet();
						}
						assertThat(decider.post("/feedback", body).status()).isEqualTo(409);
					}
					return null;
				}));
			}
			for (Future<?> f : work) {
				f.get();
			}
			pool.shutdown();
			assertThat(acknowledged.get()).isEqualTo(320);
			awaitConvergence(a.http, b.http, 320);
			assertThat(model(a.http)).isEqualTo(model(b.http));
			assertThat(List.of(a.http.get("/metrics").body(), b.http.get("/metrics").body()))
				.as("no replica lags behind the log").allSatisfy(metrics -> assertThat(metrics)
					.contains("aurora_intelligence_model_log_seq 320.0", "aurora_intelligence_checkpoint_failures_total 0.0"));
		}
	}

	@Test
	void concurrentDuplicateFeedbackOnTwoReplicasIsAcceptedOnce() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			ExecutorService pool = Executors.newFixedThreadPool(2);
			for (int i = 0; i < 20; i++) {
				String traceId = a.http.decide(request(i)).get("trace_id").asString();
				String body = "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}";
				Future<Integer> first = pool.submit(() -> a.http.post("/feedback", body).status());
				Future<Integer> second = pool.submit(() -> b.http.post("/feedback", body).status());
				assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 409);
			}
			pool.shutdown();
			awaitConvergence(a.http, b.http, 20);
		}
	}

	@Test
	void controlCharactersInStoredTextAreRefusedWith400BeforeReachingPostgres() throws Exception {
		String nul = "\\u0000";
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, freshDatabase(postgres))) {
			String[] decisions = { request(1).replace("shared-1", "shared-" + nul), request(1).replace("A8", "A8" + nul),
					request(1).replace("eu-west", "eu-west" + nul) };
			for (String body : decisions) {
				TestHttp.Response response = a.http.post("/decisions", body);
				assertThat(response.status()).as(body).isEqualTo(400);
				assertThat(response.body()).contains("control characters");
			}
			assertThat(a.http.post("/feedback", "{\"trace_id\": \"tr_" + nul + "\", \"outcome\": {\"cost\": 1}}").status())
				.isEqualTo(400);
			String traceId = a.http.decide(request(1)).get("trace_id").asString();
			assertThat(a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"cost\": 1}}").status())
				.isEqualTo(200);
		}
	}

	@Test
	void aReplicaStuckInsideATransactionReleasesTheLogWithinSecondsSoOthersGoOn() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				RunningService b = RunningService.start(dir.resolve("b.db"), neighbours, settings)) {
			String traceId = b.http.decide(request(1)).get("trace_id").asString();
			Connection stuck = a.bean(DataSource.class).getConnection();
			try {
				stuck.setAutoCommit(false);
				try (Statement s = stuck.createStatement()) {
					s.executeUpdate("UPDATE log_head SET seq = seq");
				}
				long start = System.nanoTime();
				TestHttp.Response feedback = b.http.post("/feedback",
						"{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}");
				assertThat(feedback.status()).as("the stuck session is ended after 5 s idle, within the lock wait").isEqualTo(200);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(9));
			}
			finally {
				stuck.abort(Runnable::run);
			}
		}
	}

	@Test
	void replicaThatStartsLateCatchesUpFromTheStore() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings)) {
			for (int i = 0; i < 30; i++) {
				String traceId = a.http.decide(request(i)).get("trace_id").asString();
				a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": " + i * 10 + "}}");
			}
			try (RunningService late = RunningService.start(dir.resolve("late.db"), neighbours, settings)) {
				assertThat(late.http.get("/status").json().at("/model/updates").asLong()).isEqualTo(30);
				assertThat(model(late.http)).isEqualTo(model(a.http));
			}
		}
	}

	@Test
	void losingTheDatabaseRefusesWhatCannotBeStoredAndRecovers(@TempDir Path pgData) throws Exception {
		int port = freePort();
		EmbeddedPostgres own = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
		Map<String, String> settings = shared(own, "postgres");
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings)) {
			String traceId = a.http.decide(request(1)).get("trace_id").asString();
			own.close();
			TestHttp.Response feedback = a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}");
			assertThat(feedback.status()).isEqualTo(503);
			assertThat(feedback.contentType()).startsWith("application/problem+json");
			assertThat(a.http.post("/decisions", request(2)).status()).isEqualTo(503);
			int routed = neighbours.router.getRequestCount();
			assertThat(a.http.post("/decisions", request(4)).status()).isEqualTo(503);
			assertThat(neighbours.router.getRequestCount()).as("refused before the router: the store just failed a write")
				.isEqualTo(routed);
			Thread.sleep(1_200);
			assertThat(a.http.post("/decisions", request(5)).status()).isEqualTo(503);
			assertThat(neighbours.router.getRequestCount()).as("a quiet service tries the store before the router")
				.isEqualTo(routed);
			assertThat(a.http.get("/health/readiness").status()).isEqualTo(503);
			assertThat(a.http.get("/metrics").body()).as("what to alert on").contains("aurora_intelligence_store_up 0.0",
					"aurora_intelligence_store_short_of_space 0.0");
			assertThat(a.http.get("/healthz").status()).isEqualTo(200);
			assertThat(a.http.get("/status").json().at("/model/updates").asLong()).isZero();

			own = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(a.http.get("/health/readiness").status()).isEqualTo(200));
			assertThat(a.http.post("/feedback", "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"slo_hit\": true}}").status())
				.isEqualTo(200);
			assertThat(a.http.post("/decisions", request(3)).status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(a.http.get("/metrics").body()).contains("aurora_intelligence_model_log_seq 1.0"));
			assertThat(a.http.get("/metrics").body()).contains("aurora_intelligence_store_up 1.0",
					"aurora_intelligence_model_log_seq 1.0");
		}
		finally {
			own.close();
		}
	}

	@Test
	void aDatabaseMadeReadOnlyForAWhileRefusesWritesWith503AndTheReplicaRecoversOnItsOwn() throws Exception {
		Map<String, String> settings = freshDatabase(postgres);
		String database = settings.get("STORE_URL").replaceAll(".*/([^/?]+).*", "$1");
		try (RunningService a = RunningService.start(dir.resolve("a.db"), neighbours, settings);
				Connection admin = postgres.getPostgresDatabase().getConnection();
				Statement sql = admin.createStatement()) {
			assertThat(a.http.post("/decisions", request(1)).status()).isEqualTo(200);
			sql.execute("ALTER DATABASE " + database + " SET default_transaction_read_only = on");
			sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
			await("writes refused").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
				.untilAsserted(() -> assertThat(a.http.post("/decisions", request(2)).status()).isEqualTo(503));
			assertThat(a.http.get("/health/readiness").status()).isEqualTo(503);
			sql.execute("ALTER DATABASE " + database + " RESET default_transaction_read_only");
			await("the sessions opened while it was read only are replaced").atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> assertThat(a.http.post("/decisions", request(3)).status()).isEqualTo(200));
			assertThat(a.http.get("/health/readiness").status()).isEqualTo(200);
		}
	}

	@Test
	void aReplicaStartedBeforeItsDatabaseWaitsForItInsteadOfGivingUp(@TempDir Path pgData) throws Exception {
		int port = freePort();
		Map<String, String> settings = Map.of("STORE_URL", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
				"STORE_USER", "postgres", "STORE_PASSWORD", "postgres");
		CompletableFuture<RunningService> starting = CompletableFuture
			.supplyAsync(() -> RunningService.start(dir.resolve("a.db"), neighbours, settings));
		Thread.sleep(3_000);
		assertThat(starting).as("still retrying the database, not failed").isNotDone();
		EmbeddedPostgres own = EmbeddedPostgres.builder().setDataDirectory(pgData).setPort(port).start();
		try (RunningService a = starting.get(90, TimeUnit.SECONDS)) {
			assertThat(a.http.post("/decisions", request(1)).status()).isEqualTo(200);
		}
		finally {
			own.close();
		}
	}

	private static void awaitConvergence(TestHttp a, TestHttp b, long updates) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> {
				assertThat(updates(a)).isEqualTo(updates);
				assertThat(updates(b)).isEqualTo(updates);
			});
	}

}
