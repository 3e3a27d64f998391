package io.aurora.intelligence.store;

import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.Periodic;

import org.springframework.context.SmartLifecycle;

/**
 * Looks at the store once a second and probes it as a readiness check would ({@link StoreHealthIndicator#probeIfStale}):
 * a failing store every second, an idle one every five. Without readiness checks or traffic, the store gauge and
 * {@code /status} then follow its recovery, and a store lost while idle is known before a decision reaches the router.
 */
final class StoreWatch implements SmartLifecycle {

	private final Periodic watch;

	StoreWatch(StoreHealthIndicator health) {
		this.watch = new Periodic("store-watch", health::probeIfStale, 1, 1, TimeUnit.SECONDS);
	}

	@Override
	public void start() {
		watch.start();
	}

	@Override
	public void stop() {
		watch.stop();
	}

	@Override
	public boolean isRunning() {
		return watch.isRunning();
	}

}
