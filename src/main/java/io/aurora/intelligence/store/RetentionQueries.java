package io.aurora.intelligence.store;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Retention's queries on the trace store: the reads that find what has aged out, outside the store's
 * writer, and the deletes, each in a commit of its own between the writer's batches, keeping the row
 * counts exact.
 */
final class RetentionQueries {

	private final JdbcClient jdbc;

	private final GroupCommitter writer;

	private final RowCounts counts;

	RetentionQueries(JdbcClient jdbc, GroupCommitter writer, RowCounts counts) {
		this.jdbc = jdbc;
		this.writer = writer;
		this.counts = counts;
	}

	/**
	 * Up to {@code limit} of the oldest traces created at or after {@code fromMs} and before
	 * {@code beforeMs} that have no feedback, oldest first. A read, outside the store's writer.
	 */
	List<AgedTrace> tracesWithoutFeedback(long fromMs, long beforeMs, int limit) {
		return jdbc.sql("""
				SELECT t.trace_id, t.created_at_ms FROM traces t
				WHERE t.created_at_ms >= :from AND t.created_at_ms < :before
				  AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.trace_id = t.trace_id)
				ORDER BY t.created_at_ms
				LIMIT :limit
				""")
			.param("from", fromMs).param("before", beforeMs).param("limit", limit)
			.query((rs, i) -> new AgedTrace(rs.getString("trace_id"), rs.getLong("created_at_ms")))
			.list();
	}

	/**
	 * Deletes these traces, except any that has received feedback meanwhile, in a commit of its own
	 * between the writer's batches; returns how many went.
	 */
	int deleteTracesWithoutFeedback(List<String> traceIds) {
		if (traceIds.isEmpty()) {
			return 0;
		}
		int[] counted = new int[1];
		return writer.submitAlone("retention", db -> {
			List<Integer> refused = db.sql("""
					DELETE FROM traces
					WHERE trace_id IN (:ids) AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.trace_id = traces.trace_id)
					RETURNING refused
					""").param("ids", traceIds).query(Integer.class).list();
			counted[0] = askedFor(refused);
			return refused.size();
		}, deleted -> counts.addTraces(-counted[0]));
	}

	/**
	 * The first {@code limit} feedback log entries numbered at most {@code throughSeq}, in log order,
	 * with their trace ids and times of receipt. A read, outside the store's writer.
	 */
	List<AgedTrace> oldestLogEntries(long throughSeq, int skip, int limit) {
		return jdbc.sql("SELECT trace_id, received_at_ms FROM feedback WHERE seq <= :through ORDER BY seq LIMIT :limit OFFSET :skip")
			.param("through", throughSeq).param("limit", limit).param("skip", skip)
			.query((rs, i) -> new AgedTrace(rs.getString("trace_id"), rs.getLong("received_at_ms")))
			.list();
	}

	/**
	 * Deletes the feedback log entries of these traces and the traces, in a commit of its own between
	 * the writer's batches; returns how many of each went.
	 */
	LogDeletion deleteLogEntries(List<String> traceIds) {
		if (traceIds.isEmpty()) {
			return new LogDeletion(0, 0);
		}
		int[] counted = new int[2];
		int entries = writer.submitAlone("retention", db -> {
			int deleted = db.sql("DELETE FROM feedback WHERE trace_id IN (:ids)").param("ids", traceIds).update();
			List<Integer> refused = db.sql("DELETE FROM traces WHERE trace_id IN (:ids) RETURNING refused")
				.param("ids", traceIds).query(Integer.class).list();
			counted[0] = askedFor(refused);
			counted[1] = refused.size();
			return deleted;
		}, deleted -> {
			counts.addFeedback(-counted[0]);
			counts.addTraces(-counted[0]);
		});
		return new LogDeletion(entries, counted[1]);
	}

	/** How many of the deleted traces, by their {@code refused} flags, were decisions a caller asked for. */
	private static int askedFor(List<Integer> refusedFlags) {
		return (int) refusedFlags.stream().filter(refused -> refused == 0).count();
	}

}
