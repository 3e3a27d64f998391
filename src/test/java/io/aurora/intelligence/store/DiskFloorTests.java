package io.aurora.intelligence.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The free space kept under the SQLite store: the volume's, plus the file's own reusable pages, looked at once a second. */
@ExtendWith(OutputCaptureExtension.class)
class DiskFloorTests {

	private static final long MIB = 1024 * 1024;

	@TempDir
	Path dir;

	private JdbcClient jdbc;

	private final AtomicLong volume = new AtomicLong();

	private final AtomicLong nanos = new AtomicLong();

	@BeforeEach
	void open() {
		SQLiteDataSource ds = new SQLiteDataSource();
		ds.setUrl("jdbc:sqlite:" + dir.resolve("d.db"));
		jdbc = JdbcClient.create(ds);
		jdbc.sql("CREATE TABLE bulk (data BLOB)").update();
	}

	@Test
	void underTheFloorDecisionsAreRefusedSayingWhatIsFreeUntilTheNextLookFindsRoom() {
		DiskFloor floor = DiskFloor.of(jdbc, 100 * MIB, volume::get, nanos::get);
		volume.set(200 * MIB);
		assertThatCode(floor::require).doesNotThrowAnyException();
		volume.set(50 * MIB);
		nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
		assertThatThrownBy(floor::require).isInstanceOf(StoreShortOfSpaceException.class)
			.hasMessageContaining("50 MiB free")
			.hasMessageContaining("STORE_MIN_FREE_MB=100");
		volume.set(200 * MIB);
		nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
		assertThatThrownBy(floor::require).as("looked at once a second").isInstanceOf(StoreShortOfSpaceException.class);
		nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
		assertThatCode(floor::require).doesNotThrowAnyException();
	}

	@Test
	void aVolumeThatCannotBeMeasuredAnyMoreRefusesNothing(CapturedOutput output) {
		DiskFloor floor = DiskFloor.of(jdbc, 100 * MIB, () -> {
			if (volume.get() < 0) {
				throw new UncheckedIOException(new IOException("Input/output error"));
			}
			return volume.get();
		}, nanos::get);
		volume.set(50 * MIB);
		assertThatThrownBy(floor::require).isInstanceOf(StoreShortOfSpaceException.class);
		volume.set(-1);
		nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
		assertThatCode(floor::require).as("short when last measured, unknown now").doesNotThrowAnyException();
		assertThat(floor.shortage()).isNull();
		assertThat(output.getAll()).contains("Decisions resume: the store's free space cannot be measured any more")
			.contains("Input/output error");
	}

	@Test
	void pagesRetentionFreedInsideTheFileCountAsFreeSinceSqliteReusesThem() {
		DiskFloor floor = DiskFloor.of(jdbc, 10 * MIB, volume::get, nanos::get);
		volume.set(4 * MIB);
		for (int i = 0; i < 8; i++) {
			jdbc.sql("INSERT INTO bulk VALUES (zeroblob(1048576))").update();
		}
		assertThatThrownBy(floor::require).isInstanceOf(StoreShortOfSpaceException.class);
		jdbc.sql("DELETE FROM bulk").update();
		nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
		assertThatCode(floor::require).as("4 MiB on the volume and 8 in the file").doesNotThrowAnyException();
	}

	@Test
	void theFloorMeasuresTheVolumeTheStoreFileIsOn(CapturedOutput output) throws IOException {
		assertThatCode(DiskFloor.sqlite(jdbc, 1, new SimpleMeterRegistry())::require).doesNotThrowAnyException();
		assertThat(output.getAll()).doesNotContain("STORE_MIN_FREE_MB");
		DiskFloor beyond = DiskFloor.sqlite(jdbc, 1_048_576, new SimpleMeterRegistry());
		assertThat(output.getAll()).as("said at start, not at the first decision")
			.contains("MiB free (with the file's reusable pages), under STORE_MIN_FREE_MB=1048576");
		if (Files.getFileStore(dir).getTotalSpace() < 1_048_576 * MIB) {
			assertThat(output.getAll()).as("a floor above the whole volume: said so")
				.contains("less than STORE_MIN_FREE_MB=1048576: every decision will be refused");
		}
		assertThatThrownBy(beyond::require)
			.as("1 TiB free: no test machine has it")
			.isInstanceOf(StoreShortOfSpaceException.class);
	}

	@Test
	void theFloorIsPublishedBesideWhetherDecisionsAreRefusedAndIsZeroWithoutOne() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		DiskFloor.sqlite(jdbc, 1_048_576, meters);
		assertThat(meters.get(MetricNames.STORE_MIN_FREE).gauge().value()).isEqualTo(1_048_576.0 * MIB);
		assertThat(meters.get(MetricNames.STORE_MIN_FREE).gauge().getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(meters.get(MetricNames.STORE_SHORT_OF_SPACE).gauge().value()).as("1 TiB free: no test machine has it")
			.isEqualTo(1.0);
		SimpleMeterRegistry none = new SimpleMeterRegistry();
		assertThat(DiskFloor.sqlite(jdbc, 0, none)).isNull();
		assertThat(none.get(MetricNames.STORE_MIN_FREE).gauge().value()).isZero();
		assertThat(none.get(MetricNames.STORE_SHORT_OF_SPACE).gauge().value()).isZero();
		SimpleMeterRegistry shared = new SimpleMeterRegistry();
		DiskFloor.none(shared);
		assertThat(shared.get(MetricNames.STORE_MIN_FREE).gauge().value()).isZero();
	}

}
