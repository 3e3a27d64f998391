package io.aurora.intelligence.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The store watch: with no readiness check and no traffic, the writer's outcome (which the store gauge and
 * {@code /status} read) follows a store that recovers, and a store lost while idle.
 */
class StoreWatchTests extends AbstractStoreHealthIndicatorTests {

	@Test
	void aFailingStoreIsSeenRecoveringWithoutAnyCheckOrWrite() throws Exception {
		StoreWatch watch = new StoreWatch(new StoreHealthIndicator(writer, 60_000, 50));
		store.failing = true;
		assertThatThrownBy(() -> writer.submit(db -> 1, rows -> { }, GroupCommitter.NOTHING))
			.isInstanceOf(DataAccessException.class);
		assertThat(writer.health().fault()).isNotNull();
		store.failing = false;
		watch.start();
		try {
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(writer.health().fault()).as("the watch's probe committed").isNull());
		}
		finally {
			watch.stop();
		}
	}

	@Test
	void anIdleStoreLostWithoutTrafficIsFoundDown() throws Exception {
		StoreWatch watch = new StoreWatch(new StoreHealthIndicator(writer, 50, 50));
		assertThat(writer.health().fault()).isNull();
		store.failing = true;
		watch.start();
		try {
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(writer.health().fault()).as("the watch's probe failed").isNotNull());
			assertThat(writer.failedLast()).as("the write gate tries the store before a decision reaches the router").isTrue();
		}
		finally {
			watch.stop();
		}
	}

	@Test
	void aReadinessCheckDuringTheWatchsProbeWaitsForItsOutcome() throws Exception {
		StoreHealthIndicator health = new StoreHealthIndicator(writer, 50, 50);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Integer> held = commitHeldUntil(release);
		Thread.sleep(100);
		store.failing = true;
		CompletableFuture<Void> watch = CompletableFuture.runAsync(health::probeIfStale);
		Thread.sleep(50);
		CompletableFuture.runAsync(() -> {
			sleep(100);
			release.countDown();
		});
		assertThat(health.health().getStatus()).as("not the state from before the probe").isEqualTo(Status.DOWN);
		held.get(5, TimeUnit.SECONDS);
		watch.get(5, TimeUnit.SECONDS);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void nothingIsProbedWhileTheNewestOutcomeIsFresh() {
		StoreHealthIndicator health = new StoreHealthIndicator(writer, 60_000, 60_000);
		int borrowed = store.borrowed.get();
		health.probeIfStale();
		assertThat(store.borrowed.get()).isEqualTo(borrowed);
	}

}
