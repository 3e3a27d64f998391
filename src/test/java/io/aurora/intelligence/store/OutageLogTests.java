package io.aurora.intelligence.store;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** Store failures the writer meets are logged however they are met, at most every 10 s, and a reported outage's end. */
@ExtendWith(OutputCaptureExtension.class)
class OutageLogTests {

	private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1));

	private final OutageLog outages = new OutageLog(now::get);

	private final DataAccessResourceFailureException full = new DataAccessResourceFailureException("write failed",
			new SQLException("[SQLITE_FULL] database or disk is full"));

	@Test
	void anOutageIsLoggedWhenItStartsEveryTenSecondsWhileItLastsAndWhenItEnds(CapturedOutput output) {
		outages.failed(full);
		assertThat(output.getOut()).contains("Trace store failed a transaction: DataAccessResourceFailureException: write failed; "
				+ "caused by SQLException: [SQLITE_FULL] database or disk is full").doesNotContain("\tat ");
		for (int second = 1; second < 10; second++) {
			later(1_000);
			outages.failed(full);
		}
		assertThat(output.getOut()).as("a probe a second, one line").doesNotContain("still failing");
		later(1_000);
		outages.failed(full);
		assertThat(output.getOut()).contains("Trace store still failing after 10 s (9 more failed transactions since the last report): "
				+ "DataAccessResourceFailureException: write failed");
		later(1_500);
		outages.committed();
		outages.committed();
		assertThat(output.getOut()).containsOnlyOnce("Trace store commits again after 11500 ms of failures");
		later(10_000);
		outages.failed(full);
		assertThat(output.getOut().split("Trace store failed a transaction", -1)).as("the next outage is logged afresh").hasSize(3);
	}

	@Test
	void aStoreFailingOnAndOffLogsTwoLinesEveryTenSecondsAtMost(CapturedOutput output) {
		for (int i = 0; i < 20; i++) {
			later(100);
			outages.failed(full);
			later(100);
			outages.committed();
		}
		assertThat(output.getOut().lines().filter(line -> line.contains("Trace store"))).hasSize(2);
		later(10_000);
		outages.failed(full);
		assertThat(output.getOut()).contains("Trace store failed a transaction (19 more failed transactions since the last report, "
				+ "in 20 outages): ");
	}

	@Test
	void aStoreThatCommitsLogsNothing(CapturedOutput output) {
		outages.committed();
		assertThat(output.getOut()).doesNotContain("Trace store");
	}

	private void later(long millis) {
		now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
