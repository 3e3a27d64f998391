package io.aurora.intelligence.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.CannotSerializeTransactionException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A write whose database is lost fails its rollback too: the write's own failure is what its caller gets, the
 * rollback's is attached to it, and the outage is logged in one line, not once per write (the service
 * reports store failures at most once every 10 s). A failed batch ends its transaction for readiness even when no write of it is retried.
 */
@ExtendWith(OutputCaptureExtension.class)
class BatchWriterTests extends AbstractTraceStoreTests {

	@Test
	void aWriteAndItsRollbackBothFailingGiveTheWritesFailureAndLogOneLine(CapturedOutput output) {
		GroupCommitter lost = new GroupCommitter(new LostOnUse(dataSource), new SimpleMeterRegistry());
		lost.start();
		try {
			assertThatThrownBy(() -> lost.submitAlone(db -> db.sql("INSERT INTO store_probe (id, written_at_ms) VALUES (2, 0)")
				.update(), rows -> { }))
				.isInstanceOf(DataAccessException.class)
				.hasRootCauseMessage("connection lost during the write")
				.satisfies(ex -> assertThat(ex.getSuppressed()).as("the rollback's failure, attached")
					.anySatisfy(rollback -> assertThat(rollback).hasStackTraceContaining("connection lost at rollback")));
		}
		finally {
			lost.stop();
		}
		assertThat(output.getAll()).doesNotContain("overridden by rollback exception").doesNotContain("\tat ")
			.doesNotContain("Store writer failed a batch").containsOnlyOnce("Trace store failed a transaction");
	}

	@Test
	void aCommitAndItsRollbackBothFailingGiveTheCommitsFailureAndLogOneLine(CapturedOutput output) {
		GroupCommitter lost = new GroupCommitter(new LostOnUse(dataSource, "commit"), new SimpleMeterRegistry());
		lost.start();
		try {
			assertThatThrownBy(() -> lost.submitAlone(db -> db.sql("INSERT INTO store_probe (id, written_at_ms) VALUES (3, 0)")
				.update(), rows -> { }))
				.as("a commit that may have happened: never taken as refused")
				.isInstanceOf(CommitUncertainException.class)
				.hasRootCauseMessage("connection lost at commit")
				.satisfies(ex -> assertThat(ex.getCause().getSuppressed()).as("the rollback's failure, attached")
					.anySatisfy(rollback -> assertThat(rollback).hasStackTraceContaining("connection lost at rollback")));
		}
		finally {
			lost.stop();
		}
		assertThat(output.getAll()).doesNotContain("overridden by rollback exception").doesNotContain("\tat ")
			.doesNotContain("Store writer failed a batch").containsOnlyOnce("Trace store failed a transaction");
	}

