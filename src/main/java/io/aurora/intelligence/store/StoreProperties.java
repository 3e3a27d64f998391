package io.aurora.intelligence.store;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the store, bound from {@code STORE_FILE}, {@code STORE_SYNC}, {@code STORE_URL},
 * {@code STORE_USER} and {@code STORE_PASSWORD}.
 *
 * @param file SQLite database path (the seed's default is {@code /data/decisions.db}); when its
 * directory cannot be created the store falls back to {@code ./data/decisions.db}
 * @param sync {@code FULL} makes every acknowledged write survive power loss; {@code NORMAL} (WAL)
 * survives a process crash such as kill -9 but may lose the last commits on power loss (SQLite only)
 * @param url a {@code jdbc:postgresql://…} URL switches to the shared PostgreSQL store, which any
 * number of replicas use together; empty keeps the embedded SQLite file
 * @param user PostgreSQL user
 * @param password PostgreSQL password
 */
@Validated
@ConfigurationProperties("aurora.store")
public record StoreProperties(@NotBlank String file, @NotNull Sync sync, @Nullable String url, @Nullable String user,
		@Nullable String password) {

	@AssertTrue(message = "STORE_URL must be a jdbc:postgresql:// URL, or unset for the embedded SQLite file")
	boolean isUrlSupported() {
		return !shared() || url.startsWith("jdbc:postgresql://");
	}

	/** Whether the shared PostgreSQL store is configured. */
	public boolean shared() {
		return url != null && !url.isBlank();
	}

	/** SQLite's {@code synchronous} levels the store supports. */
	public enum Sync {

		/** fsync on every commit: durable across power loss. */
		FULL,

		/** fsync at checkpoints only: durable across process crashes. */
		NORMAL

	}

}
