package io.aurora.intelligence.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A start that meets a full store volume in its first writes is reported in a few lines, with what to do. */
class StoreFullFailureAnalyzerTests {

	private final StoreFullFailureAnalyzer analyzer = new StoreFullFailureAnalyzer();

	@TempDir
	Path dir;

	@Test
	void aWriteThatFindsTheVolumeFullAtStartIsReportedWithWhatToDo() throws Exception {
		// A database capped at a few pages fails its writes as a full volume does.
		SingleConnectionDataSource capped = new SingleConnectionDataSource("jdbc:sqlite:" + dir.resolve("full.db"), true);
		JdbcClient jdbc = JdbcClient.create(capped);
		jdbc.sql("CREATE TABLE configurations (digest TEXT)").update();
		jdbc.sql("PRAGMA max_page_count = 3").query().listOfRows();
		Throwable full = catchThrowable(() -> {
			for (int i = 0; i < 1_000; i++) {
				jdbc.sql("INSERT INTO configurations VALUES (?)").param("x".repeat(1_000)).update();
			}
		});
		capped.destroy();
		FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("logFollower", "nested", full));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The store's volume is full: SQLite could not write to the store at start")
			.contains("SQLITE_FULL");
		assertThat(analysis.getAction()).contains("Free space on the volume that holds STORE_FILE");
		assertThat(new ClassPathResource("META-INF/spring.factories").getContentAsString(StandardCharsets.UTF_8))
			.as("Spring Boot's report finds it").contains(StoreFullFailureAnalyzer.class.getName());
	}

	@Test
	void otherSqliteFailuresAreLeftToTheOtherReports() {
		assertThat(analyzer.analyze(new SQLiteException("[SQLITE_CORRUPT] bad page", SQLiteErrorCode.SQLITE_CORRUPT))).isNull();
	}

}
