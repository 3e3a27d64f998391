package io.aurora.intelligence.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task on a daemon thread of its own at a fixed delay, between {@link #start} and {@link #stop};
 * {@link #runSoon} adds a run between the scheduled ones. A run that throws, an {@link Error} such as
 * {@link OutOfMemoryError} included, is logged and the schedule goes on.
 */
public final class Periodic {

	private static final Logger log = LoggerFactory.getLogger(Periodic.class);

	/** How long {@link #stop} waits for a run in progress to end. */
	static final long STOP_WAIT_S = 5;

	private final String name;

	private final Runnable task;

	private final long initialDelay;

	private final long delay;

	private final TimeUnit unit;

	private @Nullable ScheduledExecutorService executor;

	/** Whether a run asked for by {@link #runSoon} waits to start. */
	private final AtomicBoolean soon = new AtomicBoolean();

	/** A task named {@code name} (its thread's name), run {@code initialDelay} after start and then {@code delay} after each run. */
	public Periodic(String name, Runnable task, long initialDelay, long delay, TimeUnit unit) {
		this.name = name;
		this.task = () -> {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				// An Error too: the scheduler would otherwise cancel every later run without a word.
				log.error("{} failed; it runs again at its next time", name, ex);
			}
		};
		this.initialDelay = initialDelay;
		this.delay = delay;
		this.unit = unit;
	}

	/** Starts the thread unless it runs already. */
	public synchronized void start() {
		if (executor == null) {
			soon.set(false);
			ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, name);
				t.setDaemon(true);
				return t;
			});
			s.scheduleWithFixedDelay(task, initialDelay, delay, unit);
			executor = s;
		}
	}

	/**
	 * Stops the thread, interrupting a run in progress and waiting up to {@value #STOP_WAIT_S} s for it to
	 * end, so that a restart does not overlap it.
	 */
	public void stop() {
		ScheduledExecutorService stopping;
		synchronized (this) {
			stopping = executor;
			executor = null;
		}
		if (stopping != null) {
			stopping.shutdownNow();
			try {
				stopping.awaitTermination(STOP_WAIT_S, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Runs the task once more on the thread, after any run in progress; does nothing while stopped, and
	 * nothing when such a run is already waiting, so that a burst of requests queues one run.
	 */
	public synchronized void runSoon() {
		if (executor != null && soon.compareAndSet(false, true)) {
			executor.execute(() -> {
				soon.set(false);
				task.run();
			});
		}
	}

	/** Whether the thread runs. */
	public synchronized boolean isRunning() {
		return executor != null;
	}

}
