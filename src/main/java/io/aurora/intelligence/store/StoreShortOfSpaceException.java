package io.aurora.intelligence.store;

/** A decision refused because the store's volume is under {@code STORE_MIN_FREE_MB} free ({@link DiskFloor}). */
public class StoreShortOfSpaceException extends StoreRefusingException {

	/** How long a caller should wait before retrying: retention runs every 10 minutes. */
	public static final int RETRY_AFTER_S = 60;

	StoreShortOfSpaceException(String message) {
		super(message);
	}

}
