package io.aurora.intelligence.store;

import java.util.Set;

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
		Set<String> set = Set.of("STORE_SYNC", "STORE_MIN_FREE_MB", "STORE_POOL_SIZE", "STORE_FILE", "STORE_TIMEOUT_MS");
		assertThat(shared("aurora", "secret").unread(set::contains)).containsExactly("STORE_SYNC", "STORE_MIN_FREE_MB");
		assertThat(StoreProperties.sqlite("d.db").unread(set::contains)).containsExactly("STORE_POOL_SIZE");
		assertThat(StoreProperties.sqlite("d.db").unread(Set.of("STORE_FILE")::contains)).as("the image sets it").isEmpty();
	}

	private static StoreProperties shared(String user, String password) {
		return new StoreProperties("d.db", StoreProperties.Sync.FULL, "jdbc:postgresql://db:5432/aurora", user, password,
				5_000, 8, 256, 120);
	}

}
