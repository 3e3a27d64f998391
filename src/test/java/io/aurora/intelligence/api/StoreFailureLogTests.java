package io.aurora.intelligence.api;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aurora.intelligence.store.StoreRefusingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** Answers refused for the store are logged at most once every 10 s, those refused without trying it included. */
@ExtendWith(OutputCaptureExtension.class)
class StoreFailureLogTests {

	@Test
	void anAnswerRefusedWithoutTryingTheStoreIsReportedAndTheNextOnesCounted(CapturedOutput output) {
		AtomicLong now = new AtomicLong(1_000);
		StoreFailureLog failures = new StoreFailureLog(now::get);
		failures.refused(new StoreRefusingException("The trace store takes no writes now (its last commit failed "
				+ "(TransactionSystemException))", null));
		for (int i = 0; i < 5; i++) {
			now.addAndGet(TimeUnit.SECONDS.toNanos(1));
			failures.refused(new DataAccessResourceFailureException("write failed", new SQLException("[SQLITE_FULL]")));
		}
		assertThat(output.getOut()).containsOnlyOnce("Trace store unavailable")
			.contains("Trace store unavailable: StoreRefusingException: The trace store takes no writes now (its last commit "
					+ "failed (TransactionSystemException))");
		now.addAndGet(TimeUnit.SECONDS.toNanos(StoreFailureLog.EVERY_S));
		failures.refused(new DataAccessResourceFailureException("write failed", new SQLException("[SQLITE_FULL]")));
		assertThat(output.getOut()).as("the next report, 10 s on, counts the five not logged")
			.contains("Trace store unavailable (and 5 more answers refused for it since the last report)")
			.containsPattern("(?s)Trace store unavailable:.*Trace store unavailable \\(and 5");
	}

}
