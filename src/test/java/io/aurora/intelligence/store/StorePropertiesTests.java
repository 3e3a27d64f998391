package io.aurora.intelligence.store;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's settings as an operator's manifests and Secrets give them. */
class StorePropertiesTests {

	@Test
	void aStoreFileWithSurroundingWhitespaceIsReadWithoutIt() {
		assertThat(StoreProperties.sqlite(" /data/decisions.db \n").file()).isEqualTo("/data/decisions.db");
	}

	@Test
	void aLoginFromASecretFileLosesItsFinalLineBreakAndKeepsEverythingElse() {
		StoreProperties properties = shared("aurora\n", " pass word \r\n");
		assertThat(properties.user()).isEqualTo("aurora");
		assertThat(properties.password()).isEqualTo(" pass word ");
		assertThat(shared("aurora", "pass\n\n").password()).as("one line break only").isEqualTo("pass\n");
		assertThat(new StoreProperties("d.db", StoreProperties.Sync.FULL, "jdbc:postgresql://db:5432/aurora\n", "aurora", "pw",
				5_000, 8, 256, 120).url()).isEqualTo("jdbc:postgresql://db:5432/aurora");
	}

	@Test
	void aLoginWithoutAUrlIsRefusedAndOneWithItOrNoneAtAllIsNot() {
		assertThat(new StoreProperties("d.db", StoreProperties.Sync.FULL, "", "aurora", null, 5_000, 8, 256, 120)
			.isLoginWithUrl()).isFalse();
		assertThat(new StoreProperties("d.db", StoreProperties.Sync.FULL, " ", null, "secret", 5_000, 8, 256, 120)
			.isLoginWithUrl()).isFalse();
		assertThat(shared("aurora", "secret").isLoginWithUrl()).isTrue();
		assertThat(new StoreProperties("d.db", StoreProperties.Sync.FULL, null, "", "", 5_000, 8, 256, 120).isLoginWithUrl())
			.isTrue();
	}

	@Test
	void settingsTheConfiguredStoreDoesNotReadAreNamed() {
		Map<String, String> set = Map.of("STORE_SYNC", "NORMAL", "STORE_MIN_FREE_MB", "5", "STORE_POOL_SIZE", "4", "STORE_FILE",
				"/data/d.db", "STORE_TIMEOUT_MS", "100", "STORE_LOCK_WAIT_S", " 120");
		assertThat(shared("aurora", "secret").unread(set::get)).as("the lock wait at its default")
			.containsExactly("STORE_MIN_FREE_MB", "STORE_SYNC");
		assertThat(StoreProperties.sqlite("d.db").unread(set::get)).containsExactly("STORE_POOL_SIZE");
		assertThat(StoreProperties.sqlite("d.db").unread(Map.of("STORE_FILE", "x", "STORE_POOL_SIZE", "8")::get))
			.as("the image sets the file; the pool at its default").isEmpty();
		assertThat(shared("aurora", "secret").unread(Map.of("STORE_SYNC", "full")::get)).isEmpty();
	}

	private static StoreProperties shared(String user, String password) {
		return new StoreProperties("d.db", StoreProperties.Sync.FULL, "jdbc:postgresql://db:5432/aurora", user, password,
				5_000, 8, 256, 120);
	}

}
