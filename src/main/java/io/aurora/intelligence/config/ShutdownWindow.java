package io.aurora.intelligence.config;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives graceful shutdown the time a decision in flight may take: for a decision sent with an
 * {@code Idempotency-Key}, the claim of its key (twice {@code STORE_TIMEOUT_MS}: a write whose commit has
 * begun is given up on at twice that), then its router exchanges ({@code ROUTER_TIMEOUT_MS}, failover and
 * the learning from refusals before the last included), then the store waits that may follow the last
 * exchange: a refused candidate's trace and the learning from it, and the decision's own trace, four times
 * {@code STORE_TIMEOUT_MS} in all; plus a second, and never less than {@value #FLOOR_MS} ms. A fixed window
 * would cut such decisions off whenever those settings were raised. An explicit
 * {@code spring.lifecycle.timeout-per-shutdown-phase} wins.
 */
public final class ShutdownWindow implements EnvironmentPostProcessor {

	static final String PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

	static final long FLOOR_MS = 10_000;

	static final long MARGIN_MS = 1_000;

	/** A stop's phases after the wait for requests in flight: six background tasks of up to 5 s, then the store writer's 10 s. */
	static final long AFTER_MS = 40_000;

	/** The store waits after a decision's last router exchange, in {@code STORE_TIMEOUT_MS}. */
	static final int STORE_WAITS = 4;

	/** The store waits of an {@code Idempotency-Key}'s claim before the router is asked, in {@code STORE_TIMEOUT_MS}. */
	static final int CLAIM_WAITS = 2;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(PROPERTY)) {
			return;
		}
		String window = windowMs(environment) + "ms";
		environment.getPropertySources().addLast(new MapPropertySource("shutdownWindow", Map.of(PROPERTY, window)));
	}

	/** The window for the environment's timeouts: the longest a keyed decision in flight may take. */
	public static long windowMs(Environment environment) {
		return windowMs(setting(environment, "aurora.router.timeout-ms", 1_000), storeTimeoutMs(environment));
	}

	/**
	 * The longest a stop may take with the environment's settings: the keep-alive drain ({@code SHUTDOWN_DRAIN_MS}),
	 * the wait for requests in flight (this window, or the phase timeout set outright), then up to
	 * {@value #AFTER_MS} ms for the background tasks and the store writer's last commits.
	 */
	static long stopBudgetMs(Environment environment) {
		Duration window = environment instanceof ConfigurableEnvironment configurable
				? Binder.get(configurable).bind(PROPERTY, Duration.class).orElse(null) : null;
		return setting(environment, "aurora.serving.drain-ms", 2_000) + (window != null ? window.toMillis() : windowMs(environment))
				+ AFTER_MS;
	}

	/** The environment's {@code STORE_TIMEOUT_MS}, or its default when it is unusable. */
	private static long storeTimeoutMs(Environment environment) {
		return setting(environment, "aurora.store.timeout-ms", 5_000);
	}

	/** The window for these timeouts: the longest a keyed decision in flight may take. */
	public static long windowMs(long routerTimeoutMs, long storeTimeoutMs) {
		return Math.max(FLOOR_MS, routerTimeoutMs + (CLAIM_WAITS + STORE_WAITS) * storeTimeoutMs + MARGIN_MS);
	}

	/** The setting's value; its default when it is unusable, which the setting's own validation reports at start. */
	private static long setting(Environment environment, String name, long fallback) {
		try {
			Long value = environment.getProperty(name, Long.class);
			return value == null || value < 0 || value > 3_600_000 ? fallback : value;
		}
		catch (RuntimeException ex) {
			return fallback;
		}
	}

}
