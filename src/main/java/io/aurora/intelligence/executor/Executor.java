package io.aurora.intelligence.executor;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.aurora.intelligence.store.TraceRecord;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Decision;
import io.aurora.intelligence.telemetry.MetricNames;
import io.aurora.intelligence.telemetry.Telemetry;

import org.springframework.stereotype.Service;

/**
 * The Executor: hands the Strategist's choice to the Aurora Router and stores the decision's trace.
 * It returns only once the trace is committed, so every acknowledged decision can receive feedback.
 */
@Service
public class Executor {

	private static final int TRACE_ID_BYTES = 12;

	private final RouterClient router;

	private final TraceStore store;

	private final Clock clock;

	private final Telemetry telemetry;

	private final SecureRandom ids = new SecureRandom();

	Executor(RouterClient router, TraceStore store, Clock clock, Telemetry telemetry) {
		this.router = router;
		this.store = store;
		this.clock = clock;
		this.telemetry = telemetry;
		telemetry.gauge(MetricNames.TRACE_STORE_SIZE, "Decision traces stored", () -> store.counts().traces());
		telemetry.gauge(MetricNames.TRACE_STORE_FEEDBACK_RATE, "Fraction of traces with feedback",
				() -> store.counts().feedbackRate());
		telemetry.gauge(MetricNames.ROUTER_CIRCUIT_OPEN, "Whether router calls are being skipped",
				() -> router.circuitOpen() ? 1 : 0);
	}

	/**
	 * Routes and traces a placement.
	 * @throws org.springframework.dao.DataAccessException when the trace cannot be stored
	 */
	public Execution execute(Placement placement) {
		Decision decision = placement.decision();
		Choice choice = decision.choice();
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("task_id", placement.taskId());
		request.put("provider", choice.action().provider());
		request.put("sku", choice.action().sku());
		request.put("metadata", placement.metadata());
		request.put("context", placement.context());
		RouteResult route = router.route(request);
		telemetry.routerCall(route.status());
		boolean routerScored = route.score() != null;
		double score = routerScored ? route.score() : choice.qValue();
		String source = routerScored ? "router" : "model";
		Map<String, Object> timings = new LinkedHashMap<>();
		timings.put("strategist_ms", placement.strategistNanos() / 1e6);
		timings.put("router_ms", route.elapsedMs());
		Map<String, Object> psi = new LinkedHashMap<>(decision.psi().raw());
		psi.put("density", decision.psi().density());
		psi.put("coherence", decision.psi().coherence());
		psi.put("age_seconds", decision.psi().ageSeconds());
		psi.put("source", decision.psi().source());
		for (int attempt = 0;; attempt++) {
			String traceId = "tr_" + HexFormat.of().formatHex(nextId());
			TraceRecord trace = new TraceRecord(traceId, placement.taskId(), clock.instant(), decision.state(),
					choice.action().provider(), choice.action().sku(), placement.candidates(), placement.context(), psi,
					choice.qValue(), choice.propensity(), decision.epsilon(), choice.explorationLabel(), score, source,
					route.toTrace(), timings, decision.policy());
			if (store.insertTrace(trace)) {
				return new Execution(traceId, score, source, route.status());
			}
			if (attempt == 2) {
				throw new IllegalStateException("trace id collided three times; the random source is broken");
			}
		}
	}

	private byte[] nextId() {
		byte[] bytes = new byte[TRACE_ID_BYTES];
		ids.nextBytes(bytes);
		return bytes;
	}

}
