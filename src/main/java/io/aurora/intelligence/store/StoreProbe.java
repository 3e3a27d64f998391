package io.aurora.intelligence.store;

/**
 * The write that tells whether the store takes writes, and nothing else: the one row of {@code store_probe},
 * in a transaction of its own through the store's writer, whose outcome the writer records.
 */
final class StoreProbe {

	private StoreProbe() {
	}

	/**
	 * Writes the row and waits for its commit.
	 * @throws org.springframework.dao.DataAccessException as the store failed it
	 */
	static void write(GroupCommitter writer) {
		writer.submitAlone("probe", db -> db.sql("""
				INSERT INTO store_probe (id, written_at_ms) VALUES (1, :now)
				ON CONFLICT (id) DO UPDATE SET written_at_ms = excluded.written_at_ms
				""").param("now", System.currentTimeMillis()).update(), rows -> {
		});
	}

}
