package io.aurora.intelligence.config;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeriodicTests {

	@Test
	void aRunThatThrowsDoesNotEndTheSchedule() throws InterruptedException {
		CountDownLatch runs = new CountDownLatch(3);
		Periodic periodic = new Periodic("test", () -> {
			runs.countDown();
			throw new IllegalStateException("boom");
		}, 0, 10, TimeUnit.MILLISECONDS);
		periodic.start();
		try {
			assertThat(runs.await(5, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			periodic.stop();
		}
	}

	@Test
	void aRunThatThrowsAnErrorDoesNotEndTheScheduleEither() throws InterruptedException {
		CountDownLatch runs = new CountDownLatch(3);
		Periodic periodic = new Periodic("test", () -> {
			runs.countDown();
			throw new OutOfMemoryError("Java heap space");
		}, 0, 10, TimeUnit.MILLISECONDS);
		periodic.start();
		try {
			assertThat(runs.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(periodic.isRunning()).isTrue();
		}
		finally {
			periodic.stop();
		}
	}

	@Test
	void runSoonRequestsDuringARunQueueOneMoreRunNotOneEach() throws InterruptedException {
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch inFirstRun = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Periodic periodic = new Periodic("test", () -> {
			if (runs.incrementAndGet() == 1) {
				inFirstRun.countDown();
				try {
					release.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}, 1, 1, TimeUnit.HOURS);
		periodic.start();
		try {
			periodic.runSoon();
			assertThat(inFirstRun.await(5, TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 1000; i++) {
				periodic.runSoon();
			}
			release.countDown();
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).dontCatchUncaughtExceptions()
				.until(() -> runs.get() >= 2);
			Thread.sleep(200);
			assertThat(runs.get()).as("the first run, then one for the thousand requests made during it").isEqualTo(2);
			periodic.runSoon();
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).dontCatchUncaughtExceptions()
				.untilAsserted(() -> assertThat(runs.get()).as("a request after that run gets a run of its own").isEqualTo(3));
		}
		finally {
			periodic.stop();
		}
	}

	@Test
	void stopWaitsForTheRunInProgressSoARestartDoesNotOverlapIt() throws InterruptedException {
		AtomicInteger running = new AtomicInteger();
		AtomicBoolean overlapped = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(1);
		Periodic periodic = new Periodic("test", () -> {
			if (running.incrementAndGet() > 1) {
				overlapped.set(true);
			}
			started.countDown();
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
			running.decrementAndGet();
		}, 0, 1, TimeUnit.HOURS);
		periodic.start();
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		periodic.stop();
		assertThat(running).as("the run that ignored its interrupt has ended").hasValue(0);
		periodic.start();
		periodic.stop();
		assertThat(overlapped).isFalse();
	}

	@Test
	void runSoonAddsARunAndDoesNothingWhileStopped() throws InterruptedException {
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch second = new CountDownLatch(2);
		Periodic periodic = new Periodic("test", () -> {
			runs.incrementAndGet();
			second.countDown();
		}, 0, 1, TimeUnit.HOURS);
		periodic.runSoon();
		assertThat(runs).hasValue(0);
		periodic.start();
		periodic.runSoon();
		assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
		periodic.stop();
		assertThat(periodic.isRunning()).isFalse();
	}

}