	@Test
	void aBatchFailedByOneWriteWhoseCallersWereAllGivenUpOnLeavesTheWriterIdle() throws InterruptedException {
		WriterHealth health = new WriterHealth(1);
		BatchWriter writer = new BatchWriter(dataSource, health, CommitMeters.register(new SimpleMeterRegistry()));
		List<PendingWrite> late = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			PendingWrite write = new PendingWrite(db -> db.sql("INSERT INTO store_probe (id, written_at_ms) VALUES (7, 0)").update(),
					rows -> { }, GroupCommitter.NOTHING, false, Long.MAX_VALUE);
			write.fail(new IllegalStateException("released as late by the watchdog"));
			late.add(write);
		}
		writer.commit(late);
		Thread.sleep(5);
		assertThat(health.refusing(0)).as("no transaction runs, none failed for the store's sake").isFalse();
		assertThat(health.report(true, 0, false).fault()).isNull();
	}

	@Test
	void aBatchThatLosesADeadlockIsRunAgainWriteByWriteWithoutCountingAsAStoreFault() {
		WriterHealth health = new WriterHealth(10_000);
		BatchWriter writer = new BatchWriter(dataSource, health, CommitMeters.register(new SimpleMeterRegistry()));
		AtomicInteger conflicts = new AtomicInteger(3);
		PendingWrite contended = new PendingWrite(db -> {
			int rows = db.sql("INSERT INTO store_probe (id, written_at_ms) VALUES (21, 0)").update();
			if (conflicts.getAndDecrement() > 0) {
				throw new CannotAcquireLockException("another replica's batch holds the row",
						new SQLException("deadlock detected", "40P01"));
			}
			return rows;
		}, rows -> { }, GroupCommitter.NOTHING, false, Long.MAX_VALUE);
		PendingWrite bystander = new PendingWrite(db -> db.sql("INSERT INTO store_probe (id, written_at_ms) VALUES (22, 0)").update(),
				rows -> { }, GroupCommitter.NOTHING, false, Long.MAX_VALUE);
		writer.commit(List.of(contended, bystander));
		assertThat(bystander.result()).as("not failed with the batch").isCompletedWithValue(1);
		assertThat(contended.result()).as("the batch's deadlock and two more, then stored").isCompletedWithValue(1);
		assertThat(health.refusing(60_000_000_000L)).as("a lost conflict says nothing of the store").isFalse();
		assertThat(health.report(true, 0, false).fault()).isNull();

		AtomicInteger tries = new AtomicInteger();
		PendingWrite hopeless = new PendingWrite(db -> {
			tries.incrementAndGet();
			throw new CannotSerializeTransactionException("keeps losing", new SQLException("could not serialize", "40001"));
		}, rows -> { }, GroupCommitter.NOTHING, false, Long.MAX_VALUE);
		writer.commit(List.of(hopeless));
		assertThat(hopeless.result()).isCompletedExceptionally();
		assertThat(tries).as("a batch of one counts as its first try").hasValue(BatchWriter.CONFLICT_ATTEMPTS);
		assertThat(health.refusing(60_000_000_000L)).isFalse();
	}

	@Test
	void aBatchWhoseConnectionIsLostBeforeItsCommitIsRunOnceMoreOnAFreshConnection() {
		AtomicInteger drops = new AtomicInteger(1);
		WriterHealth health = new WriterHealth(10_000);
		BatchWriter writer = new BatchWriter(new DroppedOnce(dataSource, drops), health,
				CommitMeters.register(new SimpleMeterRegistry()));
		PendingWrite first = probe(31);
		PendingWrite second = probe(32);
		writer.commit(List.of(first, second));
		assertThat(first.result()).as("nothing was stored before the drop: run again").isCompletedWithValue(1);
		assertThat(second.result()).isCompletedWithValue(1);
		assertThat(health.refusing(60_000_000_000L)).as("the database was sound all along").isFalse();
		assertThat(JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM store_probe WHERE id IN (31, 32)").query(Integer.class)
			.single()).isEqualTo(2);

		drops.set(2);
		PendingWrite again = probe(33);
		writer.commit(List.of(again));
		assertThat(again.result()).as("once more only: a second drop is an outage").isCompletedExceptionally();
		assertThat(health.refusing(60_000_000_000L)).isTrue();
	}

	@Test
	void aStoreThatGivesNoConnectionIsNotTriedAgainOnAFreshOne() {
		AtomicInteger asked = new AtomicInteger();
		DelegatingDataSource unreachable = new DelegatingDataSource(dataSource) {

			@Override
			public Connection getConnection() throws SQLException {
				asked.incrementAndGet();
				throw new SQLException("Connection to 10.0.0.9:5432 refused", "08001");
			}

		};
		WriterHealth health = new WriterHealth(10_000);
		BatchWriter writer = new BatchWriter(unreachable, health, CommitMeters.register(new SimpleMeterRegistry()));
		PendingWrite lost = probe(41);
		writer.commit(List.of(lost, probe(42)));
		assertThat(lost.result()).isCompletedExceptionally();
		assertThat(asked).as("an outage, not a dropped connection: one wait for the pool, not two").hasValue(1);
		assertThat(health.refusing(60_000_000_000L)).isTrue();
	}

	private static PendingWrite probe(int id) {
		return new PendingWrite(db -> db.sql("INSERT INTO store_probe (id, written_at_ms) VALUES (" + id + ", 0)").update(),
				rows -> { }, GroupCommitter.NOTHING, false, Long.MAX_VALUE);
	}

	/** Connections whose statements fail while {@code drops} lasts, as after PostgreSQL ended the session. */
	private static final class DroppedOnce extends DelegatingDataSource {

		private final AtomicInteger drops;

		DroppedOnce(javax.sql.DataSource target, AtomicInteger drops) {
			super(target);
			this.drops = drops;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection real = super.getConnection();
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> {
						if (method.getName().endsWith("Statement") && drops.getAndDecrement() > 0) {
							throw new SQLException("terminating connection due to administrator command", "57P01");
						}
						try {
							return method.invoke(real, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

	/**
	 * Connections that fail the rollback and, from the step named on, the rest of the transaction, as a
	 * database lost mid-transaction does: every statement, or only the commit.
	 */
	private static final class LostOnUse extends DelegatingDataSource {

		private final String lostAt;

		LostOnUse(javax.sql.DataSource target) {
			this(target, "statement");
		}

		LostOnUse(javax.sql.DataSource target, String lostAt) {
			super(target);
			this.lostAt = lostAt;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection real = super.getConnection();
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> switch (method.getName()) {
						case "prepareStatement", "createStatement" -> {
							if ("statement".equals(lostAt)) {
								throw new SQLException("connection lost during the write", "08006");
							}
							yield invoke(real, method, args);
						}
						case "commit" -> {
							if ("commit".equals(lostAt)) {
								throw new SQLException("connection lost at commit", "08006");
							}
							yield invoke(real, method, args);
						}
						case "rollback" -> throw new SQLException("connection lost at rollback", "08006");
						default -> invoke(real, method, args);
					});
		}

		private static Object invoke(Connection real, java.lang.reflect.Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(real, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
