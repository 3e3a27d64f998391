package io.aurora.intelligence.auditor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.store.SweepClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A log rolled back behind the model, seen by a poll or by a commit under a number applied with another trace:
 * the replica is reported broken once and checkpoints no more; its own entry, applied first by the poller, is
 * not taken for a rollback.
 */
class LogFollowerRollbackTests extends AbstractLogFollowerTests {

	@Test
	void aLogThatWentBackBehindTheModelTakesTheReplicaDownOnceAndItNeverCheckpointsAgain() throws Exception {
		when(strategist.fingerprint()).thenReturn("fp");
		List<Object> events = new ArrayList<>();
		LogFollower follower = new LogFollower(store, snapshots, strategist, new AuditorProperties(86_400, 1, 0, 200, 1, AuditorProperties.LatencyReference.FIXED),
				SweepClock.following(Clock.systemUTC()), events::add, new ModelCopies());
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a")));
		follower.poll();
		assertThat(follower.applied()).isEqualTo(1);
		assertThat(events).isEmpty();
		assertThat(new LogRollbackHealthIndicator(follower).health().getStatus()).isEqualTo(Status.UP);

		when(store.logHead()).thenReturn(0L);
		follower.poll();
		verify(snapshots).deleteAfter(0);
		assertThat(events).extracting(event -> (Object) ((AvailabilityChangeEvent<?>) event).getState())
			.as("out of the Service and restarted").containsExactly(ReadinessState.REFUSING_TRAFFIC, LivenessState.BROKEN);
		verify(store).fence(contains("went back behind this replica's model"));
		assertThat(new LogRollbackHealthIndicator(follower).health().getStatus())
			.as("liveness stays down, whatever availability events come after").isEqualTo(Status.DOWN);

		clearInvocations(snapshots);
		when(store.logHead()).thenReturn(Long.MAX_VALUE);
		Thread.sleep(1_100);
		follower.poll();
		assertThat(events).as("reported once").hasSize(2);
		verify(snapshots, never()).save(anyLong(), any(), any(), anyBoolean(), anyLong(), any());
		assertThatThrownBy(() -> follower.importModel(Map.of())).isInstanceOf(DataAccessResourceFailureException.class)
			.hasMessageContaining("restarting");
	}

	@Test
	void aLogThatHandedAnAppliedNumberToOtherFeedbackIsSeenAsGoneBackThoughItGrewPastIt() {
		when(strategist.fingerprint()).thenReturn("fp");
		List<Object> events = new ArrayList<>();
		LogFollower follower = new LogFollower(store, snapshots, strategist, PROPERTIES, SweepClock.following(Clock.systemUTC()), events::add,
				new ModelCopies());
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a"), entry(2, "tr_b")));
		when(store.loggedTraceIds(1, 2)).thenReturn(Map.of(1L, "tr_a", 2L, "tr_b"));
		follower.poll();
		assertThat(events).as("the log holds what was applied").isEmpty();

		when(store.logAfter(eq(2L), anyInt())).thenReturn(List.of(entry(3, "tr_c")));
		when(store.loggedTraceIds(1, 3)).thenReturn(Map.of(1L, "tr_a", 2L, "tr_other", 3L, "tr_c"));
		follower.poll();
		assertThat(follower.applied()).as("the log grew past the reissued number").isEqualTo(3);
		verify(snapshots).deleteAfter(1);
		assertThat(events).hasSize(2);
	}

	@Test
	void aCommitUnderANumberAppliedWithAnotherTraceIsARollbackButTheSameEntryAppliedByThePollerIsNot() {
		when(strategist.fingerprint()).thenReturn("fp");
		List<Object> events = new ArrayList<>();
		LogFollower follower = new LogFollower(store, snapshots, strategist, PROPERTIES, SweepClock.following(Clock.systemUTC()), events::add,
				new ModelCopies());
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a"), entry(2, "tr_b")));
		when(store.logHead()).thenReturn(2L);
		follower.catchUp();
		follower.committed(2, "tr_b", Transitions.of(entry(2, "tr_b")));
		assertThat(events).as("its own entry, applied by the poller first").isEmpty();

		follower.committed(2, "tr_x", Transitions.of(entry(2, "tr_x")));
		assertThat(events).as("number 2 handed out again").hasSize(2);
		follower.poll();
		verify(snapshots).deleteAfter(1);
		assertThat(events).hasSize(2);
	}

	@Test
	void aCommitSeeingItsOwnNumberReissuedLeavesThePollToFindTheFirstNumberLost() {
		when(strategist.fingerprint()).thenReturn("fp");
		List<Object> events = new ArrayList<>();
		LogFollower follower = new LogFollower(store, snapshots, strategist, PROPERTIES, SweepClock.following(Clock.systemUTC()), events::add,
				new ModelCopies());
		when(store.logAfter(eq(0L), anyInt())).thenReturn(List.of(entry(1, "tr_a"), entry(2, "tr_b"), entry(3, "tr_c"),
				entry(4, "tr_d"), entry(5, "tr_e")));
		when(store.logHead()).thenReturn(5L);
		follower.catchUp();
		// Entries 2 to 5 were lost in a failover; another replica's feedback now holds 2 and 3, this one's own 4.
		follower.committed(4, "tr_own", Transitions.of(entry(4, "tr_own")));
		assertThat(events).as("number 4 handed out again").hasSize(2);
		when(store.loggedTraceIds(1, 5)).thenReturn(Map.of(1L, "tr_a", 2L, "tr_x", 3L, "tr_y", 4L, "tr_own"));
		follower.poll();
		verify(snapshots).deleteAfter(1);
		verify(snapshots, never()).deleteAfter(3);
		assertThat(events).as("reported once").hasSize(2);
	}

}
