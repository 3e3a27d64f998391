package io.aurora.intelligence.store;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings replicas run with, on both dialects: who ran what since when, and forgetting the long unseen. */
class ReplicaSettingsTests extends AbstractStoreQueriesTests {

	private static final long DAY = TimeUnit.DAYS.toMillis(1);

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aReplicaHearsOfTheOtherSettingsSeenSinceItsCutoffButNotOfItsOwn(String vendor) {
		open(vendor);
		ReplicaSettings settings = new ReplicaSettings(jdbc);
		assertThat(settings.mark("a", OLD, OLD)).isEmpty();
		assertThat(settings.mark("b", NEW, OLD)).containsExactly("a");
		assertThat(settings.mark("b", NEW, CUTOFF)).as("a was last seen before the cutoff").isEmpty();
		assertThat(settings.mark("a", OLD - DAY, OLD)).as("a late mark does not move a's sighting back")
			.containsExactly("b");
		assertThat(settings.mark("b", NEW, OLD)).containsExactly("a");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void settingsNoReplicaRanForThirtyDaysAreForgotten(String vendor) {
		open(vendor);
		ReplicaSettings settings = new ReplicaSettings(jdbc);
		settings.mark("old", OLD, OLD);
		long later = OLD + 30 * DAY + 1;
		assertThat(settings.mark("new", later, 0)).as("forgotten, however early the cutoff").isEmpty();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM replica_settings").query(Long.class).single()).isEqualTo(1);
		settings.mark("recent", later - 29 * DAY, 0);
		assertThat(settings.mark("new", later, 0)).containsExactly("recent");
	}

}
