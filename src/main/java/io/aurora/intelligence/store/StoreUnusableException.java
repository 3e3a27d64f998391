package io.aurora.intelligence.store;

/** The store cannot be used where it is configured; the service cannot start. */
class StoreUnusableException extends IllegalStateException {

	/** What to do about a store file the service cannot write. */
	static final String UNWRITABLE_FILE = "Set STORE_FILE to a file in a directory the service's user can write (in the "
			+ "container, uid 10001 and the /data volume), or unset it to use /data/decisions.db, or ./data/decisions.db "
			+ "where /data cannot be made.";

	private final String action;

	StoreUnusableException(String message) {
		this(message, UNWRITABLE_FILE);
	}

	StoreUnusableException(String message, String action) {
		super(message);
		this.action = action;
	}

	/** What the operator can do about it. */
	String action() {
		return action;
	}

}
