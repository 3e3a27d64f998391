package io.aurora.intelligence.store;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the trace store, bound from {@code STORE_FILE} and {@code STORE_SYNC}.
 *
 * @param file SQLite database path (the seed's default is {@code /data/decisions.db}); when its
 * directory cannot be created the store falls back to {@code ./data/decisions.db}
 * @param sync {@code FULL} makes every acknowledged write survive power loss; {@code NORMAL} (WAL)
 * survives a process crash such as kill -9 but may lose the last commits on power loss
 */
@Validated
@ConfigurationProperties("aurora.store")
public record StoreProperties(@NotBlank String file, @NotNull Sync sync) {

	/** SQLite's {@code synchronous} levels the store supports. */
	public enum Sync {

		/** fsync on every commit: durable across power loss. */
		FULL,

		/** fsync at checkpoints only: durable across process crashes. */
		NORMAL

	}

}
