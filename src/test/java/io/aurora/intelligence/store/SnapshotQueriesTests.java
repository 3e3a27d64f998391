package io.aurora.intelligence.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshot queries on both dialects: which snapshots each configuration loads and keeps (its own imports,
 * lineage, a checkpoint taken before an import), pruning, and how much log retention keeps for them.
 */
class SnapshotQueriesTests extends AbstractStoreQueriesTests {

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void retiredSettingsLoseTheirSnapshotsWhileRunningOrRecentlyCheckpointedOnesKeepThem(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.fixed(Instant.ofEpochMilli(OLD), ZoneOffset.UTC));
		SnapshotStore later = new SnapshotStore(jdbc, new JsonMapper(), Clock.fixed(Instant.ofEpochMilli(NEW), ZoneOffset.UTC));
		snapshots.save(1, "squarecb", "current", false, 0, Map.of());
		snapshots.save(2, "squarecb", "retired", false, 0, Map.of());
		snapshots.save(3, "squarecb", "retired", true, 0, Map.of());
		snapshots.save(4, "squarecb", "running", false, 0, Map.of());
		snapshots.save(5, "squarecb", "checkpointed", false, 0, Map.of());
		snapshots.markRunning("retired", OLD);
		snapshots.markRunning("running", NEW);
		snapshots.markRunning("never-checkpointed", OLD);
		later.save(6, "squarecb", "checkpointed", false, 0, Map.of());

