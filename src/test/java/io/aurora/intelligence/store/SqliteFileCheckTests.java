package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteFileCheckTests {

	@TempDir
	Path dir;

	@Test
	void aFileThatIsNotADatabaseStopsTheStartNamingItAndWhatToDoAndIsLeftAsItWas() throws IOException {
		Path file = dir.resolve("decisions.db");
		byte[] noise = new byte[8192];
		new Random(1).nextBytes(noise);
		Files.write(file, noise);
		assertThatThrownBy(() -> SqliteFileCheck.check(file, at(file))).isInstanceOf(StoreUnusableException.class)
			.hasMessageStartingWith("The store file " + file + " is not a sound SQLite database")
			.satisfies(ex -> assertThat(((StoreUnusableException) ex).action()).contains("PRAGMA integrity_check", ".recover"));
		assertThat(Files.readAllBytes(file)).isEqualTo(noise);
	}

	@Test
	void aSoundOrNewFilePasses() {
		Path file = dir.resolve("new.db");
		assertThatCode(() -> SqliteFileCheck.check(file, at(file))).doesNotThrowAnyException();
	}

	@Test
	void aVolumeTooFullToOpenTheFileIsNamedAsSuch() {
		Path file = dir.resolve("d.db");
		StoreUnusableException full = SqliteFileCheck.unusable(file,
				new IllegalStateException(new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_SHMSIZE)));
		assertThat(full).isNotNull();
		assertThat(full.getMessage()).contains("for want of room on its volume");
		assertThat(full.action()).startsWith("Free space on the volume that holds " + file);
		assertThat(SqliteFileCheck.unusable(file, new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)))
			.as("left to whatever meets it").isNull();
	}

	private static SQLiteDataSource at(Path file) {
		SQLiteDataSource source = new SQLiteDataSource();
		source.setUrl("jdbc:sqlite:" + file);
		return source;
	}

}
