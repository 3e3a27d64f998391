package io.aurora.intelligence.store;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the store, bound from {@code STORE_FILE}, {@code STORE_SYNC}, {@code STORE_URL},
 * {@code STORE_USER}, {@code STORE_PASSWORD}, {@code STORE_TIMEOUT_MS}, {@code STORE_POOL_SIZE},
 * {@code STORE_MIN_FREE_MB} and {@code STORE_LOCK_WAIT_S}.
 *
 * @param file SQLite database path (the seed's default is {@code /data/decisions.db}); left at the
 * default and not writable, the store falls back to {@code ./data/decisions.db}
 * @param sync {@code FULL} makes every acknowledged write survive power loss; {@code NORMAL} (WAL)
 * survives a process crash such as kill -9 but may lose the last commits on power loss (SQLite only)
 * @param url a {@code jdbc:postgresql://…} URL switches to the shared PostgreSQL store, which any
 * number of replicas use together; empty keeps the embedded SQLite file
 * @param user PostgreSQL user (a final line break is dropped); set without {@code url}, the start is refused
 * @param password PostgreSQL password (a final line break is dropped); set without {@code url}, the start is refused
 * @param timeoutMs how long a request waits for its write to be committed: a write the store has not
 * begun by then is withdrawn and answered 503 (not stored); one being committed is given up on at twice
 * this (503, though it may still be stored)
 * @param poolSize PostgreSQL connections each replica may open; replicas times this must stay under the
 * server's {@code max_connections}
 * @param minFreeMb MiB of the SQLite store's volume kept for feedback, snapshots and retention: with less
 * free, decisions are refused (503) before the router is asked; 0 keeps none (SQLite only)
 * @param lockWaitS seconds a start waits for another process holding the SQLite file to stop before it
 * refuses to start ({@link StoreOwner}); longer than the grace period a stopping pod is given (SQLite only)
 */
@Validated
@ConfigurationProperties("aurora.store")
record StoreProperties(@NotBlank String file, @NotNull Sync sync, @Nullable String url, @Nullable String user,
		@Nullable String password, @Min(100) @Max(60_000) long timeoutMs, @Min(2) @Max(100) int poolSize,
		@Min(0) @Max(1_048_576) long minFreeMb, @Min(0) @Max(3_600) long lockWaitS) {

	/**
	 * Takes the path and the URL without surrounding whitespace, as every other setting is read, so that a value with
	 * a stray space does not start an empty store beside the real one (or name a database that does not exist); and
	 * the login without one final line break, which a Secret made from a file carries and PostgreSQL would refuse.
	 */
	StoreProperties {
		file = file == null ? null : file.strip();
		url = url == null ? null : url.strip();
		user = withoutLineBreak(user);
		password = withoutLineBreak(password);
	}

	/** The default of {@code STORE_TIMEOUT_MS}. */
	static final long DEFAULT_TIMEOUT_MS = 5_000;

	/** The default of {@code STORE_POOL_SIZE}. */
	static final int DEFAULT_POOL_SIZE = 8;

	/** The default of {@code STORE_MIN_FREE_MB}. */
	static final long DEFAULT_MIN_FREE_MB = 256;

	/** The default of {@code STORE_LOCK_WAIT_S}. */
	static final long DEFAULT_LOCK_WAIT_S = 120;

	/** The embedded store at {@code file} with every other setting at its default. */
	static StoreProperties sqlite(String file) {
		return new StoreProperties(file, Sync.FULL, null, null, null, DEFAULT_TIMEOUT_MS, DEFAULT_POOL_SIZE, DEFAULT_MIN_FREE_MB,
				DEFAULT_LOCK_WAIT_S);
	}

	@AssertTrue(message = "STORE_URL must be a jdbc:postgresql:// URL, or unset for the embedded SQLite file")
	boolean isUrlSupported() {
		return !shared() || url.startsWith("jdbc:postgresql://");
	}

	@AssertTrue(message = "STORE_USER or STORE_PASSWORD is set without STORE_URL: each replica would learn alone on its own "
			+ "SQLite file; set STORE_URL to the shared jdbc:postgresql:// URL, or unset both for the embedded store")
	boolean isLoginWithUrl() {
		return shared() || isBlank(user) && isBlank(password);
	}

	/**
	 * The variables that {@code values} sets to other than their defaults and the configured store does not read: on
	 * PostgreSQL the SQLite file's sync level, disk floor and lock wait, on SQLite the pool size ({@code STORE_FILE} is
	 * left out: the image sets it).
	 */
	List<String> unread(Function<String, @Nullable String> values) {
		Map<String, String> unread = shared()
				? Map.of("STORE_SYNC", Sync.FULL.name(), "STORE_MIN_FREE_MB", String.valueOf(DEFAULT_MIN_FREE_MB), "STORE_LOCK_WAIT_S",
						String.valueOf(DEFAULT_LOCK_WAIT_S))
				: Map.of("STORE_POOL_SIZE", String.valueOf(DEFAULT_POOL_SIZE));
		return unread.entrySet().stream().filter(setting -> {
			String value = values.apply(setting.getKey());
			return value != null && !value.strip().equalsIgnoreCase(setting.getValue());
		}).map(Map.Entry::getKey).sorted().toList();
	}

	/** Whether the shared PostgreSQL store is configured. */
	boolean shared() {
		return url != null && !url.isBlank();
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static @Nullable String withoutLineBreak(@Nullable String value) {
		if (value == null) {
			return null;
		}
		if (value.endsWith("\r\n")) {
			return value.substring(0, value.length() - 2);
		}
		return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
	}

	/** SQLite's {@code synchronous} levels the store supports. */
	public enum Sync {

		/** fsync on every commit: durable across power loss. */
		FULL,

		/** fsync at checkpoints only: durable across process crashes. */
		NORMAL

	}

}
