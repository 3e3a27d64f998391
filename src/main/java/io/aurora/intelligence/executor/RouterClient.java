package io.aurora.intelligence.executor;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.aurora.intelligence.config.CallDeadline;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls {@code POST /route} on the Aurora Router through a circuit breaker, with a hard deadline: a
 * call still running at {@code ROUTER_TIMEOUT_MS} is aborted, whatever the router is doing. It never
 * throws: every failure becomes a {@link RouteResult} that says what happened, so a decision is always
 * answered. This client is plain Apache HttpClient 5 rather than a declarative {@code @HttpExchange}
 * client because it sits on every decision, where the declarative stack measured three times the CPU
 * per call (docs/BENCHMARKS.md). At most as many calls run as the pool has connections; a call that finds
 * none free within its bound is {@code busy}, which the breaker does not hold against the router.
 * {@link RouterAnswers} reads what the router answers.
 */
class RouterClient implements AutoCloseable {

	private final URI route;

	private final CloseableHttpClient http;

	private final RouterHealthCheck healthCheck;

	private final RouterHealthCheck anonymousHealthCheck;

	private final CallerBreakers breakers;

	private final ScheduledExecutorService deadlines;

	private final long timeoutNanos;

	private final JsonMapper json;

	/** Reads the router's answers, within their caps on size, depth and tokens. */
	private final RouterAnswers answers;

	/** One permit per pooled connection, so that no call waits inside the client for a connection. */
	private final Semaphore connections;

	private final int connectionCount;

	private final Clock clock;

	private final RouterTracing tracing;

	/** What a trial of the router's {@code GET /health} may come to: it answered 2xx, 5xx, or not in time. */
	static final List<String> TRIAL_RESULTS = List.of("ok", "error", "timeout");

	private final Map<String, LongAdder> trials = TRIAL_RESULTS.stream()
		.collect(Collectors.toUnmodifiableMap(Function.identity(), result -> new LongAdder()));

	RouterClient(URI baseUrl, CloseableHttpClient http, CircuitBreaker breaker, ScheduledExecutorService deadlines,
			long timeoutMs, JsonMapper json, int connections, Clock clock) {
		this(baseUrl, http, breaker, deadlines, timeoutMs, json, connections, clock, RouterTracing.NONE,
				new CandidateCircuits(3, 30, clock));
	}

	RouterClient(URI baseUrl, CloseableHttpClient http, CircuitBreaker breaker, ScheduledExecutorService deadlines,
			long timeoutMs, JsonMapper json, int connections, Clock clock, RouterTracing tracing,
			CandidateCircuits candidates) {
		this(baseUrl, http, breaker, deadlines, timeoutMs, json, connections, clock, tracing, candidates,
				CircuitBreaker.of(breaker.getName() + "-anonymous", breaker.getCircuitBreakerConfig()), candidates.another());
	}

	/**
	 * A client whose calls for callers without the API key (where one is set) go through their own breaker and circuits,
	 * {@code anonymousBreaker} and {@code anonymousCandidates}, so that such callers cannot open the circuits of callers
	 * with the key by sending candidates the router fails.
	 */
	RouterClient(URI baseUrl, CloseableHttpClient http, CircuitBreaker breaker, ScheduledExecutorService deadlines,
			long timeoutMs, JsonMapper json, int connections, Clock clock, RouterTracing tracing,
			CandidateCircuits candidates, CircuitBreaker anonymousBreaker, CandidateCircuits anonymousCandidates) {
		this.route = baseUrl.resolve(baseUrl.getRawPath().endsWith("/") ? "route" : baseUrl.getRawPath() + "/route");
		this.http = http;
		this.breakers = new CallerBreakers(new RouterBreaker(breaker, candidates, clock),
				new RouterBreaker(anonymousBreaker, anonymousCandidates, clock));
		this.deadlines = deadlines;
		this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		this.json = json;
		this.answers = new RouterAnswers();
		this.connections = new Semaphore(connections);
		this.connectionCount = connections;
		this.clock = clock;
		this.tracing = tracing;
		URI health = baseUrl.resolve(baseUrl.getRawPath().endsWith("/") ? "health" : baseUrl.getRawPath() + "/health");
		this.healthCheck = healthCheck(health, breaker, true);
		this.anonymousHealthCheck = healthCheck(health, anonymousBreaker, false);
	}

	/** The {@code GET /health} trials of {@code breaker}, the one of {@code authorised} callers or of the others. */
	private RouterHealthCheck healthCheck(URI health, CircuitBreaker breaker, boolean authorised) {
		return new RouterHealthCheck(health, http, breaker, deadlines, connections, timeoutNanos, trial -> {
			breakers.of(authorised).trial(trial);
			trials.get(trial.status()).increment();
		});
	}

