package io.aurora.intelligence.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs a task on a daemon thread of its own at a fixed delay, between {@link #start} and {@link #stop};
 * {@link #runSoon} adds a run between the scheduled ones.
 */
public final class Periodic {

	private final String name;

	private final Runnable task;

	private final long initialDelay;

	private final long delay;

	private final TimeUnit unit;

	private @Nullable ScheduledExecutorService executor;

	/** A task named {@code name} (its thread's name), run {@code initialDelay} after start and then {@code delay} after each run. */
	public Periodic(String name, Runnable task, long initialDelay, long delay, TimeUnit unit) {
		this.name = name;
		this.task = task;
		this.initialDelay = initialDelay;
		this.delay = delay;
		this.unit = unit;
	}

	/** Starts the thread unless it runs already. */
	public synchronized void start() {
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
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			executor = null;
		}
	}

	/** Runs the task once more on the thread, after any run in progress; does nothing while stopped. */
	public synchronized void runSoon() {
		if (executor != null) {
			executor.execute(task);
		}
	}

	/** Whether the thread runs. */
	public synchronized boolean isRunning() {
		return executor != null;
	}

}
