package io.aurora.intelligence.store;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A write whose commit began and whose outcome is unknown: it may be stored (the commit was late past
 * twice {@code STORE_TIMEOUT_MS}, the writer stopped or was interrupted during it, or the commit and the
 * rollback after it both failed). A caller must not take it as refused.
 */
public class CommitUncertainException extends DataAccessResourceFailureException {

	CommitUncertainException(String message) {
		super(message);
	}

	CommitUncertainException(String message, Throwable cause) {
		super(message, cause);
	}

}
