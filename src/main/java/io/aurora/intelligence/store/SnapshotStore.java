package io.aurora.intelligence.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Model snapshots: the model as of a log entry, so a restart replays only the log after it, and
 * imported models, which every replica loads. Only the latest few are kept.
 */
@Repository
@DependsOnDatabaseInitialization
public class SnapshotStore {

	static final int KEEP = 3;

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	SnapshotStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Stores a snapshot taken at log entry {@code seq} and prunes old ones; returns its id. */
	public long save(long seq, String policy, String fingerprint, boolean imported, Map<String, Object> model) {
		long id = jdbc.sql("""
				INSERT INTO snapshots (seq, policy, fingerprint, imported, created_at_ms, model)
				VALUES (:seq, :policy, :fingerprint, :imported, :createdAt, :model)
				RETURNING id
				""")
			.param("seq", seq).param("policy", policy).param("fingerprint", fingerprint).param("imported", imported ? 1 : 0)
			.param("createdAt", Instant.now().toEpochMilli()).param("model", json.writeValueAsString(model))
			.query(Long.class).single();
		jdbc.sql("""
				DELETE FROM snapshots
				WHERE id <= :oldest AND (imported = 0 OR id < (SELECT MAX(id) FROM snapshots WHERE imported = 1))
				""").param("oldest", id - KEEP).update();
		return id;
	}

	/** The newest snapshot for this policy and configuration. */
	public Optional<Snapshot> latest(String fingerprint) {
		return jdbc.sql("""
				SELECT id, seq, imported, model FROM snapshots WHERE fingerprint = :fingerprint ORDER BY id DESC LIMIT 1
				""")
			.param("fingerprint", fingerprint)
			.query((rs, i) -> new Snapshot(rs.getLong("id"), rs.getLong("seq"), rs.getInt("imported") == 1,
					json.readValue(rs.getString("model"), MAP)))
			.optional();
	}

	/**
	 * The last log entry that the newest snapshot of every configuration includes, so that a restart
	 * under any of them replays nothing before it; 0 when {@code fingerprint} has no snapshot.
	 */
	public long includedInEveryConfiguration(String fingerprint) {
		List<Map<String, Object>> newest = jdbc.sql("""
				SELECT s.fingerprint, s.seq FROM snapshots s
				WHERE s.id = (SELECT MAX(t.id) FROM snapshots t WHERE t.fingerprint = s.fingerprint)
				""").query().listOfRows();
		if (newest.stream().noneMatch(row -> fingerprint.equals(row.get("fingerprint")))) {
			return 0;
		}
		return newest.stream().mapToLong(row -> ((Number) row.get("seq")).longValue()).min().orElse(0);
	}

	/** The id of the newest imported snapshot, 0 when there is none. */
	public long latestImportId() {
		return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM snapshots WHERE imported = 1").query(Long.class).single();
	}

	/**
	 * A stored model.
	 *
	 * @param id increasing identifier
	 * @param seq the last log entry the model includes
	 * @param imported whether it came from {@code PUT /model}
	 * @param model the exported model
	 */
	public record Snapshot(long id, long seq, boolean imported, Map<String, Object> model) {
	}

}