		int retired = jdbc.sql("SELECT COUNT(*) FROM snapshots WHERE fingerprint = 'retired'").query(Integer.class).single();
		assertThat(retired).isPositive();
		assertThat(snapshots.deleteRetired("current", CUTOFF)).isEqualTo(retired);
		assertThat(jdbc.sql("SELECT DISTINCT fingerprint FROM snapshots").query(String.class).list())
			.containsExactlyInAnyOrder("current", "running", "checkpointed");
		assertThat(jdbc.sql("SELECT fingerprint FROM configurations").query(String.class).list())
			.as("the record of settings with no snapshot left goes too").containsExactly("running");
		assertThat(snapshots.deleteRetired("current", CUTOFF)).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void logIsKeptFromTheOldestNewestSnapshotOfAnyConfiguration(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		assertThat(snapshots.includedInEveryConfiguration("a")).isZero();
		snapshots.save(5, "squarecb", "a", false, 0, Map.of());
		snapshots.save(3, "squarecb", "b", false, 0, Map.of());
		snapshots.save(9, "squarecb", "a", false, 0, Map.of());
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(3);
		assertThat(snapshots.includedInEveryConfiguration("c")).isZero();
		snapshots.save(12, "squarecb", "b", false, 0, Map.of());
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(9);
		jdbc.sql("INSERT INTO snapshots (seq, policy, fingerprint, imported, created_at_ms, model) VALUES (2, 'q-table', 'old', 0, 1000, '{}')")
			.update();
		assertThat(snapshots.includedInEveryConfiguration("a")).as("a configuration kept by any replica counts").isEqualTo(2);
		assertThat(snapshots.includedInEveryConfiguration("a", 2000))
			.as("one no replica has checkpointed since is passed over").isEqualTo(9);
		assertThat(snapshots.includedInEveryConfiguration("old", 2000)).as("the running one always counts").isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aConfigurationSeenRunningKeepsTheLogItsNewestSnapshotNeedsHoweverOldTheSnapshot(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		snapshots.save(9, "squarecb", "a", false, 0, Map.of());
		jdbc.sql("INSERT INTO snapshots (seq, policy, fingerprint, imported, created_at_ms, model) VALUES (4, 'squarecb', 'g', 0, 1000, '{}')")
			.update();
		assertThat(snapshots.includedInEveryConfiguration("a", 2000)).as("g neither ran nor checkpointed since").isEqualTo(9);
		snapshots.markRunning("g", 2500);
		assertThat(snapshots.includedInEveryConfiguration("a", 2000)).as("g runs, checkpointing rarely").isEqualTo(4);
		snapshots.markRunning("g", 1500);
		assertThat(snapshots.includedInEveryConfiguration("a", 2000)).as("a late mark never moves the last sighting back")
			.isEqualTo(4);
		assertThat(snapshots.includedInEveryConfiguration("a", 3000)).as("g not seen since 2500").isEqualTo(9);
		snapshots.markRunning("new", 2500);
		assertThat(snapshots.includedInEveryConfiguration("a", 2000))
			.as("a running configuration without a snapshot needs the whole log").isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void eachConfigurationFollowsItsOwnImportsOnly(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		assertThat(snapshots.latestImportId("a")).isZero();
		long a = snapshots.save(3, "squarecb", "a", true, 0, Map.of());
		snapshots.save(4, "squarecb", "a", false, a, Map.of());
		long b = snapshots.save(5, "q-table", "b", true, 0, Map.of());
		assertThat(snapshots.latestImportId("a")).as("b's import is newer, but not a's").isEqualTo(a);
		assertThat(snapshots.latestImportId("b")).isEqualTo(b);
		assertThat(snapshots.latestImportId("c")).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void checkpointTakenBeforeAnImportButWrittenAfterItIsNeverLoaded(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		snapshots.save(4, "squarecb", "a", false, 0, Map.of("model", "old"));
		long imported = snapshots.save(7, "squarecb", "a", true, 0, Map.of("model", "imported"));
		snapshots.save(9, "squarecb", "a", false, 0, Map.of("model", "stale"));
		snapshots.save(2, "squarecb", "b", false, 0, Map.of("model", "other configuration"));

		assertThat(snapshots.latest("a")).get().satisfies(s -> {
			assertThat(s.model()).containsEntry("model", "imported");
			assertThat(s.lineage()).isEqualTo(imported);
		});
		assertThat(snapshots.latest("b")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(2L);
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(2);
		snapshots.save(12, "squarecb", "b", false, 0, Map.of());
		assertThat(snapshots.includedInEveryConfiguration("a")).as("the stale checkpoint at 9 does not count").isEqualTo(7);

		snapshots.save(11, "squarecb", "a", false, imported, Map.of("model", "learned after the import"));
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(11L);
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(11);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void pruningDeletesStaleSnapshotsAndKeepsTheImportAndTheNewestCurrentOne(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long imported = snapshots.save(7, "squarecb", "a", true, 0, Map.of());
		long current = snapshots.save(10, "squarecb", "a", false, imported, Map.of());
		for (int seq = 11; seq < 16; seq++) {
			snapshots.save(seq, "squarecb", "a", false, 0, Map.of());
		}
		assertThat(ids()).as("stale checkpoints are deleted as they are written").containsExactly(imported, current);
		long newestOfB = 0;
		for (int seq = 1; seq < 6; seq++) {
			newestOfB = snapshots.save(seq, "squarecb", "b", false, 0, Map.of());
		}
		assertThat(ids()).as("another configuration's saves keep a's import and newest snapshot, and b's latest three")
			.hasSize(5).startsWith(imported, current);
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(10L);
		for (int seq = 20; seq < 26; seq++) {
			snapshots.save(seq, "squarecb", "a", false, imported, Map.of());
		}
		assertThat(ids()).as("the import, b's newest and the latest three").hasSize(5).startsWith(imported, newestOfB);
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(25L);
		assertThat(snapshots.latest("b")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(5L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void anotherConfigurationsSavesKeepEachConfigurationsNewestSnapshotAndImport(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long imported = snapshots.save(3, "squarecb", "x", true, 0, Map.of());
		long checkpoint = snapshots.save(5, "squarecb", "x", false, imported, Map.of());
		snapshots.save(4, "squarecb", "z", true, 0, Map.of());
		for (int seq = 6; seq < 12; seq++) {
			snapshots.save(seq, "squarecb", "y", false, 0, Map.of());
		}
		assertThat(snapshots.latest("x")).get().extracting(SnapshotStore.Snapshot::id).isEqualTo(checkpoint);
		assertThat(ids()).contains(imported, checkpoint);
		assertThat(snapshots.includedInEveryConfiguration("y")).as("retention keeps what x's newest snapshot needs")
			.isEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void staleSnapshotThatSurvivedIsNeitherLoadedNorUsedByRetention(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long imported = snapshots.save(7, "squarecb", "a", true, 0, Map.of());
		jdbc.sql("""
				INSERT INTO snapshots (seq, policy, fingerprint, imported, base_import, created_at_ms, model)
				VALUES (9, 'squarecb', 'a', 0, :older, 0, '{}')
				""").param("older", imported - 1).update();
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(7L);
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(7);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void snapshotWrittenBeforeLineagesWereRecordedCountsAsCurrent(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long imported = snapshots.save(7, "squarecb", "a", true, 0, Map.of());
		jdbc.sql("""
				INSERT INTO snapshots (seq, policy, fingerprint, imported, created_at_ms, model)
				VALUES (9, 'squarecb', 'a', 0, 0, '{}')
				""").update();
		assertThat(snapshots.latest("a")).get().satisfies(s -> {
			assertThat(s.seq()).isEqualTo(9);
			assertThat(s.lineage()).isEqualTo(imported);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void checkpointWrittenLateIsNotStoredAndOneThatIncludesMoreOfTheLogStaysTheNewest(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		long covering = snapshots.save(2600, "squarecb", "a", false, 0, Map.of("model", "at 2600"));
		assertThat(snapshots.save(201, "squarecb", "a", false, 0, Map.of("model", "at 201")))
			.as("copied at entry 201, stored after a pause in which another replica checkpointed at 2600").isZero();
		// Two replicas checkpointing at once can still store a lower entry under a higher id.
		for (int seq = 300; seq < 300 + SnapshotStore.KEEP + 1; seq++) {
			jdbc.sql("""
					INSERT INTO snapshots (seq, policy, fingerprint, imported, base_import, created_at_ms, model)
					VALUES (:seq, 'squarecb', 'a', 0, 0, 0, '{"model":"behind"}')
					""").param("seq", seq).update();
		}
		snapshots.save(5, "squarecb", "b", false, 0, Map.of());
		assertThat(snapshots.latest("a")).get().satisfies(s -> {
			assertThat(s.id()).isEqualTo(covering);
			assertThat(s.model()).containsEntry("model", "at 2600");
		});
		assertThat(snapshots.includedInEveryConfiguration("a")).as("the log a restart of either still needs")
			.isEqualTo(5);
		assertThat(ids()).as("pruning keeps the snapshot that includes the most of the log").contains(covering);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aNewerImportWinsOverAnOlderOneThatIncludesMoreOfTheLog(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		snapshots.save(10, "squarecb", "a", false, 0, Map.of("model", "before the imports"));
		long older = snapshots.save(50, "squarecb", "a", true, 0, Map.of("model", "older import"));
		snapshots.save(60, "squarecb", "a", false, older, Map.of("model", "learned after the older import"));
		long newer = snapshots.save(40, "squarecb", "a", true, 0, Map.of("model", "newer import, on a replica behind"));
		assertThat(snapshots.latest("a")).get().satisfies(s -> {
			assertThat(s.id()).isEqualTo(newer);
			assertThat(s.lineage()).isEqualTo(newer);
		});
		long learned = snapshots.save(45, "squarecb", "a", false, newer, Map.of("model", "learned after the newer import"));
		assertThat(learned).as("the older import's line is stale, whatever it includes").isPositive();
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::id).isEqualTo(learned);
		assertThat(snapshots.includedInEveryConfiguration("a")).isEqualTo(45);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aSnapshotWrittenBeforeLineagesWereRecordedIsStaleOnceAnImportFollowsIt(String vendor) {
		open(vendor);
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		jdbc.sql("""
				INSERT INTO snapshots (seq, policy, fingerprint, imported, created_at_ms, model)
				VALUES (100, 'squarecb', 'a', 0, 0, '{}')
				""").update();
		long imported = snapshots.save(90, "squarecb", "a", true, 0, Map.of());
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::id).isEqualTo(imported);
	}

	@Test
	void aCheckpointOnSqliteIsStoredWhenTheStoreWritesWhileItsModelIsSerialised() {
		TraceStore store = open("sqlite");
		SnapshotStore snapshots = new SnapshotStore(jdbc, new JsonMapper(), Clock.systemUTC());
		snapshots.save(1, "squarecb", "a", false, 0, Map.of());
		TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
		WritesWhenSerialised model = new WritesWhenSerialised(() -> store.insertTrace(trace("tr_meanwhile", NEW)));
		long id = transaction.execute(status -> snapshots.save(2, "squarecb", "a", false, 0, Map.of("model", model)));
		assertThat(id).isPositive();
		assertThat(model.wrote).as("the store's writer committed while the model was serialised").isTrue();
		assertThat(snapshots.latest("a")).get().extracting(SnapshotStore.Snapshot::seq).isEqualTo(2L);
	}

	/** A model whose serialisation runs {@code write}, as the store's writer may commit at any moment. */
	static final class WritesWhenSerialised {

		private final Runnable write;

		volatile boolean wrote;

		WritesWhenSerialised(Runnable write) {
			this.write = write;
		}

		public String getWeights() {
			write.run();
			wrote = true;
			return "w";
		}

	}

	private List<Long> ids() {
		return jdbc.sql("SELECT id FROM snapshots ORDER BY id").query(Long.class).list();
	}

}
