package io.aurora.intelligence.telemetry;

/**
 * Every metric name the service exports, in Micrometer's dotted form (but {@link #REWARDS}, registered in
 * Prometheus's own); Prometheus sees them as {@code aurora_intelligence_…} with {@code _total} and
 * {@code _seconds} suffixes added. These names are public contract: the seed's, and the service's own.
 */
public final class MetricNames {

	/** Decisions made, tagged {@code provider} and {@code exploration}. */
	public static final String DECISIONS = "aurora.intelligence.decisions";

	/** Decision latency, tagged {@code phase} = strategist, executor or total. */
	public static final String DECISION_LATENCY = "aurora.intelligence.decision.latency";

	/** Learning updates applied from feedback by this process. */
	public static final String Q_UPDATES = "aurora.intelligence.q.updates";

	/** Observed rewards; a classic histogram with buckets -1, -0.5, 0, 0.5, 1 (Prometheus name). */
	public static final String REWARDS = "aurora_intelligence_rewards";

	/** Current exploration rate. */
	public static final String EPSILON = "aurora.intelligence.epsilon";

	/** Learned state-action pairs. */
	public static final String Q_TABLE_SIZE = "aurora.intelligence.q.table.size";

	/** Candidates or states the model forgot at its size caps ({@code MAX_LEARNED_ACTIONS}, {@code MAX_LEARNED_PAIRS}). */
	public static final String MODEL_FORGOTTEN = "aurora.intelligence.model.forgotten";

	/** Decisions that found a fresh Ψ reading in the cache. */
	public static final String PSI_CACHE_HITS = "aurora.intelligence.psi.cache.hits";

	/** Decisions that found no fresh Ψ reading and used the last good or neutral one. */
	public static final String PSI_CACHE_MISSES = "aurora.intelligence.psi.cache.misses";

	/** Failed fetches from the Ψ-field. */
	public static final String PSI_CACHE_ERRORS = "aurora.intelligence.psi.cache.errors";

	/** Seconds since the last good Ψ reading; NaN before the first. */
	public static final String PSI_CACHE_AGE = "aurora.intelligence.psi.cache.age.seconds";

	/** 1 while the cached Ψ reading is within its TTL, else 0. */
	public static final String PSI_CACHE_VALID = "aurora.intelligence.psi.cache.valid";

	/** The configured Ψ cache TTL. */
	public static final String PSI_CACHE_TTL = "aurora.intelligence.psi.cache.ttl.seconds";

	/** 1 while the router circuit is open or half-open (calls are being skipped), else 0. */
	public static final String ROUTER_CIRCUIT_OPEN = "aurora.intelligence.router.circuit.open";

	/** 1 for the router circuit's state, tagged {@code state} = closed, open or half_open, and 0 for the other two. */
	public static final String ROUTER_CIRCUIT_STATE = "aurora.intelligence.router.circuit.state";

	/** 1 while the circuit of callers without the API key is open or half-open, else 0. */
	public static final String ROUTER_ANONYMOUS_CIRCUIT_OPEN = "aurora.intelligence.router.anonymous.circuit.open";

	/** Candidates whose own circuit is open or half-open: decisions skip them, the router having failed each repeatedly. */
	public static final String ROUTER_CANDIDATES_OPEN = "aurora.intelligence.router.candidates.open";

	/** Candidates that decisions skipped because their own circuit was open. */
	public static final String ROUTER_CANDIDATES_SKIPPED = "aurora.intelligence.router.candidates.skipped";

	/** Feedback received, tagged {@code outcome} = success (reward above 0) or failure. */
	public static final String FEEDBACK = "aurora.intelligence.feedback";

	/**
	 * Feedback whose task ran where the caller's own scheduler chose (it named {@code ran}: shadow mode) among several
	 * candidates (with one left there was no choice to agree on), tagged
	 * {@code agreed} = true when the service had answered the same candidate, and {@code answer} = what its policy had
	 * labelled that answer ({@code exploit}, {@code explore}, or {@code failover}).
	 */
	public static final String SHADOW_FEEDBACK = "aurora.intelligence.shadow.feedback";

	/** Shadow decisions answered: the caller's own scheduler places their tasks, and the router is not asked. */
	public static final String SHADOW_DECISIONS = "aurora.intelligence.shadow.decisions";

	/** Time to process one feedback, durable write included. */
	public static final String FEEDBACK_LATENCY = "aurora.intelligence.feedback.latency";

	/** Decision traces stored. */
	public static final String TRACE_STORE_SIZE = "aurora.intelligence.trace.store.size";

	/** Fraction of stored traces that have received feedback. */
	public static final String TRACE_STORE_FEEDBACK_RATE = "aurora.intelligence.trace.store.feedback.rate";

	/** Requests Tomcat refused before any endpoint saw them, tagged {@code status}. */
	public static final String HTTP_REFUSED = "aurora.intelligence.http.refused";

	/** Calls to the Aurora Router, tagged {@code result} = ok, rejected, error, timeout, open or busy. */
	public static final String ROUTER_CALLS = "aurora.intelligence.router.calls";

