package io.aurora.intelligence.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A SQLite file deleted or replaced while the service runs: its open connections would go on committing to a file no
 * later start reads, so the writer refuses those commits, rolled back, and reports the store failing.
 */
class StoreFileIdentityTests extends AbstractTraceStoreTests {

	@Override
	TraceStore storeOn(BasicDataSource ds) {
		writer = new GroupCommitter(ds, meters, StoreProperties.DEFAULT_TIMEOUT_MS, cause -> {
		}, thread -> {
		}, GroupCommitter.STOP_WAIT_MS, StoreTracing.NONE, StoreFileIdentity.of(dir.resolve("decisions.db")));
		writer.start();
		return new TraceStore(JdbcClient.create(ds), writer, new JsonMapper());
	}

	@Test
	void writesToAFileDeletedWhileTheServiceRunsAreRefusedAndTheStoreReportedFailing() throws Exception {
		assertThat(store.insertTrace(trace("tr_before"))).isTrue();
		Path file = dir.resolve("decisions.db");
		Files.delete(file);
		Files.deleteIfExists(dir.resolve("decisions.db-wal"));
		Files.deleteIfExists(dir.resolve("decisions.db-shm"));

		assertThatThrownBy(() -> store.insertTrace(trace("tr_after"))).isInstanceOf(DataAccessResourceFailureException.class)
			.hasMessageContaining("decisions.db was deleted while the service ran");
		assertThat(writer.health().fault()).as("readiness and the store gauge follow the writer's outcome")
			.isEqualTo("DataAccessResourceFailureException");
		assertThat(writer.refusesWrites()).as("decisions are refused before the router is asked").isNotNull();
	}

	@Test
	void writesToAFileReplacedWhileTheServiceRunsAreRefusedAndNothingReachesTheFileOpened() throws Exception {
		assertThat(store.insertTrace(trace("tr_before"))).isTrue();
		Path file = dir.resolve("decisions.db");
		Path restored = dir.resolve("restored.db");
		Files.copy(file, restored);
		try (Connection opened = DriverManager.getConnection("jdbc:sqlite:" + file)) {
			Files.move(restored, file, StandardCopyOption.REPLACE_EXISTING);

			assertThatThrownBy(() -> store.insertTrace(trace("tr_after"))).isInstanceOf(DataAccessResourceFailureException.class)
				.hasMessageContaining("decisions.db was replaced by another file while the service ran");
			try (ResultSet after = opened.createStatement().executeQuery("SELECT COUNT(*) FROM traces WHERE trace_id = 'tr_after'")) {
				assertThat(after.getInt(1)).as("rolled back on the file opened before it was replaced").isZero();
			}
			try (ResultSet before = opened.createStatement().executeQuery("SELECT COUNT(*) FROM traces WHERE trace_id = 'tr_before'")) {
				assertThat(before.getInt(1)).as("read on that file").isOne();
			}
		}
	}

}
