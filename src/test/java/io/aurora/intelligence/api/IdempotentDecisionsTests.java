package io.aurora.intelligence.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.aurora.intelligence.store.IdempotencyKeys;
import io.aurora.intelligence.store.StoreRefusingException;
import io.aurora.intelligence.store.SweepClock;
import io.aurora.intelligence.telemetry.Telemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Where this process makes every claim (SQLite): an unanswered claim is in progress exactly while a request here
 * holds it or its answer may still commit, else never answered; one that placed nothing is freed by the next repeat.
 */
class IdempotentDecisionsTests {

	private static final Instant CLAIMED = Instant.parse("2026-12-03T10:00:00Z");

	private static final IdempotencyKeys.Claim UNANSWERED = new IdempotencyKeys.Claim("f", CLAIMED, null, null, null, null);

	private final IdempotencyKeys keys = mock(IdempotencyKeys.class);

	private final IdempotentDecisions decisions;

	IdempotentDecisionsTests() {
		given(keys.claimedOnlyHere()).willReturn(true);
		decisions = new IdempotentDecisions(keys, JsonMapper.builder().build(), Clock.systemUTC(),
				SweepClock.following(Clock.systemUTC()), new Telemetry(new SimpleMeterRegistry(),
						new DefaultListableBeanFactory().getBeanProvider(PrometheusRegistry.class)), new MockEnvironment());
	}

	@Test
	void aRepeatWaitsWhileTheFirstHoldsItsKeyAndIsToldNeverAnsweredOnceItLetsGo() {
		IdempotentDecisions.Claim first = decisions.claimOf("k", true, "f");
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willReturn(new IdempotencyKeys.Claimed(CLAIMED, null));
		assertThat(first.take()).as("claimed").isEmpty();
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willReturn(new IdempotencyKeys.Claimed(null, UNANSWERED));
		given(keys.find(eq("k"), any())).willReturn(Optional.of(UNANSWERED));
		assertThat(title(decisions.claimOf("k", true, "f").take())).isEqualTo("Request in progress");
		assertThat(title(decisions.claimOf("k", true, "f").existing())).as("read only, while the store refuses writes")
			.isEqualTo("Request in progress");
		first.finish();
		assertThat(title(decisions.claimOf("k", true, "f").take())).isEqualTo("Request never answered");
		assertThat(title(decisions.claimOf("k", true, "f").existing())).isEqualTo("Request never answered");
	}

	@Test
	void aClaimTheStoreFailsIsARefusalThatPlacedNothingAndLeavesTheKeyToTheNextRepeat() {
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willThrow(new DataAccessResourceFailureException("[SQLITE_FULL]"));
		assertThatThrownBy(() -> decisions.claimOf("k", true, "f").take()).as("503 store-refusing-writes: nothing was placed")
			.isInstanceOf(StoreRefusingException.class)
			.hasMessageContaining("before the router was asked")
			.hasRootCauseMessage("[SQLITE_FULL]");
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willReturn(new IdempotencyKeys.Claimed(CLAIMED, null));
		assertThat(decisions.claimOf("k", true, "f").take()).as("not held by the failed request").isEmpty();
	}

	@Test
	void aRepeatOfAKeyAnsweredSinceItsClaimWasReadGetsTheAnswer() {
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willReturn(new IdempotencyKeys.Claimed(null, UNANSWERED));
		given(keys.find(eq("k"), any()))
			.willReturn(Optional.of(new IdempotencyKeys.Claim("f", CLAIMED, "tr_1", "{\"trace_id\":\"tr_1\"}", null, null)));
		ResponseEntity<?> replayed = decisions.claimOf("k", true, "f").take().orElseThrow();
		assertThat(replayed.getStatusCode().value()).isEqualTo(200);
		assertThat(replayed.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
	}

	@Test
	void aRepeatWaitsForTheBoundWhenTheFirstsTraceMayStillCommit() {
		IdempotentDecisions.Claim first = decisions.claimOf("k", true, "f");
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willReturn(new IdempotencyKeys.Claimed(CLAIMED, null));
		first.take();
		first.uncertain();
		first.finish();
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willReturn(new IdempotencyKeys.Claimed(null, UNANSWERED));
		given(keys.find(eq("k"), any())).willReturn(Optional.of(UNANSWERED));
		assertThat(title(decisions.claimOf("k", true, "f").take())).isEqualTo("Request in progress");
	}

	@Test
	void aClaimThatPlacedNothingAndWasNotReleasedIsFreedByTheNextRepeat() {
		IdempotentDecisions.Claim first = decisions.claimOf("k", true, "f");
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willReturn(new IdempotencyKeys.Claimed(CLAIMED, null));
		first.take();
		willThrow(new DataAccessResourceFailureException("disk I/O error")).given(keys).release(anyString(), anyString(), any());
		first.release();
		first.finish();
		given(keys.claim(eq("k"), eq("f"), any(), any(), any())).willReturn(new IdempotencyKeys.Claimed(null, UNANSWERED));
		given(keys.find(eq("k"), any())).willReturn(Optional.of(UNANSWERED));
		willThrow(new DataAccessResourceFailureException("disk I/O error")).willDoNothing().given(keys)
			.release(anyString(), anyString(), any());
		assertThat(title(decisions.claimOf("k", true, "f").take())).as("the store still refuses: not 'never answered'")
			.isEqualTo("Request in progress");
		assertThat(title(decisions.claimOf("k", true, "f").take())).as("released now; the retry decides anew")
			.isEqualTo("Request in progress");
		verify(keys, times(3)).release("k", "f", CLAIMED);
		assertThat(title(decisions.claimOf("k", true, "f").take())).as("once released, it is forgotten here")
			.isEqualTo("Request never answered");
	}

	@Test
	void onASharedStoreAnUnansweredClaimIsJudgedByTheBoundItsReplicaStored() {
		IdempotencyKeys shared = mock(IdempotencyKeys.class);
		given(shared.claimedOnlyHere()).willReturn(false);
		IdempotentDecisions replica = new IdempotentDecisions(shared, JsonMapper.builder().build(), Clock.systemUTC(),
				SweepClock.following(Clock.systemUTC()), new Telemetry(new SimpleMeterRegistry(),
						new DefaultListableBeanFactory().getBeanProvider(PrometheusRegistry.class)), new MockEnvironment());
		Instant read = CLAIMED.plus(Duration.ofMinutes(1));
		for (Duration bound : new Duration[] { Duration.ofMinutes(2), Duration.ofSeconds(30), null }) {
			given(shared.claim(eq("k"), eq("f"), any(), any(), any()))
				.willReturn(new IdempotencyKeys.Claimed(null, new IdempotencyKeys.Claim("f", CLAIMED, null, null, read, bound)));
			assertThat(title(replica.claimOf("k", true, "f").take())).as("a minute after a claim bound to %s", bound)
				.isEqualTo(Duration.ofMinutes(2).equals(bound) ? "Request in progress" : "Request never answered");
		}
	}

	private static String title(Optional<ResponseEntity<?>> answer) {
		return ((ProblemDetail) answer.orElseThrow().getBody()).getTitle();
	}

}
