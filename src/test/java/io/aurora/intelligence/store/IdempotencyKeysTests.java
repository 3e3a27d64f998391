package io.aurora.intelligence.store;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Claiming, answering, releasing and expiring Idempotency-Keys, on both stores. */
class IdempotencyKeysTests extends AbstractStoreQueriesTests {

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aKeyIsClaimedOnceAnsweredThenExpiredAfterItsTime(String vendor) {
		open(vendor);
		IdempotencyKeys keys = new IdempotencyKeys(jdbc, writer);
		Instant at = Instant.ofEpochMilli(OLD);
		assertThat(keys.claim("k1", "f1", at)).as("claimed by this call").isEmpty();
		assertThat(keys.claim("k1", "f2", at)).hasValueSatisfying(claim -> {
			assertThat(claim.fingerprint()).isEqualTo("f1");
			assertThat(claim.answer()).isNull();
		});
		keys.answer("k1", "tr_1", "{\"trace_id\":\"tr_1\"}");
		keys.release("k1");
		assertThat(keys.find("k1")).as("an answered claim is not released").hasValueSatisfying(claim -> {
			assertThat(claim.traceId()).isEqualTo("tr_1");
			assertThat(claim.answer()).isEqualTo("{\"trace_id\":\"tr_1\"}");
		});
		assertThat(keys.claim("k2", "f", Instant.ofEpochMilli(NEW))).isEmpty();
		keys.release("k2");
		assertThat(keys.find("k2")).as("an unanswered claim is").isEmpty();
		assertThat(keys.claim("k3", "f", Instant.ofEpochMilli(NEW))).isEmpty();
		assertThat(keys.expire(Instant.ofEpochMilli(CUTOFF))).isEqualTo(1);
		assertThat(keys.find("k1")).isEmpty();
		assertThat(keys.find("k3")).isPresent();
	}

}
