package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable store of decision traces and the feedback log. Every method returns only once its
 * write is committed, so an acknowledged decision or feedback survives a crash. Rows are never
 * overwritten: a second insert under the same key is refused, not applied. JSON columns are written
 * on the caller's thread, keeping the single writer's share of each request small. The feedback
 * log's own queries are in {@link FeedbackLog}.
 */
@Repository
@DependsOnDatabaseInitialization
public class TraceStore {

	/** A JSON object column's type, as read. */
	static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** A JSON array-of-objects column's type, as read. */
	static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	/** The row counts that {@code /status} and the gauges show. */
	private final RowCounts counts;

	private final GroupCommitter writer;

	/** Retention's reads and deletes. */
	private final RetentionQueries retention;

	/** The feedback log's appends and reads. */
	private final FeedbackLog feedbackLog;

	/** Refuses decisions whose traces the store would fail ({@link #requireWritable}). */
	private final WriteGate gate;

	/** Refuses decisions while the SQLite store's volume is short of space; null on PostgreSQL or at 0. */
	private final @Nullable DiskFloor floor;

	@Autowired
	TraceStore(JdbcClient jdbc, DataSource dataSource, GroupCommitter writer, JsonMapper json, StoreProperties properties,
			MeterRegistry meters) {
		this(jdbc, RowCounts.counting(dataSource), writer, json, properties.shared(),
				properties.shared() ? DiskFloor.none(meters) : DiskFloor.sqlite(jdbc, properties.minFreeMb(), meters));
	}

	TraceStore(JdbcClient jdbc, GroupCommitter writer, JsonMapper json) {
		this(jdbc, jdbc, writer, json, false, null);
	}

	TraceStore(JdbcClient jdbc, GroupCommitter writer, JsonMapper json, DiskFloor floor) {
		this(jdbc, jdbc, writer, json, false, floor);
	}

	TraceStore(JdbcClient jdbc, JdbcClient counting, GroupCommitter writer, JsonMapper json, boolean shared) {
		this(jdbc, counting, writer, json, shared, null);
	}

	/**
	 * On a shared store the rows are counted in the background, from the first poll on: a count is a
	 * table scan, and a start must not wait on one, nor fail when it outlasts a read's timeout.
	 */
	private TraceStore(JdbcClient jdbc, JdbcClient counting, GroupCommitter writer, JsonMapper json, boolean shared,
			@Nullable DiskFloor floor) {
		this.floor = floor;
		this.jdbc = jdbc;
		this.writer = writer;
		this.gate = new WriteGate(writer);
		this.json = json;
		this.counts = new RowCounts(jdbc, counting, shared);
		this.feedbackLog = new FeedbackLog(jdbc, json, writer, counts);
		this.retention = new RetentionQueries(jdbc, writer, counts);
	}

	/**
	 * Stores a trace, returning once it is committed; returns false, storing nothing, when its id is taken.
	 * The trace of a router's refusal (its router record says {@code refused}) is marked so, and not counted.
	 */
	boolean insertTrace(TraceRecord t) {
		return insertTrace(t, null);
	}

