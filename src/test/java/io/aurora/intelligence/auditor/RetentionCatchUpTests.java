package io.aurora.intelligence.auditor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;

import io.aurora.intelligence.store.SnapshotStore;
import io.aurora.intelligence.strategist.Strategist;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catching up with what retention leaves: a replica that fell behind loads the snapshot that includes deleted
 * entries, a commit leaves a backlog to the poller, a restart passes over a snapshot it cannot load, and new
 * settings checkpoint at once after replaying the log.
 */
class RetentionCatchUpTests extends AbstractRetentionTests {

	@Test
	void replicaThatFellBehindLoadsTheSnapshotThatIncludesDeletedEntries() throws Exception {
		Path store = dir.resolve("shared.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext leader = start(store);
				ConfigurableApplicationContext lagging = start(store)) {
			LogFollower behind = lagging.getBean(LogFollower.class);
			behind.stop();
			int port = port(leader);
			decideAndFeedBack(port, 5);
			awaitSnapshotAt(leader, 5);
			clock.set(Instant.parse("2026-11-03T00:00:00Z"));
			assertThat(feedback(port, decide(port)).statusCode()).isEqualTo(200);
			assertThat(leader.getBean(Retention.class).sweep().logEntries()).isEqualTo(5);
			assertThat(behind.applied()).isZero();

			behind.catchUp();

			assertThat(behind.applied()).isEqualTo(6);
			assertThat(json.readTree(lagging.getBean(Auditor.class).exportModel(json::writeValueAsString)))
				.isEqualTo(get(port, "/model"));
		}
	}

	@Test
	void aCommitAppliesAFewOtherReplicasEntriesWithItsOwnButLeavesABacklogToThePoller() throws Exception {
		Path store = dir.resolve("shared.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext leader = start(store);
				ConfigurableApplicationContext lagging = start(store)) {
			LogFollower follower = lagging.getBean(LogFollower.class);
			follower.stop();
			int port = port(leader);
			int own = port(lagging);
			decideAndFeedBack(port, 10);
			assertThat(feedback(own, decide(own)).statusCode()).isEqualTo(200);
			assertThat(follower.applied()).as("ten others' entries applied with its own").isEqualTo(11);

			decideAndFeedBack(port, WriterPath.INLINE_GAP + 1);
			assertThat(feedback(own, decide(own)).statusCode()).isEqualTo(200);
			assertThat(follower.applied()).as("a backlog is left to the poller, stopped here").isEqualTo(11);

			follower.catchUp();
			assertThat(follower.applied()).isEqualTo(13 + WriterPath.INLINE_GAP);
		}
	}

	@Test
	void aSnapshotThatCannotBeLoadedIsPassedOverForTheLog() throws Exception {
		Path store = dir.resolve("corrupt.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext service = start(store)) {
			int port = port(service);
			decideAndFeedBack(port, 3);
			awaitSnapshotAt(service, 3);
		}
		try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement()) {
			assertThat(s.executeUpdate("UPDATE snapshots SET model = '{}'")).isPositive();
		}
		try (ConfigurableApplicationContext restarted = start(store)) {
			assertThat(get(port(restarted), "/status").at("/model/updates").asLong()).as("rebuilt from the log").isEqualTo(3);
		}
	}

	@Test
	void newSettingsCheckpointAtOnceAfterReplayingTheLog() throws Exception {
		Path store = dir.resolve("changed.db");
		clock.set(Instant.parse("2026-11-01T00:00:00Z"));
		try (ConfigurableApplicationContext before = start(store, "CHECKPOINT_INTERVAL_S=0")) {
			int port = port(before);
			decideAndFeedBack(port, 3);
		}
		try (ConfigurableApplicationContext changed = start(store, "CHECKPOINT_INTERVAL_S=3600", "SQUARECB_GAMMA0=20")) {
			assertThat(changed.getBean(SnapshotStore.class).latest(changed.getBean(Strategist.class).fingerprint()))
				.as("written during start-up, not an hour later: retention by older versions keeps the log from it on")
				.hasValueSatisfying(snapshot -> assertThat(snapshot.seq()).isEqualTo(3));
		}
	}

}
