package io.aurora.intelligence.auditor;

/**
 * A model import, export or evaluation that found another copy of the model being made for longer than it waits:
 * answered 503 with {@code Retry-After}, and nothing changed.
 */
public class ModelBusyException extends RuntimeException {

	private final int retryAfterSeconds;

	/** Creates the exception with the reason and the seconds after which to retry. */
	public ModelBusyException(String message, int retryAfterSeconds) {
		super(message);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	/** The seconds after which a retry is likely to find the slot free. */
	public int retryAfterSeconds() {
		return retryAfterSeconds;
	}

}