	/** As {@link #insertTrace(TraceRecord)}, with the answer to the key its decision claimed in the same transaction. */
	public boolean insertTrace(TraceRecord t, IdempotencyKeys.@Nullable Answer answer) {
		boolean refused = Boolean.TRUE.equals(t.router().get("refused"));
		String candidates = write(t.candidates());
		String context = write(t.context());
		String psi = write(t.psi());
		String router = write(t.router());
		String timings = write(t.timings());
		int rows = writer.submit("trace", db -> {
			int inserted = db.sql("""
					INSERT INTO traces (trace_id, task_id, created_at_ms, state, provider, sku, candidates, context, psi,
					                    q_value, propensity, epsilon, exploration, score, score_source, router, timings, policy,
					                    refused)
					VALUES (:traceId, :taskId, :createdAt, :state, :provider, :sku, :candidates, :context, :psi,
					        :qValue, :propensity, :epsilon, :exploration, :score, :scoreSource, :router, :timings, :policy,
					        :refused)
					ON CONFLICT (trace_id) DO NOTHING
					""")
				.param("traceId", t.traceId()).param("taskId", t.taskId()).param("createdAt", t.createdAt().toEpochMilli())
				.param("state", t.state()).param("provider", t.provider()).param("sku", t.sku())
				.param("candidates", candidates).param("context", context).param("psi", psi)
				.param("qValue", t.qValue()).param("propensity", t.propensity()).param("epsilon", t.epsilon())
				.param("exploration", t.exploration()).param("score", t.score()).param("scoreSource", t.scoreSource())
				.param("router", router).param("timings", timings).param("policy", t.policy()).param("refused", refused ? 1 : 0)
				.update();
			if (inserted == 1 && answer != null) {
				IdempotencyKeys.answer(db, answer, t.traceId());
			}
			return inserted;
		}, inserted -> {
			if (inserted == 1 && !refused) {
				counts.addTraces(1);
			}
		}, GroupCommitter.NOTHING);
		return rows == 1;
	}

	/** Finds the trace that feedback refers to. */
	public Optional<StoredTrace> findTrace(String traceId) {
		return jdbc.sql("""
				SELECT trace_id, created_at_ms, state, provider, sku, candidates, context, psi, router, exploration
				FROM traces WHERE trace_id = :traceId
				""")
			.param("traceId", traceId)
			.query((rs, i) -> {
				Map<String, Object> router = json.readValue(rs.getString("router"), MAP);
				return new StoredTrace(rs.getString("trace_id"), Instant.ofEpochMilli(rs.getLong("created_at_ms")),
						rs.getString("state"), rs.getString("provider"), rs.getString("sku"),
						json.readValue(rs.getString("candidates"), LIST), json.readValue(rs.getString("context"), MAP),
						json.readValue(rs.getString("psi"), MAP), Boolean.TRUE.equals(router.get("shadow")),
						Boolean.FALSE.equals(router.get("first_choice")) ? null : "explore".equals(rs.getString("exploration")),
						Boolean.TRUE.equals(router.get("vouched")) || Boolean.TRUE.equals(router.get("placed")));
			})
			.optional();
	}

	/** The feedback already recorded for {@code traceId}, if any. */
	public Optional<RecordedFeedback> recordedFeedback(String traceId) {
		return feedbackLog.recorded(traceId);
	}

	/**
	 * Appends a feedback to the log under the next log number and returns once it is committed; returns
	 * false, storing nothing, when its trace already has one. {@code onLogged} receives the entry's
	 * log number after the commit, on the writer thread, before this method returns (or after, when the
	 * caller was given up on while the commit was under way); {@code afterBatch}
	 * runs once after every {@code onLogged} of the commit's batch (pass the same instance each time).
	 */
	boolean appendFeedback(FeedbackRecord f, LongConsumer onLogged, Runnable afterBatch) {
		return appendFeedback(f, true, onLogged, afterBatch);
	}

	/**
	 * Appends a feedback as {@link #appendFeedback(FeedbackRecord, LongConsumer, Runnable)} does;
	 * {@code received} false marks one the service logged itself (a router's refusal), which the
	 * feedback count leaves out.
	 */
	public boolean appendFeedback(FeedbackRecord f, boolean received, LongConsumer onLogged, Runnable afterBatch) {
		return feedbackLog.append(f, received, onLogged, afterBatch);
	}

	/** The feedback log's last number handed out (0 before the first entry). */
	public long logHead() {
		return feedbackLog.head();
	}

	/** Up to {@code limit} log entries after {@code seq}, joined with their traces, in log order. */
	public List<LoggedFeedback> logAfter(long seq, int limit) {
		return feedbackLog.after(seq, limit);
	}

	/**
	 * Like {@link #logAfter(long, int)}, through the store writer's own connection: only for the writer
	 * thread's after-commit actions, which must not wait for a pooled connection.
	 */
	public List<LoggedFeedback> logAfterOnWriterThread(long seq, int limit) {
		return feedbackLog.afterOnWriterThread(seq, limit);
	}

