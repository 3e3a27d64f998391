package io.aurora.intelligence.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The feedback log's own queries behind {@link TraceStore}: appending an entry under the next gap-free
 * log number, and reading entries joined with their traces, after a number to replay them and before
 * one, a page at a time, for offline evaluation.
 */
final class FeedbackLog {

	/** The stored JSON, in bytes, that one page of the evaluation log may begin within. */
	static final long EVALUATION_PAGE_BYTES = 8L << 20;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final GroupCommitter writer;

	/** The row counts that {@code /status} and the gauges show, moved by each entry received. */
	private final RowCounts counts;

	FeedbackLog(JdbcClient jdbc, JsonMapper json, GroupCommitter writer, RowCounts counts) {
		this.jdbc = jdbc;
		this.json = json;
		this.writer = writer;
		this.counts = counts;
	}

	/**
	 * Appends a feedback as {@link TraceStore#appendFeedback(FeedbackRecord, boolean, LongConsumer, Runnable)}
	 * does: the log number is taken from {@code log_head} in the entry's own commit, and handed back there
	 * when the trace already has an entry, so that the numbers stay gap-free.
	 */
	boolean append(FeedbackRecord f, boolean received, LongConsumer onLogged, Runnable afterBatch) {
		String outcome = json.writeValueAsString(f.outcome());
		String components = json.writeValueAsString(f.components());
		long[] seq = new long[1];
		int rows = writer.submit("feedback", db -> {
			seq[0] = db.sql("UPDATE log_head SET seq = seq + 1 WHERE id = 1 RETURNING seq").query(Long.class).single();
			int inserted = db.sql("""
					INSERT INTO feedback (seq, trace_id, received_at_ms, outcome, reward, components, next_state,
					                      next_coherence, next_density, ran_provider, ran_sku, ran_propensity)
					VALUES (:seq, :traceId, :receivedAt, :outcome, :reward, :components, :nextState, :nextCoherence,
					        :nextDensity, :ranProvider, :ranSku, :ranPropensity)
					ON CONFLICT (trace_id) DO NOTHING
					""")
				.param("seq", seq[0]).param("traceId", f.traceId()).param("receivedAt", f.receivedAt().toEpochMilli())
				.param("outcome", outcome).param("reward", f.reward())
				.param("components", components).param("nextState", f.nextState())
				.param("nextCoherence", f.nextCoherence()).param("nextDensity", f.nextDensity())
				.param("ranProvider", f.ranProvider()).param("ranSku", f.ranSku())
				.param("ranPropensity", f.ranPropensity(), Types.DOUBLE)
				.update();
			if (inserted == 0) {
				db.sql("UPDATE log_head SET seq = seq - 1 WHERE id = 1").update();
			}
			return inserted;
		}, inserted -> {
			if (inserted == 1) {
				if (received) {
					counts.addFeedback(1);
				}
				onLogged.accept(seq[0]);
			}
		}, afterBatch);
		return rows == 1;
	}

	/** The log's last number handed out (0 before the first entry). */
	long head() {
		return jdbc.sql("SELECT seq FROM log_head WHERE id = 1").query(Long.class).optional().orElse(0L);
	}

	/** Up to {@code limit} log entries after {@code seq}, joined with their traces, in log order. */
	List<LoggedFeedback> after(long seq, int limit) {
		return after(jdbc, seq, limit);
	}

	/** Like {@link #after(long, int)}, through the store writer's own connection, for the writer thread only. */
	List<LoggedFeedback> afterOnWriterThread(long seq, int limit) {
		return after(writer.writerConnection(), seq, limit);
	}

	/** The trace ids of the log entries numbered {@code from} to {@code to}, by number (entries retention deleted are absent). */
	Map<Long, String> traceIds(long from, long to) {
		Map<Long, String> ids = new HashMap<>();
		jdbc.sql("SELECT seq, trace_id FROM feedback WHERE seq BETWEEN :from AND :to")
			.param("from", from).param("to", to)
			.query((RowCallbackHandler) rs -> ids.put(rs.getLong("seq"), rs.getString("trace_id")));
		return ids;
	}

	/** The feedback recorded for {@code traceId}, if any: when it came, its outcome as received and its reward. */
	Optional<RecordedFeedback> recorded(String traceId) {
		return jdbc.sql("""
				SELECT received_at_ms, outcome, reward, ran_provider, ran_sku, ran_propensity FROM feedback
				WHERE trace_id = :traceId
				""")
			.param("traceId", traceId)
			.query((rs, i) -> new RecordedFeedback(Instant.ofEpochMilli(rs.getLong("received_at_ms")),
					json.readValue(rs.getString("outcome"), TraceStore.MAP), rs.getDouble("reward"),
					ran(rs.getString("ran_provider"), rs.getString("ran_sku"), nullableDouble(rs, "ran_propensity"))))
			.optional();
	}