	/**
	 * Trials of the router's {@code GET /health} that decided a half-open circuit no decision tried, tagged
	 * {@code result} = ok (it closed), error or timeout (it opened again).
	 */
	public static final String ROUTER_TRIALS = "aurora.intelligence.router.trials";

	/** Traces that kept only names and features of a decision's free-form JSON, over its 64 Ki characters. */
	public static final String TRACE_DETAIL_CUT = "aurora.intelligence.trace.detail.cut";

	/** 1 while the SQLite store's volume is short of {@code STORE_MIN_FREE_MB} and decisions are refused, else 0. */
	public static final String STORE_SHORT_OF_SPACE = "aurora.intelligence.store.short.of.space";

	/**
	 * {@code STORE_MIN_FREE_MB} in bytes: the SQLite volume's free space under which decisions are refused (0 without
	 * a floor). Beside Spring Boot's {@code disk_free_bytes}, it lets an alert foresee the refusal.
	 */
	public static final String STORE_MIN_FREE = "aurora.intelligence.store.min.free";

	/** 1 while the store's newest write committed, 0 while writes fail and decisions and feedback get 503. */
	public static final String STORE_UP = "aurora.intelligence.store.up";

	/** This replica's wall clock less the shared store's, in seconds (0 on SQLite). */
	public static final String CLOCK_SKEW = "aurora.intelligence.clock.skew";

	/** Snapshots of the model that could not be stored; a restart then replays more of the log. */
	public static final String CHECKPOINT_FAILURES = "aurora.intelligence.checkpoint.failures";

	/**
	 * The last feedback log entry this replica's model includes; across replicas, the maximum minus a
	 * replica's value is how far it lags.
	 */
	public static final String MODEL_LOG_SEQ = "aurora.intelligence.model.log.seq";

	/** Writes per store commit: how well group commit shares one fsync among concurrent requests. */
	public static final String STORE_COMMIT_BATCH = "aurora.intelligence.store.commit.batch";

	/** Time the store writer spends on one batch: its writes, the commit and the after-commit actions. */
	public static final String STORE_COMMIT_LATENCY = "aurora.intelligence.store.commit.latency";

	/**
	 * Rows deleted by retention, tagged {@code kind} = traces (never fed back), log (feedback with its
	 * trace) or snapshots (of retired settings).
	 */
	public static final String STORE_RETENTION_DELETED = "aurora.intelligence.store.retention.deleted";

	/**
	 * Memory that request bodies being received and handled hold of their budget, in bytes; when it
	 * stays near the budget, large bodies are being answered 503.
	 */
	public static final String REQUEST_BODY_BUDGET_USED = "aurora.intelligence.request.body.budget.used";

	/** The request body budget itself, in bytes: a quarter of the heap, at most 192 MiB. */
	public static final String REQUEST_BODY_BUDGET_LIMIT = "aurora.intelligence.request.body.budget.limit";

	/**
	 * Decisions sent with an {@code Idempotency-Key}, tagged {@code result} = claimed, released (claimed,
	 * then given up by a decision that failed before routing), replayed, in_progress, never_answered or
	 * reused (another body).
	 */
	public static final String IDEMPOTENCY_KEYS = "aurora.intelligence.idempotency.keys";

	/**
	 * Requests that carried an API key, tagged {@code key} = current ({@code AURORA_API_KEY}) or previous
	 * ({@code AURORA_API_KEY_PREVIOUS}); once previous stops rising, no caller sends the old key any more.
	 */
	public static final String AUTHORIZED_REQUESTS = "aurora.intelligence.authorized.requests";

	/** Spans sent to the OTLP collector, tagged {@code result} = ok, failed, or dropped (from a full queue). */
	public static final String SPANS_EXPORTED = "aurora.intelligence.spans.exported";

	/** The tag naming a decision's provider (the first 64, else {@code other}). */
	public static final String TAG_PROVIDER = "provider";

	/** Whether a decision explored or exploited. */
	public static final String TAG_EXPLORATION = "exploration";

	/** The phase of a decision. */
	public static final String TAG_PHASE = "phase";

	/** The outcome of a feedback. */
	public static final String TAG_OUTCOME = "outcome";

	/** The result of a router call. */
	public static final String TAG_RESULT = "result";

	/** An HTTP status code. */
	public static final String TAG_STATUS = "status";

	/** What retention deleted. */
	public static final String TAG_KIND = "kind";

	/** Whether the service had answered the candidate the caller's own scheduler ran: {@code true} or {@code false}. */
	public static final String TAG_AGREED = "agreed";

	/**
	 * What the service's policy labelled its answer: {@code exploit}, {@code explore}, or {@code failover} for a
	 * placement the router made after the first choice failed.
	 */
	public static final String TAG_ANSWER = "answer";

	/** A circuit breaker's state. */
	public static final String TAG_STATE = "state";

	/** Which of the API keys a request carried. */
	public static final String TAG_KEY = "key";

	private MetricNames() {
	}

}
