package io.aurora.intelligence.executor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit per candidate (provider and SKU) in front of the router's own breaker, like a load balancer's
 * outlier detection. A 5xx or a timeout on a candidate is held against that candidate: after
 * {@code ROUTER_CANDIDATE_FAILURES} of them in a row, each within {@code ROUTER_COOLDOWN_S} of the last, decisions
 * skip it for {@code ROUTER_COOLDOWN_S}, and then one decision tries it again. Such failures count against the
 * router's breaker only once the router has failed candidates of two providers since it last answered any call
 * (each within the cooldown), so a router failing for one provider does not stop the placement of the others.
 */
final class CandidateCircuits {

	private static final Logger log = LoggerFactory.getLogger(CandidateCircuits.class);

	/** Candidates followed at once; a failure on one more is held against the router, as before circuits per candidate. */
	static final int MAX_TRACKED = 1024;

	/** Failures of one candidate handed to the router's breaker at once: its window is ten calls. */
	private static final int MAX_PENDING = 10;

	private final Map<Key, Run> runs = new ConcurrentHashMap<>();

	private final LongAdder skips = new LongAdder();

	private final CircuitBreakerConfig config;

	private final long cooldownNanos;

	private final Clock clock;

	/** When the router last answered a call (a placement or a refusal), on {@link System#nanoTime}'s clock. */
	private volatile long lastAnswer;

	CandidateCircuits(int failures, int cooldownS, Clock clock) {
		this.config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(failures)
			.minimumNumberOfCalls(failures)
			.failureRateThreshold(100)
			.waitDurationInOpenState(Duration.ofSeconds(cooldownS))
			.permittedNumberOfCallsInHalfOpenState(1)
			.build();
		this.cooldownNanos = TimeUnit.SECONDS.toNanos(cooldownS);
		this.clock = clock;
		this.lastAnswer = System.nanoTime() - 1;
	}

	/** A candidate, as the router is asked about it. */
	record Key(String provider, String sku) {

		static Key of(Map<String, Object> candidate) {
			return new Key(String.valueOf(candidate.get("provider")), String.valueOf(candidate.get("sku")));
		}

	}

	/**
	 * What a candidate's circuit lets one decision do: call the router about it (holding the circuit's
	 * permission, a half-open circuit's one trial among them), or skip it, saying why.
	 */
	record Admission(Key key, @Nullable CircuitBreaker permit, @Nullable String skipped) {

		/** Gives back a permission the call did not use, so that a half-open circuit's trial is not lost. */
		void release() {
			if (permit != null) {
				permit.releasePermission();
			}
		}

	}

	/** Failures to hold against the router's breaker: {@code count} of them, the last being {@code last}. */
	record Failures(int count, RouteResult last, long nanos, Instant at) {
	}

	/** Asks {@code key}'s circuit whether a decision may call the router about it now. */
	Admission admit(Key key) {
		Run run = runs.get(key);
		if (run == null) {
			return new Admission(key, null, null);
		}
		if (run.breaker.tryAcquirePermission()) {
			return new Admission(key, run.breaker, null);
		}
		skips.increment();
		return new Admission(key, null, "the router failed this candidate " + run.failures + " times in a row (the last: "
				+ run.lastError + "), so it is skipped until a trial call after ROUTER_COOLDOWN_S");
	}

	/** Notes that the router answered a call about {@code key}: the candidate's run of failures is over. */
	void answered(Key key) {
		lastAnswer = System.nanoTime();
		Run ended = runs.isEmpty() ? null : runs.remove(key);
		if (ended != null && ended.breaker.getState() != CircuitBreaker.State.CLOSED) {
			log.info("Aurora Router answers about candidate {}/{} again: decisions ask about it once more", key.provider(), key.sku());
		}
	}

