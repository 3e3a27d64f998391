package io.aurora.intelligence.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Claiming, answering, releasing and expiring Idempotency-Keys, on both stores. */
class IdempotencyKeysTests extends AbstractStoreQueriesTests {

	private static final Instant NEVER = Instant.ofEpochMilli(0);

	private static final Duration BOUND = Duration.ofSeconds(71);

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aKeyIsClaimedOnceAnsweredWithItsTraceThenExpiredAfterItsTime(String vendor) {
		TraceStore store = open(vendor);
		IdempotencyKeys keys = new IdempotencyKeys(jdbc, writer);
		Instant at = Instant.ofEpochMilli(OLD);
		assertThat(held(keys.claim("k1", "f1", at, NEVER, BOUND))).as("claimed by this call").isEmpty();
		assertThat(held(keys.claim("k1", "f2", at, NEVER, BOUND))).hasValueSatisfying(claim -> {
			assertThat(claim.fingerprint()).isEqualTo("f1");
			assertThat(claim.answer()).isNull();
			assertThat(claim.bound()).as("the claiming decision's bound, for every replica to judge it by").isEqualTo(BOUND);
		});
		assertThat(store.insertTrace(trace("tr_0", OLD), new IdempotencyKeys.Answer("k1", at.plusMillis(1), "{\"trace_id\":\"tr_0\"}")))
			.isTrue();
		assertThat(keys.find("k1", NEVER).orElseThrow().answer()).as("another claim's answer").isNull();
		assertThat(store.insertTrace(trace("tr_1", OLD), new IdempotencyKeys.Answer("k1", at, "{\"trace_id\":\"tr_1\"}"))).isTrue();
		keys.release("k1", "f1", at);
		assertThat(keys.find("k1", NEVER)).as("an answered claim is not released").hasValueSatisfying(claim -> {
			assertThat(claim.traceId()).isEqualTo("tr_1");
			assertThat(claim.answer()).isEqualTo("{\"trace_id\":\"tr_1\"}");
		});
		assertThat(store.insertTrace(trace("tr_1", OLD), new IdempotencyKeys.Answer("k1", at, "{\"trace_id\":\"other\"}")))
			.as("an id taken: neither the trace nor the answer").isFalse();
		assertThat(keys.find("k1", NEVER).orElseThrow().answer()).isEqualTo("{\"trace_id\":\"tr_1\"}");
		assertThat(held(keys.claim("k2", "f", Instant.ofEpochMilli(NEW), NEVER, BOUND))).isEmpty();
		keys.release("k2", "another", Instant.ofEpochMilli(NEW));
		assertThat(keys.find("k2", NEVER)).as("another request's claim is not released").isPresent();
		keys.release("k2", "f", Instant.ofEpochMilli(NEW));
		assertThat(keys.find("k2", NEVER)).as("an unanswered claim is").isEmpty();
		assertThat(held(keys.claim("k3", "f", Instant.ofEpochMilli(NEW), NEVER, BOUND))).isEmpty();
		assertThat(keys.expire(Instant.ofEpochMilli(CUTOFF))).isEqualTo(1);
		assertThat(keys.find("k1", NEVER)).isEmpty();
		assertThat(keys.find("k3", NEVER)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aKeyIsRememberedForADayAndThenClaimedAnew(String vendor) {
		open(vendor);
		IdempotencyKeys keys = new IdempotencyKeys(jdbc, writer);
		Instant now = Instant.now();
		Instant expiredBefore = now.minus(IdempotencyKeys.KEPT);
		assertThat(held(keys.claim("day-old", "f", now.minus(Duration.ofHours(23)), expiredBefore, BOUND))).isEmpty();
		assertThat(held(keys.claim("older", "f", now.minus(Duration.ofHours(25)), expiredBefore, BOUND))).isEmpty();
		assertThat(held(keys.claim("day-old", "f", now, expiredBefore, BOUND))).as("a repeat 23 hours later finds the claim").isPresent();
		assertThat(keys.find("older", expiredBefore)).as("25 hours later it is forgotten").isEmpty();
		assertThat(held(keys.claim("older", "f", now, expiredBefore, BOUND))).as("and a repeat is a new decision").isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aClaimPastItsTimeIsGoneBeforeExpiryDeletesIt(String vendor) {
		open(vendor);
		IdempotencyKeys keys = new IdempotencyKeys(jdbc, writer);
		Instant cutoff = Instant.ofEpochMilli(CUTOFF);
		assertThat(held(keys.claim("k1", "f1", Instant.ofEpochMilli(OLD), NEVER, BOUND))).isEmpty();
		assertThat(keys.find("k1", cutoff)).as("claimed before the cutoff").isEmpty();
		Duration longer = BOUND.multipliedBy(2);
		assertThat(held(keys.claim("k1", "f2", Instant.ofEpochMilli(NEW), cutoff, longer))).as("claimed anew, another body or not").isEmpty();
		assertThat(keys.find("k1", cutoff)).hasValueSatisfying(claim -> {
			assertThat(claim.fingerprint()).isEqualTo("f2");
			assertThat(claim.createdAt()).isEqualTo(Instant.ofEpochMilli(NEW));
			assertThat(claim.bound()).as("the new claim's bound, not the old one's").isEqualTo(longer);
		});
		assertThat(held(keys.claim("k1", "f3", Instant.ofEpochMilli(NEW), cutoff, BOUND))).as("a live claim stays")
			.hasValueSatisfying(claim -> assertThat(claim.fingerprint()).isEqualTo("f2"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void expiryDeletesInChunksUntilNoneIsLeft(String vendor) {
		open(vendor);
		IdempotencyKeys keys = new IdempotencyKeys(jdbc, writer);
		int old = 2 * IdempotencyKeys.EXPIRY_CHUNK + 7;
		jdbc.sql("""
				INSERT INTO idempotency_keys (idempotency_key, fingerprint, created_at_ms)
				WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
				SELECT 'old-' || i, 'f', :at + i FROM n
				""").param("count", old).param("at", OLD).update();
		keys.claim("new", "f", Instant.ofEpochMilli(NEW), NEVER, BOUND);
		assertThat(keys.expire(Instant.ofEpochMilli(CUTOFF))).isEqualTo(old);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM idempotency_keys").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void onTheSharedStoreAReplicaWhoseClockIsADayAheadNeitherTakesOverNorMissesALiveClaim() {
		open("postgresql");
		IdempotencyKeys keys = new IdempotencyKeys(jdbc, writer, true);
		Instant now = Instant.now();
		assertThat(held(keys.claim("k1", "f1", now, now.minus(IdempotencyKeys.KEPT), BOUND))).isEmpty();
		Instant ahead = now.plus(Duration.ofDays(2));
		assertThat(keys.find("k1", ahead.minus(IdempotencyKeys.KEPT))).as("still live by PostgreSQL's clock").isPresent();
		assertThat(held(keys.claim("k1", "f2", ahead, ahead.minus(IdempotencyKeys.KEPT), BOUND)))
			.hasValueSatisfying(claim -> assertThat(claim.fingerprint()).isEqualTo("f1"));
		assertThat(held(new IdempotencyKeys(jdbc, writer).claim("k1", "f2", ahead, ahead.minus(IdempotencyKeys.KEPT), BOUND)))
			.as("by the caller's clock alone, as on SQLite, it has expired").isEmpty();
	}

	@Test
	void onTheSharedStoreAClaimIsStampedAndReadByPostgresqlsClockWhateverTheReplicasClockSays() {
		open("postgresql");
		IdempotencyKeys keys = new IdempotencyKeys(jdbc, writer, true);
		Instant behind = Instant.now().minus(Duration.ofMinutes(10));
		IdempotencyKeys.Claimed claimed = keys.claim("k1", "f1", behind, behind.minus(IdempotencyKeys.KEPT), BOUND);
		Instant postgresNow = Instant.ofEpochMilli(jdbc.sql("SELECT " + SweepClock.POSTGRESQL_NOW_MS).query(Long.class).single());
		assertThat(claimed.held()).isNull();
		assertThat(claimed.at()).as("PostgreSQL's time, not the replica's ten minutes behind")
			.isBetween(postgresNow.minusSeconds(5), postgresNow);
		IdempotencyKeys.Claim held = keys.claim("k1", "f1", behind, behind.minus(IdempotencyKeys.KEPT), BOUND).held();
		assertThat(held).isNotNull();
		assertThat(held.createdAt()).isEqualTo(claimed.at());
		assertThat(held.readAt()).as("read with PostgreSQL's time, to judge its age by").isAfterOrEqualTo(claimed.at())
			.isBefore(claimed.at().plusSeconds(5));
		assertThat(new IdempotencyKeys(jdbc, writer).find("k1", NEVER).orElseThrow().readAt()).as("not on SQLite's path").isNull();
	}

	private static Optional<IdempotencyKeys.Claim> held(IdempotencyKeys.Claimed claimed) {
		assertThat(claimed.at() == null).as("either claimed now or held by another").isEqualTo(claimed.held() != null);
		return Optional.ofNullable(claimed.held());
	}

}
