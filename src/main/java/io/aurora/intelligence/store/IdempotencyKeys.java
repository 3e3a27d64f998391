package io.aurora.intelligence.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Repository;

/**
 * The {@code Idempotency-Key}s of decisions: a key is claimed, durably, before the router is asked, and
 * answered in the transaction that stores the decision's trace, so that a repeat of the request (a
 * client that timed out and retries), on this replica or another, finds the claim instead of placing
 * the task again. A claim made before the given expiry instant counts as gone, and may be claimed anew.
 */
@Repository
public class IdempotencyKeys {

	/** How long a key is remembered. */
	public static final Duration KEPT = Duration.ofDays(1);

	/**
	 * On the shared store, a claim also counts as expired only by PostgreSQL's clock, so that a replica whose
	 * clock runs ahead cannot take over, or miss, a claim another replica still holds.
	 */
	private static final String SHARED_CUTOFF = "LEAST(:expiredBefore, " + SweepClock.POSTGRESQL_NOW_MS + " - :kept)";

	/** How many expired claims one transaction deletes, so that expiry never holds the writer for long. */
	static final int EXPIRY_CHUNK = 500;

	/** How often a claim is tried again when the claim it collided with went away before it could be read. */
	private static final int CLAIM_TRIES = 3;

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

	private final JdbcClient jdbc;

	private final GroupCommitter writer;

	private final boolean shared;

	/** The claim's SQL: stamped with the caller's time, or on the shared store with PostgreSQL's, returned. */
	private final String claimSql;

	/** The lookup's SQL: on the shared store with PostgreSQL's time beside the claim. */
	private final String findSql;

	@Autowired
	IdempotencyKeys(JdbcClient jdbc, GroupCommitter writer, StoreProperties properties) {
		this(jdbc, writer, properties.shared());
	}

	IdempotencyKeys(JdbcClient jdbc, GroupCommitter writer) {
		this(jdbc, writer, false);
	}

	IdempotencyKeys(JdbcClient jdbc, GroupCommitter writer, boolean shared) {
		this.jdbc = jdbc;
		this.writer = writer;
		this.shared = shared;
		// The instant before which a claim has expired: the caller's, or on the shared store the earlier one.
		String cutoff = shared ? SHARED_CUTOFF : ":expiredBefore";
		this.claimSql = """
				INSERT INTO idempotency_keys (idempotency_key, fingerprint, created_at_ms, bound_ms)
				VALUES (:key, :fingerprint, %s, :boundMs)
				ON CONFLICT (idempotency_key) DO UPDATE
				SET fingerprint = excluded.fingerprint, created_at_ms = excluded.created_at_ms, bound_ms = excluded.bound_ms,
				trace_id = NULL, answer = NULL
				WHERE idempotency_keys.created_at_ms < %s
				%s""".formatted(shared ? SweepClock.POSTGRESQL_NOW_MS : ":createdAt", cutoff, shared ? "RETURNING created_at_ms" : "");
		this.findSql = """
				SELECT fingerprint, created_at_ms, bound_ms, trace_id, answer, %s AS read_at_ms FROM idempotency_keys
				WHERE idempotency_key = :key AND created_at_ms >= %s
				""".formatted(shared ? SweepClock.POSTGRESQL_NOW_MS : "NULL", cutoff);
	}

	/**
	 * Whether every claim in the store was made by this process: the SQLite store, which one process holds at a
	 * time ({@link StoreOwner}), so a claim this process is not deciding now will never be answered.
	 */
	public boolean claimedOnlyHere() {
		return !shared;
	}

	/**
	 * Claims {@code key} for a request of {@code fingerprint}, committed before this returns: claimed by this call
	 * (over a claim made before {@code expiredBefore}, if any) at {@code now}, or on the shared store at PostgreSQL's
	 * time, so that every replica judges a claim's age by one clock; else held by the live claim that was there
	 * (answered or not). {@code bound} is how long the claiming decision may take, stored so that every replica
	 * judges the claim by it.
	 */
	public Claimed claim(String key, String fingerprint, Instant now, Instant expiredBefore, Duration bound) {
		for (int tries = 0; tries < CLAIM_TRIES; tries++) {
			AtomicLong stamped = new AtomicLong(now.toEpochMilli());
			int claimed = writer.submit("claim", db -> {
				StatementSpec insert = db.sql(claimSql).param("key", key).param("fingerprint", fingerprint).param("createdAt", now.toEpochMilli())
					.param("boundMs", bound.toMillis())
					.param("expiredBefore", expiredBefore.toEpochMilli()).param("kept", KEPT.toMillis());
				if (!shared) {
					return insert.update();
				}
				Optional<Long> at = insert.query(Long.class).optional();
				at.ifPresent(stamped::set);
				return at.isPresent() ? 1 : 0;
			}, rows -> {
			}, GroupCommitter.NOTHING);
			if (claimed == 1) {
				return new Claimed(Instant.ofEpochMilli(stamped.get()), null);
			}
			Optional<Claim> held = find(key, expiredBefore);
			if (held.isPresent()) {
				return new Claimed(null, held.get());
			}
			// The claim collided with was released (its request refused before routing) meanwhile: try again.
		}
		throw new ConcurrencyFailureException("Idempotency-Key '" + key.replace('\t', ' ') + "' was claimed and released " + CLAIM_TRIES
				+ " times while this request tried to claim it");
	}