	/** The trace ids of the log entries numbered {@code from} to {@code to}, by number (entries retention deleted are absent). */
	public Map<Long, String> loggedTraceIds(long from, long to) {
		return feedbackLog.traceIds(from, to);
	}

	/**
	 * Up to {@code limit} decisions that have feedback logged before {@code beforeSeq}, newest first, for
	 * offline evaluation, which pages through the log with these so that only one page is parsed at once:
	 * at least one, and no more than begin within {@value FeedbackLog#EVALUATION_PAGE_BYTES} bytes of stored
	 * JSON, so that a page of long candidate lists is cut short rather than parsed whole.
	 */
	public List<EvaluationRow> evaluationPage(long beforeSeq, int limit) {
		return feedbackLog.evaluationPage(beforeSeq, limit);
	}

	/**
	 * Up to {@code limit} of the oldest traces created at or after {@code fromMs} and before
	 * {@code beforeMs} that have no feedback, oldest first. A read, outside the store's writer.
	 */
	public List<AgedTrace> tracesWithoutFeedback(long fromMs, long beforeMs, int limit) {
		return retention.tracesWithoutFeedback(fromMs, beforeMs, limit);
	}

	/** Deletes these traces, except any that has received feedback meanwhile; returns how many went. */
	public int deleteTracesWithoutFeedback(List<String> traceIds) {
		return retention.deleteTracesWithoutFeedback(traceIds);
	}

	/** The first {@code limit} feedback log entries numbered at most {@code throughSeq}, in log order. */
	public List<AgedTrace> oldestLogEntries(long throughSeq, int skip, int limit) {
		return retention.oldestLogEntries(throughSeq, skip, limit);
	}

	/** Deletes the feedback log entries of these traces and the traces; returns how many of each went. */
	public LogDeletion deleteLogEntries(List<String> traceIds) {
		return retention.deleteLogEntries(traceIds);
	}

	/** See {@link RowCounts#refreshIfDue}. */
	public void refreshCountsIfDue() {
		counts.refreshIfDue();
	}

	/** See {@link RowCounts#refresh}. */
	void refreshCounts() {
		counts.refresh();
	}

	/** Row counts, kept in memory and exact for this process's writes. */
	public StoreCounts counts() {
		return counts.get();
	}

	/**
	 * Refuses a write that is known to fail: the store is fenced ({@link #fence}), failed a commit under a second ago
	 * or one write is trying it again, a commit is stalled past the timeout, or the writer is stopped; after a failure
	 * longer ago, tries the store with a probe write first; or the SQLite store's volume is short of
	 * {@code STORE_MIN_FREE_MB}. A decision checks this before it asks the router to place anything.
	 * @throws StoreRefusingException saying why ({@link StoreShortOfSpaceException} for the volume)
	 * @throws org.springframework.dao.DataAccessException when the probe write failed
	 */
	public void requireWritable() {
		if (floor != null) {
			floor.require();
		}
		gate.require();
	}

	/**
	 * Refuses every write from now on, decisions before the router is asked and any write before its commit, with a
	 * 503 saying {@code reason}: for a replica that found its database is not the one it wrote to, which must
	 * acknowledge nothing more there until it restarts.
	 */
	public void fence(String reason) {
		writer.fence(reason);
	}

	/** Why decisions are refused for the SQLite volume's space ({@code STORE_MIN_FREE_MB}) now, or null. */
	public @Nullable String shortOfSpace() {
		return floor == null ? null : floor.shortage();
	}

	/**
	 * Whether the store takes writes now: its writer runs with no fault on its last outcome (readiness's
	 * test) and the database answers a trivial query.
	 */
	public boolean ping() {
		if (!writer.isRunning() || writer.health().fault() != null) {
			return false;
		}
		try {
			return jdbc.sql("SELECT 1").query(Integer.class).single() == 1;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private String write(Object value) {
		return json.writeValueAsString(value);
	}

}
