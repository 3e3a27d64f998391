package io.aurora.intelligence.executor;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.aurora.intelligence.auditor.Auditor;
import io.aurora.intelligence.auditor.Outcome;
import io.aurora.intelligence.store.CommitUncertainException;
import io.aurora.intelligence.store.IdempotencyKeys;
import io.aurora.intelligence.store.StoreRefusingException;
import io.aurora.intelligence.store.TraceRecord;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Decision;
import io.aurora.intelligence.telemetry.MetricNames;
import io.aurora.intelligence.telemetry.Telemetry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The Executor: hands the Strategist's choice to the Aurora Router and stores the decision's trace.
 * When the router refuses the candidate (400, 409, 410, 422, or a 2xx saying {@code status: no_capacity}) or
 * fails it with a 5xx, it tries the next-best (not after another 4xx, a timeout, a refused connection or an
 * unusable answer, which say the router is unwell rather than the candidate unplaceable), up to {@code ROUTER_MAX_ATTEMPTS} within the router's time bound
 * ({@link Failover}), skipping candidates the router kept failing ({@link CandidateCircuits}); every
 * attempt is in the trace, and each refusal is logged as a failed outcome for the refused candidate so
 * the model learns from it. It returns only once the trace is committed.
 */
@Service
@EnableConfigurationProperties(RouterProperties.class)
public class Executor {

	private static final Logger log = LoggerFactory.getLogger(Executor.class);

	/** What a refusal teaches: the placement failed and missed its objective. */
	static final Outcome REFUSED = new Outcome(null, null, 3, false);

	private static final int TRACE_ID_BYTES = 12;

	private final RouterClient router;

	private final TraceStore store;

	private final Auditor auditor;

	private final Clock clock;

	private final Telemetry telemetry;

	private final Failover failover;

	private final SecureRandom ids = new SecureRandom();

	/** Whether there is no router ({@code AURORA_ROUTER_URL=none}), so no circuit either. */
	private final boolean routerless;

	Executor(RouterClient router, TraceStore store, Auditor auditor, Clock clock, Telemetry telemetry,
			RouterProperties properties) {
		this.router = router;
		this.store = store;
		this.auditor = auditor;
		this.clock = clock;
		this.telemetry = telemetry;
		this.routerless = properties.routerless();
		if (routerless) {
			log.info("AURORA_ROUTER_URL=none: decisions are answered from the model without a router; the caller places "
					+ "each task itself");
		}
		this.failover = new Failover(router, telemetry, properties.maxAttempts(), !routerless);
		telemetry.routerResults(RouteResult.STATUSES);
		telemetry.gauge(MetricNames.TRACE_STORE_SIZE, "Decision traces stored", () -> store.counts().traces());
		telemetry.gauge(MetricNames.TRACE_STORE_FEEDBACK_RATE, "Fraction of traces with feedback",
				() -> store.counts().feedbackRate());
		telemetry.gauge(MetricNames.ROUTER_CIRCUIT_OPEN, "Whether router calls are being skipped, or limited to one trial (half-open)",
				() -> router.circuitOpen() ? 1 : 0);
		telemetry.gauge(MetricNames.ROUTER_ANONYMOUS_CIRCUIT_OPEN, "Whether the router calls of callers without the API key "
				+ "are being skipped, or limited to one trial", () -> router.breakers().anonymousOpen() ? 1 : 0);
		for (String state : RouterBreaker.CIRCUIT_STATES) {
			telemetry.gauge(MetricNames.ROUTER_CIRCUIT_STATE, "1 for the router circuit's state, 0 for the others",
					Tags.of(MetricNames.TAG_STATE, state), () -> state.equals(circuit()) ? 1 : 0);
		}
		telemetry.gauge(MetricNames.ROUTER_CANDIDATES_OPEN, "Candidates decisions skip, or try once, because the router "
				+ "failed each repeatedly", router.breakers()::candidatesOpen);
		telemetry.functionCounter(MetricNames.ROUTER_CANDIDATES_SKIPPED, "Candidates decisions skipped for their open circuits",
				router.breakers(), CallerBreakers::candidatesSkipped);
		for (String result : RouterClient.TRIAL_RESULTS) {
			telemetry.functionCounter(MetricNames.ROUTER_TRIALS, "Trials of the router's GET /health that decided a half-open "
					+ "circuit no decision tried", Tags.of(MetricNames.TAG_RESULT, result), router, (client) -> client.trials(result));
		}
	}

