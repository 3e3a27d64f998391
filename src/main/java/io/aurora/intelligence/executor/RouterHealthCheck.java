package io.aurora.intelligence.executor;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.aurora.intelligence.config.CallDeadline;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The router's {@code GET /health} as the trial of a half-open circuit that no decision has tried
 * ({@link RouterClient#probeWhenIdle}), on the router client's connections, breaker and deadlines.
 */
final class RouterHealthCheck {

	/** Marks {@link #halfOpenSince} while the circuit is not half-open. */
	private static final long NOT_HALF_OPEN = Long.MIN_VALUE;

	/** How long a router that answered {@code /health} with neither a 2xx nor a 5xx is left before another check. */
	static final long PROBE_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final URI health;

	private final CloseableHttpClient http;

	private final CircuitBreaker breaker;

	private final ScheduledExecutorService deadlines;

	private final Semaphore connections;

	private final long timeoutNanos;

	/** Told the trial's result, which the router client keeps as its last counted call. */
	private final Consumer<RouteResult> counted;

	/** When the circuit last went half-open, a {@link System#nanoTime} reading, or {@link #NOT_HALF_OPEN}. */
	private volatile long halfOpenSince = NOT_HALF_OPEN;

	RouterHealthCheck(URI health, CloseableHttpClient http, CircuitBreaker breaker, ScheduledExecutorService deadlines,
			Semaphore connections, long timeoutNanos, Consumer<RouteResult> counted) {
		this.health = health;
		this.http = http;
		this.breaker = breaker;
		this.deadlines = deadlines;
		this.connections = connections;
		this.timeoutNanos = timeoutNanos;
		this.counted = counted;
		breaker.getEventPublisher().onStateTransition(event -> halfOpenSince =
				event.getStateTransition().getToState() == CircuitBreaker.State.HALF_OPEN ? System.nanoTime() : NOT_HALF_OPEN);
	}

	/**
	 * Decides a circuit that has been half-open for {@code idleNanos} without a decision to try the router:
	 * asks the router's {@code GET /health} as the circuit's one trial, so that a quiet service notices a
	 * recovered router. A 2xx closes the circuit; a 5xx, a refused connection or no answer within
	 * {@code ROUTER_TIMEOUT_MS} opens it again; any other answer (a router without the endpoint) leaves the
	 * trial to the next decision, and the next check to {@link #PROBE_BACKOFF_NANOS} later. A trial the
	 * breaker counts is the router client's last counted call, so that {@code /status} says why the circuit
	 * closed, or stayed open.
	 */
	void probeWhenIdle(long idleNanos) {
		if (breaker.getState() != CircuitBreaker.State.HALF_OPEN) {
			return;
		}
		long since = halfOpenSince;
		if (since == NOT_HALF_OPEN) {
			since = System.nanoTime(); // the state changed, and its event is still being published
			halfOpenSince = since;
		}
		if (System.nanoTime() - since < idleNanos || !breaker.tryAcquirePermission()) {
			return;
		}
		boolean reported = false;
		boolean connected = false;
		long start = System.nanoTime();
		HttpGet get = new HttpGet(health);
		ScheduledFuture<?> deadline = deadlines.schedule(get::cancel, timeoutNanos, TimeUnit.NANOSECONDS);
		try {
			// Closed by a decision's trial meanwhile, the permit was not the trial's: released below.
			connected = breaker.getState() == CircuitBreaker.State.HALF_OPEN && connections.tryAcquire();
			if (connected) {
				int code = CallDeadline.within(start + timeoutNanos, () -> http.execute(get, response -> {
					EntityUtils.consume(response.getEntity());
					return response.getCode();
				}));
				// The result is kept before the breaker hears it, so that a decision's call after the circuit
				// closes is not overwritten by this older one.
				if (code >= 200 && code < 300) {
					counted.accept(new RouteResult("ok", code, null, null, null, RouterClient.millis(start)));
					breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
					reported = true;
				}
				else if (code >= 500) {
					counted.accept(new RouteResult("error", code, null, null, "router /health answered " + code,
							RouterClient.millis(start)));
					breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new IOException("/health answered " + code));
					reported = true;
				}
				else {
					halfOpenSince = System.nanoTime() + PROBE_BACKOFF_NANOS;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			boolean late = get.isCancelled() || System.nanoTime() - start >= timeoutNanos;
			counted.accept(new RouteResult(late ? "timeout" : "error", null, null, null,
					"router /health " + (late ? "gave no answer within ROUTER_TIMEOUT_MS" : "failed: " + RouterAnswers.why(ex)),
					RouterClient.millis(start)));
			breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			reported = true;
		}
		finally {
			deadline.cancel(false);
			if (connected) {
				connections.release();
			}
			if (!reported) {
				breaker.releasePermission();
			}
		}
	}

}
