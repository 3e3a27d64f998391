package io.aurora.intelligence.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Looks at the store once a second and probes it as a readiness check would ({@link StoreHealthIndicator#probeIfStale}):
 * a failing store every second, an idle one every five. Without readiness checks or traffic, the store gauge and
 * {@code /status} then follow its recovery, and a store lost while idle is known before a decision reaches the router.
 * It schedules its own thread rather than use {@code config.Periodic}: the store depends on no other module.
 */
final class StoreWatch implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StoreWatch.class);

	private final StoreHealthIndicator health;

	private @Nullable ScheduledExecutorService executor;

	StoreWatch(StoreHealthIndicator health) {
		this.health = health;
	}

	@Override
	public synchronized void start() {
		if (executor == null) {
			executor = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread thread = new Thread(r, "store-watch");
				thread.setDaemon(true);
				return thread;
			});
			executor.scheduleWithFixedDelay(this::look, 1, 1, TimeUnit.SECONDS);
		}
	}

	private void look() {
		try {
			health.probeIfStale();
		}
		catch (RuntimeException | Error ex) {
			// An Error too: the scheduler would otherwise cancel every later look without a word.
			log.error("The store watch failed a look; it looks again in a second", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}

}
