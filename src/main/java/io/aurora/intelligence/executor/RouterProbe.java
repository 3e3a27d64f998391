package io.aurora.intelligence.executor;

import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.Periodic;

import org.springframework.context.SmartLifecycle;

/**
 * Looks once a second for a circuit that has been half-open for a second without a decision to try the
 * router, and lets the router's {@code GET /health} decide it ({@link RouterClient#probeWhenIdle}): on a
 * quiet service, the circuit, {@code /status} and the circuit gauge then follow the router's recovery.
 */
class RouterProbe implements SmartLifecycle {

	/** How long a half-open circuit waits for a decision's trial before the health check decides it. */
	static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Periodic probe;

	RouterProbe(RouterClient client) {
		this.probe = new Periodic("router-probe", () -> client.probeWhenIdle(IDLE_NANOS), 1, 1, TimeUnit.SECONDS);
	}

	@Override
	public void start() {
		probe.start();
	}

	@Override
	public void stop() {
		probe.stop();
	}

	@Override
	public boolean isRunning() {
		return probe.isRunning();
	}

}