	/**
	 * The router's {@code GET /health} trials that decided a half-open circuit no decision had tried, by
	 * result ({@link #TRIAL_RESULTS}), since the start.
	 */
	long trials(String result) {
		return trials.get(result).sum();
	}

	/** The last call either breaker counted, as {@link RouterBreaker#lastCounted()} says. */
	RouterBreaker.@Nullable LastCall lastCounted() {
		return breakers.lastCounted();
	}

	/** The bound on one decision's time with the router, in nanoseconds. */
	long timeoutNanos() {
		return timeoutNanos;
	}

	/** The router's breaker and its candidates' circuits, for callers who may teach the model. */
	RouterBreaker breaker() {
		return breakers.of(true);
	}

	/** The breakers and circuits of both kinds of caller. */
	CallerBreakers breakers() {
		return breakers;
	}

	/** The circuit {@link CallerBreakers#circuit()} shows: closed, open or half_open. */
	String circuit() {
		return breakers.circuit();
	}

	/** Whether the shown circuit's calls are being skipped or limited to a trial because the router kept failing. */
	boolean circuitOpen() {
		return breakers.circuitOpen();
	}

	RouteResult route(Map<String, Object> request) {
		return route(request, timeoutNanos);
	}

	/** Asks the circuit of {@code candidate} (a provider and SKU) whether a decision may call the router about it. */
	CandidateCircuits.Admission admit(Map<String, Object> candidate) {
		return admit(candidate, true);
	}

	/** Asks the circuit of {@code candidate} that {@code authorised} callers, or the others, share. */
	CandidateCircuits.Admission admit(Map<String, Object> candidate, boolean authorised) {
		return breakers.of(authorised).candidates().admit(CandidateCircuits.Key.of(candidate));
	}

	/** Routes as the only candidate's call, every failure held against the router's breaker. */
	RouteResult route(Map<String, Object> request, long budgetNanos) {
		return route(request, budgetNanos, null);
	}

	/** Routes for a caller who may teach the model, as {@link #route(Map, long, CandidateCircuits.Admission, boolean)}. */
	RouteResult route(Map<String, Object> request, long budgetNanos, CandidateCircuits.@Nullable Admission admission) {
		return route(request, budgetNanos, admission, true);
	}

	/**
	 * Routes with at most {@code budgetNanos} of the call's time bound left. A call the router was not
	 * given its full timeout for (cut off by a budget shorter than the timeout, as for a failover attempt
	 * late in the decision's bound, or after waiting for a free connection) is not held against the
	 * router by the breaker, and neither is finding no free connection at all. An open circuit answers
	 * before any wait for a connection, and every call the breaker admitted reports back to it, so a
	 * half-open circuit's one trial is never lost. Given the candidate's {@code admission}, a 5xx or a timeout
	 * is held against the candidate and against the router only as {@link CandidateCircuits} decides. The breaker
	 * and circuits are those of {@code authorised} callers, or of the others, whose admission {@code admission} is.
	 */
	RouteResult route(Map<String, Object> request, long budgetNanos, CandidateCircuits.@Nullable Admission admission,
			boolean authorised) {
		RouterBreaker breaker = breakers.of(authorised);
		long start = System.nanoTime();
		long bound = Math.min(timeoutNanos, budgetNanos);
		long given = bound;
		if (!breaker.breaker().tryAcquirePermission()) {
			RouterBreaker.release(admission);
			return new RouteResult("open", null, null, null, "router circuit open, cooling down", millis(start));
		}
		boolean reported = false;
		try {
			HttpPost post = new HttpPost(route);
			post.setEntity(new ByteArrayEntity(json.writeValueAsBytes(request), ContentType.APPLICATION_JSON));
			if (!connections.tryAcquire()) {
				if (!awaitConnection(bound)) {
					return new RouteResult("busy", null, null, null,
							"no free router connection within the timeout (" + connectionCount + " calls in flight)", millis(start));
				}
				given -= System.nanoTime() - start;
			}
			RouterTracing.Call traced = RouterTracing.Call.NONE;
			@Nullable RouteResult result = null;
			try {
				traced = tracing.start(post);
				result = call(breaker, post, start, given, admission);
				reported = true;
				return result;
			}
			finally {
				connections.release();
				traced.end(result == null ? "error" : result.status(), result == null ? "the call failed" : result.error());
			}
		}
		finally {
			if (!reported) {
				breaker.cutShort(admission);
			}
		}
	}

