package io.aurora.intelligence.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.dbcp2.BasicDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A store on a fresh SQLite file per test, behind a data source the test can make fail, with its writer on a
 * 300 ms commit timeout, and the writes the tests hold open.
 */
abstract class AbstractStoreHealthIndicatorTests {

	@TempDir
	Path dir;

	BasicDataSource pool;

	final FailingDataSource store = new FailingDataSource();

	GroupCommitter writer;

	@BeforeEach
	void open() {
		pool = StoreConfiguration.sqlite(StoreProperties.sqlite(dir.resolve("decisions.db").toString()));
		Flyway.configure().dataSource(pool).locations("classpath:db/migration/sqlite").load().migrate();
		store.setTargetDataSource(pool);
		writer = new GroupCommitter(store, new SimpleMeterRegistry(), 300);
		writer.start();
	}

	@AfterEach
	void close() throws Exception {
		writer.stop();
		pool.close();
	}

	/** A write whose transaction runs until {@code release} (10 s at most), then commits. */
	CompletableFuture<Integer> commitHeldUntil(CountDownLatch release) {
		return CompletableFuture.supplyAsync(() -> writer.submit(db -> {
			awaitRelease(release);
			return 1;
		}, rows -> { }, GroupCommitter.NOTHING));
	}

	/** Holds the writer until the test releases it, 10 s at most. */
	static void awaitRelease(CountDownLatch release) {
		try {
			release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A data source that counts the connections borrowed and, while {@code failing}, refuses every one as
	 * a full disk or lost database would.
	 */
	static final class FailingDataSource extends DelegatingDataSource {

		volatile boolean failing;

		/** How long a failing borrow takes to fail, as a pool waiting for a lost database's connection does. */
		volatile long failAfterMs;

		final AtomicInteger borrowed = new AtomicInteger();

		@Override
		public Connection getConnection() throws SQLException {
			borrowed.incrementAndGet();
			if (failing) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(failAfterMs));
				throw new SQLException("disk I/O error");
			}
			return super.getConnection();
		}

	}

}