	/** A column of numbers that may hold null, read as null then. */
	static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	/** A recorded {@code ran}, as a repeat is shown it, or null when the feedback named none. */
	private static @Nullable Map<String, Object> ran(@Nullable String provider, @Nullable String sku,
			@Nullable Double propensity) {
		if (provider == null || sku == null) {
			return null;
		}
		Map<String, Object> ran = new LinkedHashMap<>();
		ran.put("provider", provider);
		ran.put("sku", sku);
		if (propensity != null) {
			ran.put("propensity", propensity);
		}
		return ran;
	}

	private List<LoggedFeedback> after(JdbcClient db, long seq, int limit) {
		return db.sql("""
				SELECT f.seq, COALESCE(f.ran_provider, t.provider) AS provider, COALESCE(f.ran_sku, t.sku) AS sku, f.reward,
				       f.components, f.outcome, t.refused, t.candidates, t.context, t.psi, f.next_coherence, f.next_density,
				       f.trace_id
				FROM feedback f JOIN traces t ON t.trace_id = f.trace_id
				WHERE f.seq > :seq
				ORDER BY f.seq
				LIMIT :limit
				""")
			.param("seq", seq).param("limit", limit)
			.query((rs, i) -> new LoggedFeedback(rs.getLong("seq"), rs.getString("provider"), rs.getString("sku"),
					rs.getDouble("reward"), json.readValue(rs.getString("components"), TraceStore.MAP),
					json.readValue(rs.getString("outcome"), TraceStore.MAP), rs.getInt("refused") == 1,
					json.readValue(rs.getString("candidates"), TraceStore.LIST),
					json.readValue(rs.getString("context"), TraceStore.MAP),
					json.readValue(rs.getString("psi"), TraceStore.MAP),
					rs.getObject("next_coherence", Double.class), rs.getObject("next_density", Double.class),
					rs.getString("trace_id")))
			.list();
	}

	/**
	 * A page of the evaluation log, as {@link TraceStore#evaluationPage} describes. The sizes are read first
	 * ({@code octet_length} reads a value's length, not the value), then only the rows that fit, by log
	 * number, so an entry logged between the two reads is not among them.
	 */
	List<EvaluationRow> evaluationPage(long beforeSeq, int limit) {
		List<long[]> sizes = jdbc.sql("""
				SELECT f.seq, octet_length(t.candidates) + octet_length(t.context) + octet_length(t.psi)
				              + octet_length(t.router) + octet_length(f.components) + octet_length(f.outcome) AS size
				FROM (SELECT seq FROM feedback WHERE seq < :before ORDER BY seq DESC LIMIT :limit) newest
				JOIN feedback f ON f.seq = newest.seq
				JOIN traces t ON t.trace_id = f.trace_id
				ORDER BY f.seq DESC
				""")
			.param("before", beforeSeq).param("limit", limit)
			.query((rs, i) -> new long[] { rs.getLong("seq"), rs.getLong("size") })
			.list();
		if (sizes.isEmpty()) {
			return List.of();
		}
		long through = sizes.get(0)[0];
		long from = through;
		long bytes = 0;
		for (long[] row : sizes) {
			if (bytes >= EVALUATION_PAGE_BYTES) {
				break;
			}
			from = row[0];
			bytes += row[1];
		}
		return jdbc.sql("""
				SELECT f.seq, t.context, t.psi, t.candidates, t.provider, t.sku, t.propensity, t.router, t.policy,
				       t.epsilon, t.refused, f.reward, f.components, f.outcome, f.received_at_ms, f.ran_provider, f.ran_sku,
				       f.ran_propensity, t.exploration
				FROM feedback f JOIN traces t ON t.trace_id = f.trace_id
				WHERE f.seq >= :from AND f.seq <= :through
				ORDER BY f.seq DESC
				""")
			.param("from", from).param("through", through)
			.query((rs, i) -> new EvaluationRow(rs.getLong("seq"), json.readValue(rs.getString("context"), TraceStore.MAP),
					json.readValue(rs.getString("psi"), TraceStore.MAP),
					json.readValue(rs.getString("candidates"), TraceStore.LIST), rs.getString("provider"), rs.getString("sku"),
					rs.getDouble("propensity"), rs.getDouble("reward"),
					json.readValue(rs.getString("components"), TraceStore.MAP),
					json.readValue(rs.getString("outcome"), TraceStore.MAP), rs.getInt("refused") == 1,
					json.readValue(rs.getString("router"), TraceStore.MAP), rs.getString("policy"), rs.getDouble("epsilon"),
					rs.getLong("received_at_ms"), rs.getString("ran_provider"), rs.getString("ran_sku"),
					nullableDouble(rs, "ran_propensity"), "explore".equals(rs.getString("exploration"))))
			.list();
	}

}