	/** Lets the router's {@code GET /health} decide a half-open circuit no decision has tried for {@code idleNanos}. */
	void probeWhenIdle(long idleNanos) {
		healthCheck.probeWhenIdle(idleNanos);
		anonymousHealthCheck.probeWhenIdle(idleNanos);
	}

	private boolean awaitConnection(long bound) {
		try {
			return connections.tryAcquire(bound, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Sends {@code post} within {@code given} nanoseconds and reports its outcome to the breakers, which admitted it. */
	private RouteResult call(RouterBreaker breaker, HttpPost post, long start, long given,
			CandidateCircuits.@Nullable Admission admission) {
		long due = System.nanoTime() + Math.max(given, 0);
		ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, Math.max(given, 0), TimeUnit.NANOSECONDS);
		HttpClientContext context = HttpClientContext.create();
		try {
			RouteResult result = CallDeadline.within(due,
					() -> http.execute(post, context, response -> answers.read(response, post, start)));
			report(breaker, result, start, admission, false, null);
			return result;
		}
		catch (IOException | RuntimeException ex) {
			// Cut off by the deadline: the cancel closed the socket, or a host-name lookup gave up at it first. An answer
			// past the cap is cancelled by its reader, not the deadline: it is the router's, not a slow candidate's.
			boolean tooLarge = RouterAnswers.causedBy(ex, RouterAnswers.AnswerTooLargeException.class);
			boolean late = !tooLarge && (post.isCancelled() || System.nanoTime() - due >= 0);
			boolean timedOut = late || !tooLarge && RouterAnswers.causedBy(ex, InterruptedIOException.class);
			RouterAnswers.UnreadAnswerException unread = RouterAnswers.cause(ex, RouterAnswers.UnreadAnswerException.class);
			// A connection that carried no exchange before: its first handshake, which a refusal alert can only belong to.
			EndpointDetails endpoint = context.getEndpointDetails();
			boolean neverSent = RouterAnswers.neverSent(ex, endpoint == null || endpoint.getResponseCount() == 0);
			RouteResult result = unread != null ? unread.result : failed(ex, timedOut, neverSent, start);
			// A status other than a 2xx came in time and says what the router did, however its body ended.
			boolean statusCame = unread != null && !"timeout".equals(result.status());
			if (late && given < timeoutNanos && !statusCame) {
				breaker.cutShort(admission);
			}
			else {
				report(breaker, result, start, admission, timedOut && !statusCame && !neverSent, ex);
			}
			return result;
		}
		finally {
			deadline.cancel(false);
		}
	}

	/** Whether the router answered the call about the candidate: placed it or refused it. */
	private static boolean answered(RouteResult result) {
		return "ok".equals(result.status()) || "rejected".equals(result.status());
	}

	/**
	 * Tells the breakers of {@code result}: an answer closes, a failure counts against the candidate where it may be
	 * the candidate's (a timeout, a 5xx) and against the router otherwise.
	 */
	private static void report(RouterBreaker breaker, RouteResult result, long start,
			CandidateCircuits.@Nullable Admission admission, boolean timedOut, @Nullable Exception cause) {
		if (answered(result)) {
			breaker.answered(result, System.nanoTime() - start, admission);
		}
		else {
			breaker.failed(result, System.nanoTime() - start, admission,
					timedOut || result.httpStatus() != null && result.httpStatus() >= 500, cause);
		}
	}

	/**
	 * The result of an exchange that failed before any status was read: {@code timeout} wherever the router may have
	 * read the request and placed the task (no answer in time, a connection that closed or broke once the request
	 * could have gone), so that the caller asks it before placing the task again; {@code error} where it cannot
	 * have (no connection, made or not in time).
	 */
	private static RouteResult failed(Exception ex, boolean timedOut, boolean neverSent, long start) {
		boolean io = ex instanceof IOException;
		if (io && neverSent) {
			// Out of time before a connection was made: in the host-name lookup, the connect or the TLS handshake.
			return new RouteResult("error", null, null, null, timedOut ? "no connection within the timeout" : RouterAnswers.why(ex),
					millis(start));
		}
		if (timedOut) {
			return new RouteResult("timeout", null, null, null, "no answer within the timeout", millis(start));
		}
		// An unchecked failure (the client closed, say) comes from the client itself, before anything was sent.
		return new RouteResult(io ? "timeout" : "error", null, null, null,
				RouterAnswers.why(ex) + (io ? RouterAnswers.UnreadAnswerException.MAY_HAVE_PLACED : ""), millis(start));
	}

	/** The milliseconds since {@code start}, a {@link System#nanoTime} reading. */
	static double millis(long start) {
		return (System.nanoTime() - start) / 1e6;
	}

	@Override
	public void close() throws IOException {
		http.close();
	}

}
