package io.aurora.intelligence.store;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The settings replicas sharing the store run with (the policy's fingerprint and the reward's scale), each with
 * when a replica was last seen running it, so that a replica can tell when others decide or score differently.
 */
@Repository
@DependsOnDatabaseInitialization
public class ReplicaSettings {

	/** How long settings no replica runs with are remembered. */
	static final long SETTINGS_FORGOTTEN_AFTER_DAYS = 30;

	private final JdbcClient jdbc;

	ReplicaSettings(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records that a replica runs with {@code settings} (its policy's fingerprint and reward scale) at {@code nowMs},
	 * forgets the settings no replica has run with for {@value #SETTINGS_FORGOTTEN_AFTER_DAYS} days, and returns the
	 * other settings replicas ran with since {@code sinceMs}.
	 */
	public Set<String> mark(String settings, long nowMs, long sinceMs) {
		jdbc.sql("""
				INSERT INTO replica_settings (settings, seen_at_ms) VALUES (:settings, :now)
				ON CONFLICT (settings) DO UPDATE SET seen_at_ms = CASE
				    WHEN excluded.seen_at_ms > replica_settings.seen_at_ms THEN excluded.seen_at_ms
				    ELSE replica_settings.seen_at_ms END
				""").param("settings", settings).param("now", nowMs).update();
		long forgotten = nowMs - TimeUnit.DAYS.toMillis(SETTINGS_FORGOTTEN_AFTER_DAYS);
		// Read first, so that on SQLite a minute with nothing to forget takes no second write lock.
		if (jdbc.sql("SELECT COUNT(*) FROM replica_settings WHERE seen_at_ms < :forgotten").param("forgotten", forgotten)
			.query(Long.class).single() > 0) {
			jdbc.sql("DELETE FROM replica_settings WHERE seen_at_ms < :forgotten").param("forgotten", forgotten).update();
		}
		return new HashSet<>(jdbc.sql("SELECT settings FROM replica_settings WHERE seen_at_ms >= :since AND settings <> :settings")
			.param("since", sinceMs).param("settings", settings).query(String.class).list());
	}

}
