import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Moves every decision and feedback of a stopped service's SQLite store back in time, so that
 * bench/retention.sh can measure a retention sweep over a store of old decisions.
 * Run: {@code java -cp sqlite-jdbc.jar bench/AgeStore.java /path/decisions.db 30}.
 */
public class AgeStore {

	public static void main(String[] args) throws Exception {
		long shift = Long.parseLong(args[1]) * 86_400_000L;
		try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement sql = db.createStatement()) {
			db.setAutoCommit(false);
			sql.executeUpdate("UPDATE traces SET created_at_ms = created_at_ms - " + shift);
			sql.executeUpdate("UPDATE feedback SET received_at_ms = received_at_ms - " + shift);
			db.commit();
			try (ResultSet counts = sql.executeQuery("SELECT (SELECT COUNT(*) FROM traces), (SELECT COUNT(*) FROM feedback), "
					+ "(SELECT COALESCE(MAX(seq), 0) FROM snapshots)")) {
				counts.next();
				System.out.printf("aged by %s days: %d traces, %d feedback log entries, newest snapshot at entry %d%n", args[1],
						counts.getLong(1), counts.getLong(2), counts.getLong(3));
			}
		}
	}

}
