package io.aurora.intelligence.api;

import java.sql.SQLException;

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
		StoreFailureLog failures = new StoreFailureLog();
		failures.refused(new StoreRefusingException("The trace store takes no writes now (its last commit failed "
				+ "(TransactionSystemException))", null));
		for (int i = 0; i < 5; i++) {
			failures.refused(new DataAccessResourceFailureException("write failed", new SQLException("[SQLITE_FULL]")));
		}
		assertThat(output.getOut()).containsOnlyOnce("Trace store unavailable")
			.contains("Trace store unavailable: StoreRefusingException: The trace store takes no writes now (its last commit "
					+ "failed (TransactionSystemException))");
	}

}