	/** How the router has been answering: its breaker's state and the last call's result. */
	public RouterStatus routerStatus() {
		RouterBreaker.LastCall last = router.lastCounted();
		CallerBreakers breakers = router.breakers();
		List<RouterStatus.OpenCandidate> open = breakers.open(RouterStatus.MAX_CANDIDATES);
		return last == null ? new RouterStatus(circuit(), null, null, null, breakers.candidatesOpen(), open, breakers.callers())
				: new RouterStatus(circuit(), last.result().status(), last.result().error(), last.at(), breakers.candidatesOpen(),
						open, breakers.callers());
	}

	/** The router circuit's state, or {@code none} when there is no router. */
	private String circuit() {
		return routerless ? RouteResult.NOT_ROUTED : router.circuit();
	}

	/**
	 * Refuses a decision whose trace could not be stored (the store is known to fail, or its volume is
	 * short of space), which would otherwise be refused after the router had placed the task.
	 * @throws io.aurora.intelligence.store.StoreRefusingException saying why (a probe write's failure too)
	 */
	public void requireWritable() {
		store.requireWritable();
	}

	/**
	 * Routes (with failover) and traces a placement; while the store is known to fail its writes, refuses
	 * before routing, so that no task is placed for a decision that would then be refused.
	 * @throws org.springframework.dao.DataAccessException when the trace cannot be stored
	 */
	public Execution execute(Placement placement) {
		requireWritable();
		Decision decision = placement.decision();
		Failover.Routed routed = failover.route(placement, (refusal, index) -> learnRefusal(placement, index, refusal));
		RouteResult route = routed.route();
		int placedIndex = routed.lastIndex();
		List<Map<String, Object>> attempts = routed.attempts();
		RouteResult lastCall = routed.lastCall();
		boolean asked = lastCall != null;
		boolean accepted = routed.accepted();
		// A timeout may have placed the last candidate asked, a failover's too: the answer names it, so that the caller
		// asks the router about that candidate before placing the task itself.
		boolean mayHavePlaced = !accepted && "timeout".equals(route.status());
		if (!accepted && !mayHavePlaced) {
			placedIndex = decision.choice().index();
		}
		boolean routerScored = accepted && route.score() != null;
		double score = routerScored ? route.score() : decision.score(placedIndex);
		String source = routerScored ? "router" : "model";
		// Traced under the first choice when nothing was placed: the router's answer about that candidate.
		Map<String, Object> routerTrace = new LinkedHashMap<>((accepted || mayHavePlaced ? route : routed.first()).toTrace());
		routerTrace.put("attempts", attempts);
		if (!routed.skipped().isEmpty()) {
			routerTrace.put("skipped", routed.skipped().stream().map(Failover.Skipped::trace).toList());
		}
		routerTrace.put("placed", accepted);
		// Whether the decision's count could name its provider (a caller with the key, or placed), for its feedback's.
		routerTrace.put("vouched", placement.vouched(accepted));
		if (placement.shadow()) {
			routerTrace.put("shadow", true);
		}
		// The trace's propensity and exploration are the policy's choice's; say whether that is this candidate.
		routerTrace.put("first_choice", placedIndex == decision.choice().index());
		int placedAt = placedIndex;
		// What became of the last call: a failover the circuit then skipped (it re-opened on that call's 5xx) made none.
		String status = (lastCall != null ? lastCall : route).status();
		int tried = attempts.size();
		Function<String, Execution> executed = id -> new Execution(id, score, source, status, placedAt, tried, accepted,
				routed.skipped().stream().map(Failover.Skipped::index).toList());
		Placement.Keyed keyed = placement.keyed();
		String traceId;
		try {
			traceId = insert(placement, placedIndex, score, source, routerTrace, tried,
					keyed == null ? null : id -> new IdempotencyKeys.Answer(keyed.key(), keyed.claimedAt(),
							keyed.answer().apply(executed.apply(id))));
		}
		catch (DataAccessException ex) {
			if (asked) {
				// Nothing else names the task a repeat's "never answered" 409 is about, or what the router made of it.
				Map<String, Object> last = placement.candidates().get(placedIndex);
				Placement.RouterOutcome outcome = new Placement.RouterOutcome(String.valueOf(last.get("provider")),
						String.valueOf(last.get("sku")), status, accepted);
				log.warn("Decision for task '{}' not answered: its trace could not be stored after the router was asked, whose "
						+ "last answer was '{}' for {}/{} (placed: {}){}", placement.taskId(), status, outcome.provider(),
						outcome.sku(), accepted, keyed == null ? "" : "; a repeat of its Idempotency-Key answers 409, never answered");
				if (keyed != null) {
					keyed.unanswered().accept(outcome);
				}
			}
			if (asked || ex instanceof CommitUncertainException) {
				throw ex;
			}
			// The router was never called (its circuit open, or no free connection), so nothing was placed: a
			// refusal like one made before routing, which frees an Idempotency-Key for a retry to decide anew.
			throw new StoreRefusingException("The trace could not be stored (" + ex.getMessage() + ") and the router was "
					+ "not called, so nothing was placed", ex);
		}
		return executed.apply(traceId);
	}

