package io.aurora.intelligence.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a store the service cannot write into Spring Boot's short "APPLICATION FAILED TO START"
 * report, with what to do, instead of a stack trace of nested bean-creation errors.
 */
class StoreFailureAnalyzer extends AbstractFailureAnalyzer<StoreUnusableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StoreUnusableException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set STORE_FILE to a file in a directory the service's user can write (in the container, uid 10001 and "
						+ "the /data volume), or unset it to use /data/decisions.db, or ./data/decisions.db where /data cannot be made.",
				cause);
	}

}
