package io.aurora.intelligence.store;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * A write refused without trying the store, which is known to fail now ({@link TraceStore#requireWritable}):
 * answered as the store's other failures are, but it carries no failure of its own to log.
 */
public class StoreRefusingException extends TransientDataAccessResourceException {

	StoreRefusingException(String message) {
		super(message);
	}

	/** A refusal because a probe write found the store still failing. */
	public StoreRefusingException(String message, Throwable cause) {
		super(message, cause);
	}

}