	/**
	 * Holds a 5xx or a timeout against {@code key}'s circuit and says which failures, if any, to hold against the
	 * router too: none while only one provider's candidates have failed since the router last answered, else every
	 * such candidate's failures not yet counted. A candidate beyond {@link #MAX_TRACKED} is the router's at once.
	 */
	synchronized @Nullable Failures failed(Admission admission, RouteResult result, long callNanos) {
		long now = System.nanoTime();
		Instant at = clock.instant();
		Key key = admission.key();
		Run run = runs.get(key);
		if (run == null || run.stale(now)) {
			if (run == null && runs.size() >= MAX_TRACKED && !evictStale(now)) {
				return new Failures(1, result, callNanos, at);
			}
			run = new Run(CircuitBreaker.of("aurora-router-candidate", config), now, at);
			runs.put(key, run);
		}
		else if (admission.permit() != null && admission.permit() != run.breaker) {
			admission.release();
		}
		CircuitBreaker.State before = run.breaker.getState();
		run.breaker.onError(callNanos, TimeUnit.NANOSECONDS, new RouterFailure(result.error()));
		if (run.lastFailure - lastAnswer <= 0) {
			// Its earlier failures came before the router's last answer: they were the candidate's.
			run.pending = 0;
			run.routerWide = false;
		}
		run.failures++;
		run.lastFailure = now;
		run.lastError = result.error();
		run.pending = Math.min(run.pending + 1, MAX_PENDING);
		if (before == CircuitBreaker.State.CLOSED && run.breaker.getState() == CircuitBreaker.State.OPEN) {
			log.warn("Aurora Router failed candidate {}/{} {} times in a row, the last with: {}; decisions skip it, with a "
					+ "trial call every {} s until one is answered", key.provider(), key.sku(), run.failures, result.error(),
					TimeUnit.NANOSECONDS.toSeconds(cooldownNanos));
		}
		if (!run.routerWide && runs.entrySet().stream()
			.noneMatch(other -> !other.getKey().provider().equals(key.provider()) && recent(other.getValue(), now))) {
			return null;
		}
		int count = 0;
		for (Run other : runs.values()) {
			if (recent(other, now) && other.pending > 0) {
				count += other.pending;
				other.pending = 0;
				other.routerWide = true;
			}
		}
		return new Failures(Math.min(count, MAX_PENDING), result, callNanos, at);
	}

	/** Circuits of their own with the same settings, for another kind of caller. */
	CandidateCircuits another() {
		return new CandidateCircuits(config.getMinimumNumberOfCalls(), (int) TimeUnit.NANOSECONDS.toSeconds(cooldownNanos), clock);
	}

	/** Candidates skipped by decisions since the start. */
	long skips() {
		return skips.sum();
	}

	/** How many candidates are being skipped, or tried once, because the router kept failing them. */
	int openCount() {
		forgetOld(System.nanoTime());
		return (int) runs.values().stream().filter(run -> run.breaker.getState() != CircuitBreaker.State.CLOSED).count();
	}

	/** Up to {@code limit} candidates whose circuits are not closed, the longest failing first. */
	List<RouterStatus.OpenCandidate> open(int limit) {
		long now = System.nanoTime();
		forgetOld(now);
		return runs.entrySet()
			.stream()
			.filter(entry -> entry.getValue().breaker.getState() != CircuitBreaker.State.CLOSED)
			.sorted(Comparator.comparing(entry -> entry.getValue().since))
			.limit(limit)
			.map(entry -> new RouterStatus.OpenCandidate(entry.getKey().provider(), entry.getKey().sku(),
					entry.getValue().trialDue(now) ? "half_open" : "open",
					entry.getValue().failures, entry.getValue().lastError, entry.getValue().since))
			.toList();
	}

	/**
	 * Whether {@code run}'s candidate failed since the router's last answer, and within the cooldown: with another
	 * provider's, the router's failing and not the candidates'.
	 */
	private boolean recent(Run run, long now) {
		return run.lastFailure - lastAnswer > 0 && now - run.lastFailure <= cooldownNanos;
	}

	/** Makes room: forgets runs gone stale, and open ones whose candidate no decision has tried for two cooldowns. */
	private boolean evictStale(long now) {
		return runs.values().removeIf(run -> run.stale(now) || now - run.lastFailure > 2 * cooldownNanos);
	}

	/** Forgets candidates no decision has asked about for ten cooldowns, so that {@code /status} does not list them for ever. */
	private void forgetOld(long now) {
		if (!runs.isEmpty()) {
			runs.values().removeIf(run -> now - run.lastFailure > 10 * cooldownNanos);
		}
	}

	/** One candidate's run of failures, from the first to the answer that ends it. */
	private final class Run {

		final CircuitBreaker breaker;

		final Instant since;

		volatile int failures;

		volatile long lastFailure;

		volatile @Nullable String lastError;

		/** Failures not yet held against the router's breaker. */
		int pending;

		/** Whether this run's failures were found to be the router's: it failed other candidates too. */
		boolean routerWide;

		Run(CircuitBreaker breaker, long now, Instant since) {
			this.breaker = breaker;
			this.since = since;
			this.lastFailure = now;
		}

		/** Whether the next decision's call would be the trial: half-open, or open with its cooldown over. */
		boolean trialDue(long now) {
			CircuitBreaker.State state = breaker.getState();
			return state == CircuitBreaker.State.HALF_OPEN || (state == CircuitBreaker.State.OPEN && now - lastFailure > cooldownNanos);
		}

		/** A closed circuit whose last failure is older than the cooldown: its run starts afresh. */
		boolean stale(long now) {
			return breaker.getState() == CircuitBreaker.State.CLOSED && now - lastFailure > cooldownNanos;
		}

	}

	/** The failure a candidate's circuit records, with the reason {@code /status} gives. */
	private static final class RouterFailure extends Exception {

		RouterFailure(@Nullable String message) {
			super(message, null, false, false);
		}

	}

}
