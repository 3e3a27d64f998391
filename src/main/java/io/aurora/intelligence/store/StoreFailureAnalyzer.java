package io.aurora.intelligence.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a store the service cannot use (a file it cannot write, SQLite's library it cannot load) into Spring Boot's short "APPLICATION FAILED TO START"
 * report, with what to do, instead of a stack trace of nested bean-creation errors.
 */
class StoreFailureAnalyzer extends AbstractFailureAnalyzer<StoreUnusableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StoreUnusableException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
