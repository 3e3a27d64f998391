package io.aurora.intelligence.auditor;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/** Runs a task on a daemon thread of its own at a fixed delay, between {@link #start} and {@link #stop}. */
final class Periodic {

	private final String name;

	private final Runnable task;

	private final long initialDelay;

	private final long delay;

	private final TimeUnit unit;

	private @Nullable ScheduledExecutorService executor;

	Periodic(String name, Runnable task, long initialDelay, long delay, TimeUnit unit) {
		this.name = name;
		this.task = task;
		this.initialDelay = initialDelay;
		this.delay = delay;
		this.unit = unit;
	}

	/** Starts the thread unless it runs already. */
	synchronized void start() {
		if (executor == null) {
			ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, name);
				t.setDaemon(true);
				return t;
			});
			s.scheduleWithFixedDelay(task, initialDelay, delay, unit);
			executor = s;
		}
	}

	/** Stops the thread, interrupting a run in progress. */
	synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			executor = null;
		}
	}

	/** Whether the thread runs. */
	synchronized boolean isRunning() {
		return executor != null;
	}

}
