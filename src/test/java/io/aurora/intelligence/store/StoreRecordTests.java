package io.aurora.intelligence.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start on a path whose store was deleted or moved away is refused, rather than beginning a new, empty store in its
 * place; a first start, and a store of a version that recorded nothing, start as before.
 */
class StoreRecordTests {

	@TempDir
	Path dir;

	@Test
	void aStoreDeletedWhereOneWasMadeIsRefusedUntilItIsRestoredOrItsLockFileDeleted() throws Exception {
		Path database = dir.resolve("decisions.db");
		try (StoreOwner first = StoreOwner.of(database, Duration.ofSeconds(1))) {
			StoreRecord.requireStoreWhereOneWasMade(first);
			StoreRecord.recordStoreMade(first);
			assertThat(Files.size(dir.resolve("decisions.db.lock"))).as("nothing recorded before the file is made").isZero();
			Files.writeString(database, "made");
			StoreRecord.recordStoreMade(first);
		}
		Files.move(database, dir.resolve("moved.db"));

		StoreOwner second = StoreOwner.of(database, Duration.ofSeconds(1));
		assertThatThrownBy(() -> StoreRecord.requireStoreWhereOneWasMade(second)).isInstanceOf(StoreUnusableException.class)
			.hasMessageContaining("decisions.db is missing, though a store was made there")
			.extracting(ex -> ((StoreUnusableException) ex).action()).asString()
			.contains("Restore it from a backup", "delete " + dir.toRealPath().resolve("decisions.db.lock") + " too");

		Files.move(dir.resolve("moved.db"), database);
		try (StoreOwner restored = StoreOwner.of(database, Duration.ofSeconds(1))) {
			StoreRecord.requireStoreWhereOneWasMade(restored);
		}
		Files.delete(database);
		Files.delete(dir.resolve("decisions.db.lock"));
		try (StoreOwner afresh = StoreOwner.of(database, Duration.ofSeconds(1))) {
			StoreRecord.requireStoreWhereOneWasMade(afresh);
		}
	}

	@Test
	void anEmptyLockFileOfAnEarlierVersionSaysNothingOfAStore() throws Exception {
		Path database = dir.resolve("decisions.db");
		Files.createFile(dir.resolve("decisions.db.lock"));
		try (StoreOwner owner = StoreOwner.of(database, Duration.ofSeconds(1))) {
			StoreRecord.requireStoreWhereOneWasMade(owner);
		}
	}

}