	/**
	 * Traces the refused candidate as a decision of its own and, when the refusal says something about
	 * the candidate and the caller may teach the model, logs a failed outcome for it. A 400 says our
	 * request was malformed, not that the candidate cannot take the work; and a caller who may not send
	 * feedback must not teach the model through refusals it provokes either.
	 */
	private void learnRefusal(Placement placement, int index, RouteResult route) {
		Map<String, Object> trace = new LinkedHashMap<>(route.toTrace());
		trace.put("refused", true);
		trace.put("first_choice", index == placement.decision().choice().index());
		boolean teaches = placement.mayTeach() && !Integer.valueOf(400).equals(route.httpStatus());
		trace.put("learned", teaches);
		String refusedTrace = insert(placement, index, placement.decision().score(index), "model", trace, 1, null);
		if (teaches) {
			auditor.auditRefusal(refusedTrace, REFUSED);
		}
	}

	/** Time spent on the router for a trace: every attempt's when it lists them, else its one call's. */
	private static Object routerMs(Map<String, Object> routerTrace) {
		if (!(routerTrace.get("attempts") instanceof List<?> attempts)) {
			return routerTrace.get("elapsed_ms");
		}
		double total = 0;
		for (Object attempt : attempts) {
			if (attempt instanceof Map<?, ?> map && map.get("elapsed_ms") instanceof Number ms) {
				total += ms.doubleValue();
			}
		}
		return total;
	}

	/** Stores a trace and, given {@code answerFor}, the answer (for its trace id) to the key its decision claimed. */
	private String insert(Placement placement, int index, double score, String source, Map<String, Object> routerTrace,
			int attempts, @Nullable Function<String, IdempotencyKeys.Answer> answerFor) {
		Decision decision = placement.decision();
		Choice choice = decision.choice();
		Map<String, Object> chosen = placement.candidates().get(index);
		Map<String, Object> timings = new LinkedHashMap<>();
		timings.put("strategist_ms", placement.strategistNanos() / 1e6);
		timings.put("router_ms", routerMs(routerTrace));
		timings.put("attempts", attempts);
		Map<String, Object> psi = new LinkedHashMap<>(decision.psi().raw());
		psi.put("density", decision.psi().density());
		psi.put("coherence", decision.psi().coherence());
		psi.put("age_seconds", decision.psi().ageSeconds());
		psi.put("source", decision.psi().source());
		TraceDetail.Stored stored = TraceDetail.of(placement.candidates(), placement.context(), index);
		if (stored.cut()) {
			telemetry.traceDetailCut();
		}
		for (int collision = 0;; collision++) {
			Instant now = clock.instant();
			String traceId = "tr_" + HexFormat.of().formatHex(nextId(now.toEpochMilli()));
			TraceRecord trace = new TraceRecord(traceId, placement.taskId(), now, decision.state(),
					String.valueOf(chosen.get("provider")), String.valueOf(chosen.get("sku")), stored.candidates(),
					stored.context(), psi, decision.value(index), choice.propensity(), decision.epsilon(),
					choice.explorationLabel(), score, source, routerTrace, timings, decision.policy());
			if (store.insertTrace(trace, answerFor == null ? null : answerFor.apply(traceId))) {
				return traceId;
			}
			if (collision == 2) {
				throw new IllegalStateException("trace id collided three times; the random source is broken");
			}
		}
	}

	/**
	 * The creation time in milliseconds (6 bytes, so ids sort by time and index inserts append, as in
	 * UUIDv7) followed by 96 random bits from {@link SecureRandom}, which make an id unguessable.
	 */
	private byte[] nextId(long millis) {
		byte[] bytes = new byte[6 + TRACE_ID_BYTES];
		ids.nextBytes(bytes);
		for (int i = 0; i < 6; i++) {
			bytes[i] = (byte) (millis >>> (8 * (5 - i)));
		}
		return bytes;
	}

}
