package io.aurora.intelligence.executor;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.jspecify.annotations.Nullable;

/**
 * What the router's breaker and its candidates' circuits ({@link CandidateCircuits}) make of each router call:
 * an answer closes a candidate's run of failures, a refused connection or an unusable answer is the router's,
 * and a 5xx or a timeout is the candidate's until the router has failed two candidates since its last answer.
 */
final class RouterBreaker {

	/** The states {@link #circuit} names. */
	static final List<String> CIRCUIT_STATES = List.of("closed", "open", "half_open");

	private final CircuitBreaker breaker;

	private final CandidateCircuits candidates;

	private final Clock clock;

	/** The last call the breaker counted, for {@code /status}. */
	private volatile @Nullable LastCall lastCounted;

	RouterBreaker(CircuitBreaker breaker, CandidateCircuits candidates, Clock clock) {
		this.breaker = breaker;
		this.candidates = candidates;
		this.clock = clock;
	}

	/** A call's result and when it ended. */
	record LastCall(RouteResult result, Instant at) {
	}

	/** The router's own breaker, which the {@code GET /health} trials decide too. */
	CircuitBreaker breaker() {
		return breaker;
	}

	/** The circuits per candidate. */
	CandidateCircuits candidates() {
		return candidates;
	}

	/**
	 * The last call the breaker counted, a success or a failure: what the circuit's state is based on.
	 * Calls the open circuit skipped, calls cut short by the decision's budget or by waiting for a
	 * connection, and failures held against a candidate only, do not replace it. Null before the first.
	 */
	@Nullable LastCall lastCounted() {
		return lastCounted;
	}

	/** Notes a {@code GET /health} trial, which decided the circuit. */
	void trial(RouteResult trial) {
		lastCounted = new LastCall(trial, clock.instant());
	}

	/** Whether calls are currently being skipped or limited to a trial because the router kept failing. */
	boolean circuitOpen() {
		return breaker.getState() != CircuitBreaker.State.CLOSED;
	}

	/** The breaker's state: closed, open or half_open. */
	String circuit() {
		return switch (breaker.getState()) {
			case CLOSED -> "closed";
			case HALF_OPEN -> "half_open";
			default -> "open";
		};
	}

	/** Gives back a candidate's permission for a call that was not made, or says nothing about the candidate. */
	static void release(CandidateCircuits.@Nullable Admission admission) {
		if (admission != null) {
			admission.release();
		}
	}

	/** A call cut short by our own bound, which says nothing about the router or the candidate. */
	void cutShort(CandidateCircuits.@Nullable Admission admission) {
		breaker.releasePermission();
		release(admission);
	}

	/**
	 * Reports a call the router answered. The first answer after nothing but failures never opens a closed
	 * circuit: Resilience4j would count it into the window and open on it (four refused connections, then
	 * the router comes up), skipping a router that has just answered, so such a window is begun afresh. A
	 * window that holds an answer already is left as it is, so that a router failing most calls still opens
	 * the circuit. A failure that opens the circuit between the check and the reset is undone by this answer.
	 */
	void answered(RouteResult result, long nanos, CandidateCircuits.@Nullable Admission admission) {
		if (breaker.getState() == CircuitBreaker.State.CLOSED) {
			CircuitBreaker.Metrics metrics = breaker.getMetrics();
			CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
			int calls = Math.min(metrics.getNumberOfBufferedCalls() + 1, config.getSlidingWindowSize());
			if (metrics.getNumberOfSuccessfulCalls() == 0 && calls >= config.getMinimumNumberOfCalls()
					&& 100f * metrics.getNumberOfFailedCalls() / calls >= config.getFailureRateThreshold()) {
				breaker.reset();
			}
		}
		breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
		lastCounted = new LastCall(result, clock.instant());
		if (admission != null) {
			candidates.answered(admission.key());
		}
	}

	/**
	 * Reports a failed call: to the candidate's circuit when it may be the candidate's ({@code mayBeCandidates},
	 * and an {@code admission} given), which says what to hold against the router; else to the router's breaker,
	 * told the reason {@code /status} gives (a timeout, a refused connection), which the circuit's warning repeats.
	 */
	void failed(RouteResult result, long nanos, CandidateCircuits.@Nullable Admission admission, boolean mayBeCandidates,
			@Nullable Exception cause) {
		if (admission == null || !mayBeCandidates) {
			release(admission);
			breaker.onError(nanos, TimeUnit.NANOSECONDS, new IOException(result.error(), cause));
			lastCounted = new LastCall(result, clock.instant());
			return;
		}
		breaker.releasePermission();
		CandidateCircuits.Failures held = candidates.failed(admission, result, nanos);
		for (int i = 0; held != null && i < held.count(); i++) {
			breaker.onError(held.nanos(), TimeUnit.NANOSECONDS, new IOException(held.last().error(), cause));
			lastCounted = new LastCall(held.last(), held.at());
		}
	}

}
