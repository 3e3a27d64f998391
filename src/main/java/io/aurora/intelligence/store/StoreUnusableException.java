package io.aurora.intelligence.store;

/** The store's file cannot be written where it is configured; the service cannot start. */
class StoreUnusableException extends IllegalStateException {

	StoreUnusableException(String message) {
		super(message);
	}

}
