package io.aurora.intelligence.store;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Model snapshots: the model as of a log entry, so a restart replays only the log after it, and
 * imported models, which every replica loads. A snapshot records the import its model descends from;
 * one that descends from an older import than the newest of its configuration is stale (a checkpoint
 * taken before an import but written after it) and is never used. Each save deletes stale snapshots
 * and all but the latest few, always keeping the newest import, and the newest import and the newest
 * current snapshot of every configuration: retention counts on each configuration's newest snapshot.
 * A configuration no replica runs any more keeps its newest snapshot until retention retires it
 * ({@link #deleteRetired}); the {@code configurations} table says when a replica of each was last seen
 * running ({@link #markRunning}).
 */
@Repository
@DependsOnDatabaseInitialization
public class SnapshotStore {

	static final int KEEP = 3;

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** The import snapshot {@code s} descends from: see {@link #lineage(String)}. */
	private static final String LINEAGE = lineage("s");

	/**
	 * Whether snapshot {@code s} is current: the newest import of its configuration, or descended from
	 * it; a configuration without imports has every snapshot current.
	 */
	private static final String CURRENT = current("s");

	/**
	 * Whether snapshot {@code s} is the newest current one of its configuration: the one that includes
	 * the most of the log (the highest {@code seq}, the highest id among equals). Ids follow the order in
	 * which snapshots were written, and a checkpoint written late, after a long pause between copying its
	 * model and storing it, may include less of the log than one written before it.
	 */
	private static final String NEWEST = CURRENT + """
			 AND NOT EXISTS (SELECT 1 FROM snapshots t WHERE t.fingerprint = s.fingerprint AND %s
			     AND (t.seq > s.seq OR t.seq = s.seq AND t.id > s.id))""".formatted(current("t"));

	private static String newestImport(String alias) {
		return "(SELECT COALESCE(MAX(i.id), 0) FROM snapshots i WHERE i.imported = 1 AND i.fingerprint = " + alias
				+ ".fingerprint)";
	}

	/**
	 * The import snapshot {@code alias} descends from: its own id for an import, its recorded lineage for
	 * a checkpoint (0: none), and for a checkpoint written before lineages were recorded, the newest
	 * import written before it.
	 */
	private static String lineage(String alias) {
		return """
				(CASE WHEN %1$s.imported = 1 THEN %1$s.id WHEN %1$s.base_import IS NOT NULL THEN %1$s.base_import
				 ELSE (SELECT COALESCE(MAX(i.id), 0) FROM snapshots i
				       WHERE i.imported = 1 AND i.fingerprint = %1$s.fingerprint AND i.id < %1$s.id) END)""".formatted(alias);
	}

	private static String current(String alias) {
		return "(" + lineage(alias) + " >= " + newestImport(alias) + ")";
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final StoreFileIdentity file;

	SnapshotStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this(jdbc, json, clock, StoreFileIdentity.of(null));
	}

	/** A store of snapshots whose saves are refused, rolled back, once {@code file} is no longer the SQLite file opened. */
	@Autowired
	SnapshotStore(JdbcClient jdbc, JsonMapper json, Clock clock, StoreFileIdentity file) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.file = file;
	}

	/**
	 * Stores a snapshot taken at log entry {@code seq} and prunes old ones; returns its id, or 0 for a
	 * checkpoint not stored because a current snapshot of its configuration already includes more of the log.
	 * {@code lineage} is the id of the import the model descends from (0: none), ignored for imports.
	 * The write uses a connection of its own, outside the store's writer, so it takes no commit deadline
	 * and, on PostgreSQL, holds up no other write; on SQLite the writer's commits wait for it (about
	 * 0.2 s for 38 MB). The insert and the pruning are one transaction: a failure before the commit, a
	 * socket timeout during a long insert included, stores nothing. Only a connection lost while the
	 * commit itself is answered leaves it unknown whether an import answered 503 was stored.
	 */
	@Transactional
	public long save(long seq, String policy, String fingerprint, boolean imported, long lineage,
			Map<String, Object> model) {
		// One statement, which starts the transaction as a write: on SQLite, a read first and a write after it
		// fail at once (SQLITE_BUSY_SNAPSHOT) whenever the store's writer commits in between.
		Optional<Long> stored = jdbc.sql("""
				INSERT INTO snapshots (seq, policy, fingerprint, imported, base_import, created_at_ms, model)
				SELECT :seq, :policy, :fingerprint, :imported, :base, :createdAt, :model
				WHERE :imported = 1 OR NOT EXISTS (SELECT 1 FROM snapshots s
				    WHERE s.fingerprint = :fingerprint AND s.seq > :seq AND %s)
				RETURNING id
				""".formatted(CURRENT))
			.param("seq", seq).param("policy", policy).param("fingerprint", fingerprint)
			.param("imported", imported ? 1 : 0).param("base", imported ? 0 : lineage)
			.param("createdAt", clock.millis()).param("model", json.writeValueAsString(model))
			.query(Long.class).optional();
		if (stored.isEmpty()) {
			// Written late, or by a replica behind: a current snapshot already includes more of the log.
			return 0;
		}
		long id = stored.get();
		jdbc.sql("""
				DELETE FROM snapshots
				WHERE (id <= :oldest OR id NOT IN (SELECT s.id FROM snapshots s WHERE %1$s))
				  AND id NOT IN (SELECT s.id FROM snapshots s WHERE %2$s)
				  AND id NOT IN (SELECT MAX(s.id) FROM snapshots s WHERE s.imported = 1 GROUP BY s.fingerprint)
				  AND id <> (SELECT COALESCE(MAX(s.id), 0) FROM snapshots s WHERE s.imported = 1)
				""".formatted(CURRENT, NEWEST)).param("oldest", id - KEEP).update();
		// An import is acknowledged once committed: not to a file deleted or replaced since the service opened it.
		file.run();
		return id;
	}

	/**
	 * The newest current snapshot for this policy and configuration: the newest import or a checkpoint
	 * descended from it, whichever includes the most of the log. Only that snapshot's model is read.
	 */
	public Optional<Snapshot> latest(String fingerprint) {
		for (int attempt = 0; attempt < 3; attempt++) {
			Optional<Long> newest = jdbc.sql("""
					SELECT s.id FROM snapshots s WHERE s.fingerprint = :fingerprint AND %s
					ORDER BY s.seq DESC, s.id DESC LIMIT 1
					""".formatted(CURRENT))
				.param("fingerprint", fingerprint).query(Long.class).optional();
			if (newest.isEmpty()) {
				return Optional.empty();
			}
			Optional<Snapshot> snapshot = jdbc.sql("""
					SELECT s.id, s.seq, s.imported, s.model, %s AS lineage FROM snapshots s WHERE s.id = :id
					""".formatted(LINEAGE))
				.param("id", newest.get())
				.query((rs, i) -> new Snapshot(rs.getLong("id"), rs.getLong("seq"), rs.getInt("imported") == 1,
						rs.getLong("lineage"), json.readValue(rs.getString("model"), MAP)))
				.optional();
			if (snapshot.isPresent()) {
				return snapshot;
			}
			// Pruned by another save between the two reads: look again.
		}
		return Optional.empty();
	}

	/** The settings' fingerprint of the newest imported model, if one was imported under settings other than these. */
	public Optional<String> importedUnderOther(String fingerprint) {
		return jdbc.sql("""
				SELECT s.fingerprint FROM snapshots s WHERE s.imported = 1
				ORDER BY s.id DESC LIMIT 1
				""").query(String.class).optional().filter(imported -> !imported.equals(fingerprint));
	}

	/**
	 * The last log entry that the newest current snapshot of every configuration includes, so that a
	 * restart under any of them replays nothing before it; 0 when {@code fingerprint} has no snapshot.
	 */
	long includedInEveryConfiguration(String fingerprint) {
		return includedInEveryConfiguration(fingerprint, Long.MIN_VALUE);
	}

	/**
	 * As {@link #includedInEveryConfiguration(String)}, passing over the configurations other than
	 * {@code fingerprint} that no replica has run ({@link #markRunning}) or checkpointed since
	 * {@code retiredBeforeMs}: their old snapshot must not keep the log from being deleted for ever after
	 * a change of settings or version. A configuration seen since then counts with its newest snapshot,
	 * however old, and one without a snapshot lets nothing be deleted, since it needs the whole log.
	 */
	public long includedInEveryConfiguration(String fingerprint, long retiredBeforeMs) {
		Map<String, Long> newest = new HashMap<>();
		Set<String> live = new HashSet<>(Set.of(fingerprint));
		jdbc.sql("""
				SELECT s.fingerprint, s.seq, (SELECT MAX(c.created_at_ms) FROM snapshots c
				    WHERE c.fingerprint = s.fingerprint) AS created_at_ms
				FROM snapshots s WHERE %s
				""".formatted(NEWEST)).query().listOfRows().forEach(row -> {
					String of = (String) row.get("fingerprint");
					newest.put(of, ((Number) row.get("seq")).longValue());
					if (((Number) row.get("created_at_ms")).longValue() >= retiredBeforeMs) {
						live.add(of);
					}
				});
		live.addAll(jdbc.sql("SELECT fingerprint FROM configurations WHERE seen_at_ms >= :since")
			.param("since", retiredBeforeMs).query(String.class).list());
		return live.stream().mapToLong(of -> newest.getOrDefault(of, 0L)).min().orElse(0);
	}

	/**
	 * Records that a replica of configuration {@code fingerprint} runs at {@code nowMs}, so that
	 * retention keeps the log it needs to restart however rarely it checkpoints.
	 */
	public void markRunning(String fingerprint, long nowMs) {
		jdbc.sql("""
				INSERT INTO configurations (fingerprint, seen_at_ms) VALUES (:fingerprint, :now)
				ON CONFLICT (fingerprint) DO UPDATE SET seen_at_ms = CASE
				    WHEN excluded.seen_at_ms > configurations.seen_at_ms THEN excluded.seen_at_ms
				    ELSE configurations.seen_at_ms END
				""").param("fingerprint", fingerprint).param("now", nowMs).update();
	}

	/**
	 * Deletes the snapshots of every configuration other than {@code fingerprint} that no replica has
	 * run ({@link #markRunning}) or checkpointed since {@code retiredBeforeMs}, with its record of when it
	 * ran; returns how many snapshots went. It reads first and writes only when there is something to
	 * delete, so that on SQLite a sweep with nothing to do takes no write lock.
	 */
	public int deleteRetired(String fingerprint, long retiredBeforeMs) {
		String retiredSnapshots = """
				FROM snapshots
				WHERE fingerprint <> :fingerprint
				  AND fingerprint NOT IN (SELECT c.fingerprint FROM configurations c WHERE c.seen_at_ms >= :since)
				  AND fingerprint NOT IN (SELECT s.fingerprint FROM snapshots s WHERE s.created_at_ms >= :since)
				""";
		String retiredRecords = """
				FROM configurations
				WHERE fingerprint <> :fingerprint AND seen_at_ms < :since
				  AND fingerprint NOT IN (SELECT s.fingerprint FROM snapshots s WHERE s.created_at_ms >= :since)
				""";
		long found = jdbc.sql("SELECT (SELECT COUNT(*) " + retiredSnapshots + ") + (SELECT COUNT(*) " + retiredRecords + ")")
			.param("fingerprint", fingerprint).param("since", retiredBeforeMs).query(Long.class).single();
		if (found == 0) {
			return 0;
		}
		int deleted = jdbc.sql("DELETE " + retiredSnapshots).param("fingerprint", fingerprint).param("since", retiredBeforeMs)
			.update();
		jdbc.sql("DELETE " + retiredRecords).param("fingerprint", fingerprint).param("since", retiredBeforeMs).update();
		return deleted;
	}

	/** Whether the snapshot with this id is still stored (retention may have deleted it since it was read). */
	public boolean exists(long id) {
		return jdbc.sql("SELECT COUNT(*) FROM snapshots WHERE id = :id").param("id", id).query(Long.class).single() > 0;
	}

	/**
	 * Deletes every snapshot that includes log entries after {@code seq}, of any configuration; returns
	 * how many went. For a log that lost its newest entries: such snapshots hold learning from them.
	 */
	public int deleteAfter(long seq) {
		return jdbc.sql("DELETE FROM snapshots WHERE seq > :seq").param("seq", seq).update();
	}

	/** The id of the newest imported snapshot of configuration {@code fingerprint}, 0 when there is none. */
	public long latestImportId(String fingerprint) {
		return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM snapshots WHERE imported = 1 AND fingerprint = :fingerprint")
			.param("fingerprint", fingerprint).query(Long.class).single();
	}

	/**
	 * A stored model.
	 *
	 * @param id increasing identifier
	 * @param seq the last log entry the model includes
	 * @param imported whether it came from {@code PUT /model}
	 * @param lineage the import the model descends from: its own id for an import, 0 for none
	 * @param model the exported model
	 */
	public record Snapshot(long id, long seq, boolean imported, long lineage, Map<String, Object> model) {
	}

}
