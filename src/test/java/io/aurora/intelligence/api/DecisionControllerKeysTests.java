package io.aurora.intelligence.api;

import java.util.Optional;

import io.aurora.intelligence.executor.Execution;
import io.aurora.intelligence.store.CommitUncertainException;
import io.aurora.intelligence.store.StoreRefusingException;
import io.aurora.intelligence.strategist.InvalidContextException;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** {@code POST /decisions} with an {@code Idempotency-Key}: when the key is claimed, given up, kept and let go. */
class DecisionControllerKeysTests extends AbstractDecisionControllerTests {

	@Test
	void aKeyedDecisionLetsGoOfItsKeyOnlyOnceItsTraceAndAnswerAreStored() {
		given(strategist.decide(anyMap(), anyList(), anyMap())).willReturn(akashFirst());
		IdempotentDecisions.Claim claim = keyed("key-7");
		willReturn(Optional.empty()).given(claim).takeWhenWritable(any());
		given(executor.execute(any())).willReturn(new Execution("tr_0123456789abcdef01234567", 0.6, "router", "ok", 0, 1, true));
		assertThat(decide("key-7")).hasStatusOk();
		InOrder order = inOrder(claim, executor);
		order.verify(claim).keyed(any());
		order.verify(executor).execute(any());
		order.verify(claim).finish();
		verify(claim, never()).release();
		verify(claim, never()).abandon();
	}

	@Test
	void aKeyedDecisionTheStoreRefusesBeforeRoutingGivesItsKeyUp() {
		given(strategist.decide(anyMap(), anyList(), anyMap()))
			.willReturn(akashFirst());
		IdempotentDecisions.Claim claim = keyed("key-1");
		given(claim.take()).willReturn(Optional.empty());
		given(executor.execute(any())).willThrow(mock(StoreRefusingException.class));
		assertThat(decide("key-1")).hasStatus(503)
			.bodyJson().extractingPath("$.detail").asString()
			.startsWith("The store is failing its writes, so the decision was refused before the router was asked: nothing was placed");
		verify(claim).take();
		verify(claim).release();
		verify(claim, never()).abandon();
		verify(claim).finish();
	}

	@Test
	void aKeyedDecisionTheStrategistRefusesGivesItsKeyUp() {
		given(strategist.decide(anyMap(), anyList(), anyMap())).willThrow(new InvalidContextException("cpu", "must be positive"));
		IdempotentDecisions.Claim claim = keyed("key-3");
		given(claim.take()).willReturn(Optional.empty());
		assertThat(decide("key-3")).hasStatus(400);
		verify(claim).take();
		verify(claim).release();
		verify(executor, never()).execute(any());
		verify(claim).finish();
	}

	@Test
	void aKeyedDecisionThatFailsOnceExecutingKeepsItsKey() {
		given(strategist.decide(anyMap(), anyList(), anyMap()))
			.willReturn(akashFirst());
		IdempotentDecisions.Claim claim = keyed("key-4");
		given(claim.take()).willReturn(Optional.empty());
		// Any failure of the execution but the store's refusal may come after the router was asked.
		given(executor.execute(any())).willThrow(new IllegalStateException("the trace could not be written"));
		assertThat(decide("key-4")).hasStatus(500);
		verify(claim, never()).release();
		verify(claim, never()).uncertain();
		InOrder order = inOrder(executor, claim);
		order.verify(executor).execute(any());
		order.verify(claim).abandon();
		order.verify(claim).finish();
	}

	@Test
	@DirtiesContext // the store failure it logs would hold back the next one's report for 10 s
	void aKeyedDecisionWhoseTraceMayStillCommitIsNotMarkedNeverAnswered() {
		given(strategist.decide(anyMap(), anyList(), anyMap()))
			.willReturn(akashFirst());
		IdempotentDecisions.Claim claim = keyed("key-6");
		willReturn(Optional.empty()).given(claim).takeWhenWritable(any());
		given(executor.execute(any())).willThrow(mock(CommitUncertainException.class));
		assertThat(decide("key-6")).hasStatus(503);
		verify(claim, never()).release();
		verify(claim, never()).abandon();
		InOrder order = inOrder(executor, claim);
		order.verify(executor).execute(any());
		order.verify(claim).uncertain();
		order.verify(claim).finish();
	}

	@Test
	void aRepeatOfAnAnsweredKeyIsAnsweredWhileTheStoreRefusesWrites() {
		IdempotentDecisions.Claim claim = keyed("key-5");
		given(claim.existing()).willReturn(Optional.of(ResponseEntity.ok().header("Idempotent-Replayed", "true").body("{}")));
		willThrow(new StoreRefusingException("the store failed a commit under a second ago", null))
			.given(executor).requireWritable();
		assertThat(decide("key-5")).hasStatusOk().hasHeader("Idempotent-Replayed", "true");
		verify(claim, never()).take();
		verifyNoInteractions(strategist);
		verify(claim).finish();
	}

	@Test
	void aKeyIsNotClaimedWhileTheStoreIsKnownToRefuseWrites() {
		given(strategist.decide(anyMap(), anyList(), anyMap()))
			.willReturn(akashFirst());
		IdempotentDecisions.Claim claim = keyed("key-2");
		given(claim.existing()).willReturn(Optional.empty());
		willThrow(new StoreRefusingException("the store failed a commit under a second ago", null))
			.given(executor).requireWritable();
		assertThat(decide("key-2")).hasStatus(503);
		verify(claim, never()).take();
		verify(executor, never()).execute(any());
		verify(claim).finish();
	}

	/** The result of {@link #REQUEST} sent with {@code Idempotency-Key: key}. */
	private MvcTestResult decide(String key) {
		return mvc.post().uri("/decisions").header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content(REQUEST)
			.exchange();
	}

	/** The claim of {@code key} a keyed request gets: mocked, but taken once the store is writable as the real one is. */
	private IdempotentDecisions.Claim keyed(String key) {
		IdempotentDecisions.Claim claim = mock(IdempotentDecisions.Claim.class);
		given(claim.takeWhenWritable(any())).willCallRealMethod();
		given(idempotent.claimOf(eq(key), anyBoolean(), any())).willReturn(claim);
		return claim;
	}

}
