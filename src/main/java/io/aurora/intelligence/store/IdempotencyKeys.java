package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code Idempotency-Key}s of decisions: a key is claimed, durably, before the router is asked, and
 * answered once the decision is traced, so that a repeat of the request (a client that timed out and
 * retries), on this replica or another, finds the claim instead of placing the task again.
 */
@Repository
public class IdempotencyKeys {

	private final JdbcClient jdbc;

	private final GroupCommitter writer;

	IdempotencyKeys(JdbcClient jdbc, GroupCommitter writer) {
		this.jdbc = jdbc;
		this.writer = writer;
	}

	/**
	 * Claims {@code key} for a request of {@code fingerprint}, committed before this returns; empty when
	 * this call made the claim, else the claim that was there (answered or not).
	 */
	public Optional<Claim> claim(String key, String fingerprint, Instant now) {
		int inserted = writer.submit(db -> db.sql("""
				INSERT INTO idempotency_keys (idempotency_key, fingerprint, created_at_ms)
				VALUES (:key, :fingerprint, :createdAt)
				ON CONFLICT (idempotency_key) DO NOTHING
				""").param("key", key).param("fingerprint", fingerprint).param("createdAt", now.toEpochMilli()).update(),
				rows -> {
				}, GroupCommitter.NOTHING);
		return inserted == 1 ? Optional.empty() : find(key);
	}

	/** The claim of {@code key}, if there is one. */
	public Optional<Claim> find(String key) {
		return jdbc.sql("SELECT fingerprint, created_at_ms, trace_id, answer FROM idempotency_keys WHERE idempotency_key = :key")
			.param("key", key)
			.query((rs, i) -> new Claim(rs.getString("fingerprint"), Instant.ofEpochMilli(rs.getLong("created_at_ms")),
					rs.getString("trace_id"), rs.getString("answer")))
			.optional();
	}

	/** Stores the answer to the request that claimed {@code key}, committed before this returns. */
	public void answer(String key, String traceId, String answer) {
		writer.submit(db -> db.sql("UPDATE idempotency_keys SET trace_id = :traceId, answer = :answer WHERE idempotency_key = :key")
			.param("traceId", traceId).param("answer", answer).param("key", key).update(), rows -> {
			}, GroupCommitter.NOTHING);
	}

	/** Gives up the claim of {@code key} by a request that failed before the router was asked, so that it may be retried. */
	public void release(String key) {
		writer.submit(db -> db.sql("DELETE FROM idempotency_keys WHERE idempotency_key = :key AND answer IS NULL")
			.param("key", key).update(), rows -> {
			}, GroupCommitter.NOTHING);
	}

	/** Deletes the claims made before {@code before}; returns how many. */
	public int expire(Instant before) {
		return writer.submitAlone(db -> db.sql("DELETE FROM idempotency_keys WHERE created_at_ms < :before")
			.param("before", before.toEpochMilli()).update(), rows -> {
			});
	}

	/**
	 * A key's claim.
	 *
	 * @param fingerprint the claiming request's fingerprint
	 * @param createdAt when it was claimed
	 * @param traceId the decision's trace, once answered
	 * @param answer the decision's answer as JSON, once answered
	 */
	public record Claim(String fingerprint, Instant createdAt, @Nullable String traceId, @Nullable String answer) {
	}

}
