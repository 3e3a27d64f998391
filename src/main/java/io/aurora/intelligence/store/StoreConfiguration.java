package io.aurora.intelligence.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the store: the embedded SQLite file in WAL mode with foreign keys on and a busy timeout, or,
 * with {@code STORE_URL}, the shared PostgreSQL database. Connections are bounded by a short timeout so
 * an unreachable database is answered 503 quickly. Flyway migrates either dialect before first use.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
class StoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

	static final Path FALLBACK = Path.of("data", "decisions.db");

	/** How long a request waits for a database connection before the store counts as unavailable. */
	static final long CONNECTION_TIMEOUT_MS = 2_000;

	@Bean
	HikariDataSource dataSource(StoreProperties properties) {
		return properties.shared() ? postgres(properties) : sqlite(properties);
	}

	private static HikariDataSource postgres(StoreProperties properties) {
		HikariConfig pool = new HikariConfig();
		pool.setJdbcUrl(properties.url());
		pool.setUsername(properties.user());
		pool.setPassword(properties.password());
		pool.setPoolName("store");
		pool.setMaximumPoolSize(16);
		pool.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
		pool.setInitializationFailTimeout(-1);
		pool.addDataSourceProperty("connectTimeout", "2");
		pool.addDataSourceProperty("socketTimeout", "10");
		pool.addDataSourceProperty("tcpKeepAlive", "true");
		log.info("Trace store: shared PostgreSQL at {}", properties.url());
		return new HikariDataSource(pool);
	}

	static HikariDataSource sqlite(StoreProperties properties) {
		Path file = resolve(Path.of(properties.file()));
		SQLiteConfig sqlite = new SQLiteConfig();
		sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
		sqlite.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(properties.sync().name()));
		sqlite.setBusyTimeout(10_000);
		sqlite.enforceForeignKeys(true);
		SQLiteDataSource target = new SQLiteDataSource(sqlite);
		target.setUrl("jdbc:sqlite:" + file);
		HikariConfig pool = new HikariConfig();
		pool.setDataSource(target);
		pool.setPoolName("store");
		pool.setMaximumPoolSize(8);
		pool.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
		log.info("Trace store: SQLite at {} (WAL, synchronous={})", file.toAbsolutePath(), properties.sync());
		return new HikariDataSource(pool);
	}

	@Bean
	GroupCommitter storeWriter(DataSource dataSource, MeterRegistry meters) {
		return new GroupCommitter(dataSource, meters);
	}

	/** The configured file when its directory can be created and written, else {@link #FALLBACK}. */
	static Path resolve(Path configured) {
		if (usable(configured)) {
			return configured;
		}
		if (!usable(FALLBACK)) {
			throw new IllegalStateException("Neither " + configured + " nor " + FALLBACK.toAbsolutePath()
					+ " can be written; set STORE_FILE to a writable path");
		}
		log.warn("Cannot write the store at {}; falling back to {}", configured, FALLBACK.toAbsolutePath());
		return FALLBACK;
	}

	private static boolean usable(Path file) {
		Path dir = file.toAbsolutePath().getParent();
		try {
			Files.createDirectories(dir);
			return Files.isWritable(dir) && (!Files.exists(file) || Files.isWritable(file));
		}
		catch (IOException | SecurityException ex) {
			return false;
		}
	}

}