	/**
	 * The live claim of {@code key}: one made at or after {@code expiredBefore}, if there is one, with, on the shared
	 * store, PostgreSQL's time as it was read.
	 */
	public Optional<Claim> find(String key, Instant expiredBefore) {
		return jdbc.sql(findSql).param("key", key).param("expiredBefore", expiredBefore.toEpochMilli()).param("kept", KEPT.toMillis())
			.query((rs, i) -> {
				long readAtMs = rs.getLong("read_at_ms");
				Instant readAt = rs.wasNull() ? null : Instant.ofEpochMilli(readAtMs);
				long boundMs = rs.getLong("bound_ms");
				Duration bound = rs.wasNull() ? null : Duration.ofMillis(boundMs);
				return new Claim(rs.getString("fingerprint"), Instant.ofEpochMilli(rs.getLong("created_at_ms")),
						rs.getString("trace_id"), rs.getString("answer"), readAt, bound);
			})
			.optional();
	}

	/**
	 * Stores the answer to the request that claimed the key, on the writer thread inside the transaction
	 * that stores its trace ({@link TraceStore#insertTrace(TraceRecord, Answer)}).
	 */
	static void answer(JdbcClient db, Answer answer, String traceId) {
		int rows = db.sql("""
				UPDATE idempotency_keys SET trace_id = :traceId, answer = :answer
				WHERE idempotency_key = :key AND created_at_ms = :claimedAt AND answer IS NULL
				""").param("traceId", traceId).param("answer", answer.json()).param("key", answer.key())
			.param("claimedAt", answer.claimedAt().toEpochMilli()).update();
		if (rows == 0) {
			log.warn("The claim of Idempotency-Key '{}' was gone or taken over when its decision ({}) was stored",
					answer.key().replace('\t', ' '), traceId);
		}
	}

	/**
	 * Gives up the claim of {@code key} made at {@code claimedAt} for {@code fingerprint} by a request that
	 * failed before the router was asked, so that it may be retried; another request's claim stays.
	 */
	public void release(String key, String fingerprint, Instant claimedAt) {
		writer.submit("release", db -> db.sql("""
				DELETE FROM idempotency_keys
				WHERE idempotency_key = :key AND fingerprint = :fingerprint AND created_at_ms = :claimedAt AND answer IS NULL
				""").param("key", key).param("fingerprint", fingerprint).param("claimedAt", claimedAt.toEpochMilli()).update(),
				rows -> {
				}, GroupCommitter.NOTHING);
	}

	/**
	 * Deletes the claims made before {@code before}, {@value #EXPIRY_CHUNK} to a transaction, so that other
	 * writes commit between the chunks; returns how many.
	 */
	public int expire(Instant before) {
		int total = 0;
		int deleted;
		do {
			deleted = writer.submitAlone("expiry", db -> db.sql("""
					DELETE FROM idempotency_keys WHERE created_at_ms < :before AND idempotency_key IN (
					    SELECT idempotency_key FROM idempotency_keys WHERE created_at_ms < :before
					    ORDER BY created_at_ms LIMIT :limit)
					""").param("before", before.toEpochMilli()).param("limit", EXPIRY_CHUNK).update(), rows -> {
					});
			total += deleted;
		}
		while (deleted == EXPIRY_CHUNK);
		return total;
	}

	/**
	 * A key's claim.
	 *
	 * @param fingerprint the claiming request's fingerprint
	 * @param createdAt when it was claimed
	 * @param traceId the decision's trace, once answered
	 * @param answer the decision's answer as JSON, once answered
	 * @param readAt on the shared store, PostgreSQL's time when the claim was read, to judge its age by; else null
	 * @param bound how long the claiming decision may take, as its replica was set; null for a claim stored without it
	 */
	public record Claim(String fingerprint, Instant createdAt, @Nullable String traceId, @Nullable String answer,
			@Nullable Instant readAt, @Nullable Duration bound) {
	}

	/**
	 * What claiming a key came to.
	 *
	 * @param at when this call claimed the key (the store's time on the shared store), or null
	 * @param held the live claim another request holds, when this call did not claim it
	 */
	public record Claimed(@Nullable Instant at, @Nullable Claim held) {
	}

	/**
	 * The answer to a keyed decision, stored with its trace.
	 *
	 * @param key the claimed key
	 * @param claimedAt when the decision claimed it, so that only its own claim is answered
	 * @param json the answer's body
	 */
	public record Answer(String key, Instant claimedAt, String json) {
	}

}
