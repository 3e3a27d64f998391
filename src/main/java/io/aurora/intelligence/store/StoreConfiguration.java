package io.aurora.intelligence.store;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.commons.dbcp2.BasicDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Opens the store: the embedded SQLite file in WAL mode with foreign keys on and a busy timeout, or,
 * with {@code STORE_URL}, the shared PostgreSQL database. Connections are bounded by a short timeout so
 * an unreachable database is answered 503 quickly. Flyway migrates either dialect before first use.
 * SQLite's pool is DBCP2 with prepared-statement pooling, because compiling a statement costs SQLite
 * as much as running it and its driver keeps no cache, and without a validation query on every
 * borrow, since a connection to a local file does not go stale; PostgreSQL's driver caches its own
 * statements, under Hikari.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
class StoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

	static final Path FALLBACK = Path.of("data", "decisions.db");

	/** The seed's default {@code STORE_FILE}, the one path that may fall back. */
	static final String DEFAULT_FILE = "/data/decisions.db";

	/**
	 * Each PostgreSQL session's limits. A replica that dies inside a transaction would hold the feedback
	 * log's head row until the server noticed (hours, by TCP's defaults) and stall every replica's
	 * writes: the server ends a transaction idle for 5 s, a lock wait gives up after 8 s (within the
	 * driver's 10 s socket timeout, so the connection survives it), and keepalives find a dead peer
	 * within about a minute. A server, database or role whose {@code synchronous_commit} is {@code off} would
	 * acknowledge commits a server crash can lose, so the session turns it {@code on}, and pins any stronger level
	 * it starts with: a setting of the session's own outranks the server's configuration file, which a reload
	 * could otherwise turn {@code off} under the open sessions.
	 */
	static final String SESSION_SETTINGS = "SET idle_in_transaction_session_timeout = '5s'; SET lock_timeout = '8s'; "
			+ "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3; "
			+ "SELECT set_config('synchronous_commit', CASE current_setting('synchronous_commit') WHEN 'off' THEN 'on' "
			+ "ELSE current_setting('synchronous_commit') END, false)";

	/** How long a request waits for a database connection before the store counts as unavailable. */
	static final long CONNECTION_TIMEOUT_MS = 2_000;

	/**
	 * The size SQLite cuts its {@code -wal} file back to when it starts the log over. SQLite reuses the file
	 * rather than shrinking it, so a log that grew while readers held back its checkpoints (a model export, a
	 * burst of retention) would otherwise keep that size for good; in steady use it stays near 4 MiB, below this.
	 */
	static final int WAL_SIZE_LIMIT_BYTES = 8 << 20;

	/** This service's claim on its SQLite file ({@link StoreOwner}), released once the store's connections are closed. */
	@Bean
	StoreOwner storeOwner(StoreProperties properties, Environment environment) {
		if (properties.shared()) {
			return StoreOwner.none();
		}
		boolean explicit = environment.containsProperty("STORE_FILE") || !DEFAULT_FILE.equals(properties.file());
		StoreOwner owner = StoreOwner.of(resolve(Path.of(properties.file()), explicit), Duration.ofSeconds(properties.lockWaitS()));
		StoreRecord.requireStoreWhereOneWasMade(owner);
		return owner;
	}

	/** The pool requests, followers and housekeeping read through: all but one of {@code STORE_POOL_SIZE} on PostgreSQL. */
	@Bean
	DataSource dataSource(StoreProperties properties, StoreOwner storeOwner, Environment environment) {
		Path file = storeOwner.file();
		List<String> unread = properties.unread(environment::getProperty);
		if (!unread.isEmpty()) {
			log.warn("{} set, but the {} store does not read {}", String.join(", ", unread),
					properties.shared() ? "shared PostgreSQL" : "SQLite", unread.size() == 1 ? "it" : "them");
		}
		if (properties.shared() || file == null) {
			log.info("Trace store: shared PostgreSQL at {}", JdbcUrls.redacted(properties.url()));
			return postgres(properties, "store", properties.poolSize() - 1);
		}
		DataSource source = sqlite(file, properties);
		SqliteFileCheck.check(file, source);
		StoreRecord.recordStoreMade(storeOwner);
		return source;
	}

	/**
	 * The store writer's own connection, the last of {@code STORE_POOL_SIZE} on PostgreSQL, so that
	 * requests holding every pooled connection under load cannot starve the writes and turn a busy
	 * replica unready. Not a candidate for injection by type: only the writer uses it.
	 */
	@Bean(defaultCandidate = false)
	DataSource storeWriterDataSource(StoreProperties properties, DataSource dataSource) {
		if (properties.shared()) {
			return postgres(properties, "store-writer", 1);
		}
		return sqliteAt(Path.of(((BasicDataSource) dataSource).getUrl().substring(JDBC.PREFIX.length())), properties, 1);
	}

	/**
	 * A pool of {@code connections} to the shared store, started by its first use rather than now: the migrations,
	 * on connections of their own, come first, so a pool started with a database down would still be waiting up to
	 * 5 s between its tries (Hikari's back-off) when they had found it up, and fail the start's first query at its
	 * 2 s. Each connection names the pool and this host as its {@code application_name}, unless the URL sets one.
	 */
	static HikariDataSource postgres(StoreProperties properties, String name, int connections) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(properties.url());
		pool.setUsername(properties.user());
		pool.setPassword(properties.password());
		pool.setPoolName(name);
		pool.setMaximumPoolSize(connections);
		pool.setMinimumIdle(Math.min(2, connections));
		pool.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
		// A borrowed connection idle for over 0.5 s is checked first; at Hikari's default 5 s for that check, a
		// database that stopped answering (a lost node, a partition) would take 5 s, not 2, to fail a request.
		pool.setValidationTimeout(CONNECTION_TIMEOUT_MS / 2);
		pool.setInitializationFailTimeout(-1);
		pool.addDataSourceProperty("connectTimeout", "2");
		pool.addDataSourceProperty("socketTimeout", "10");
		pool.addDataSourceProperty("tcpKeepAlive", "true");
		pool.addDataSourceProperty("ApplicationName", JdbcUrls.applicationName(name));
		pool.setConnectionInitSql(SESSION_SETTINGS);
		pool.setExceptionOverride(new ReadOnlySessions());
		return pool;
	}

	/** An embedded SQLite store at the configured file, which must be writable; the file is not claimed. */
	static BasicDataSource sqlite(StoreProperties properties) {
		return sqlite(resolve(Path.of(properties.file()), true), properties);
	}

	private static BasicDataSource sqlite(Path file, StoreProperties properties) {
		SqliteNative.load();
		log.info("Trace store: SQLite at {} (WAL, synchronous={})", file.toAbsolutePath(), properties.sync());
		return sqliteAt(file, properties, 8);
	}

	private static BasicDataSource sqliteAt(Path file, StoreProperties properties, int connections) {
		SQLiteConfig sqlite = new SQLiteConfig();
		sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
		sqlite.setJournalSizeLimit(WAL_SIZE_LIMIT_BYTES);
		sqlite.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(properties.sync().name()));
		sqlite.setBusyTimeout(10_000);
		sqlite.enforceForeignKeys(true);
		// The pool's connections never make the file, so that one deleted while the service runs is not made anew,
		// empty, by the next connection opened (StoreFileIdentity refuses the commits meanwhile): it is made here.
		SqliteFileCheck.makeIfMissing(file, sqlite);
		sqlite.resetOpenMode(SQLiteOpenMode.CREATE);
		BasicDataSource pool = new BasicDataSource();
		pool.setDriver(new JDBC());
		pool.setUrl(JDBC.PREFIX + file);
		sqlite.toProperties().forEach((key, value) -> pool.addConnectionProperty(key.toString(), value.toString()));
		pool.setMaxTotal(connections);
		pool.setMaxIdle(connections);
		pool.setMaxWait(Duration.ofMillis(CONNECTION_TIMEOUT_MS));
		pool.setTestOnBorrow(false);
		pool.setPoolPreparedStatements(true);
		pool.setMaxOpenPreparedStatements(32);
		return pool;
	}

	/**
	 * Migrations come from the store's own dialect folder, named here rather than by Spring Boot's
	 * {@code {vendor}} placeholder, which asks the database for its name before Flyway's connect retries
	 * apply, so a replica started before its database gave up at once. On PostgreSQL, migrations run on
	 * connections of their own, without the pool's 10 s socket timeout, so that a backfill over a large
	 * table may take as long as it needs (the start waits for it); they keep the 8 s lock timeout, so one
	 * waiting for a table lock holds up writes no longer, and get a connect timeout (10 s) and TCP
	 * keepalives unless the URL sets its own.
	 */
	@Bean
	FlywayConfigurationCustomizer migrations(StoreProperties properties) {
		return configuration -> {
			configuration.locations("classpath:db/migration/" + (properties.shared() ? "postgresql" : "sqlite"));
			if (properties.shared()) {
				String url = JdbcUrls.withDefault(JdbcUrls.withDefault(JdbcUrls.withDefault(properties.url(), "connectTimeout", "10"),
						"tcpKeepAlive", "true"),
						"ApplicationName", URLEncoder.encode(JdbcUrls.applicationName("migrations"), StandardCharsets.UTF_8));
				configuration.dataSource(url, properties.user(), properties.password()).initSql("SET lock_timeout = '8s'");
			}
			else {
				// A file that cannot be opened will not open a minute later: fail at once.
				configuration.connectRetries(0);
			}
		};
	}

	/** Migrations that first check, with one connection, that the store's server takes the login. */
	@Bean
	FlywayMigrationStrategy storeLoginCheck() {
		return new StoreLoginCheck();
	}

	/**
	 * The store's one writer; should its thread die, liveness turns BROKEN so that the pod is restarted. A request's
	 * wait for its commit is a span of the request's when tracing is on. On SQLite, no commit is acknowledged once the
	 * file it goes to is no longer the one at {@code STORE_FILE}.
	 */
	@Bean
	GroupCommitter storeWriter(@Qualifier("storeWriterDataSource") DataSource storeWriterDataSource, MeterRegistry meters,
			StoreProperties properties, ApplicationEventPublisher events, StoreOwner storeOwner, ObjectProvider<Tracer> tracer,
			StoreFileIdentity storeFileIdentity) {
		return new GroupCommitter(storeWriterDataSource, meters, properties.timeoutMs(),
				cause -> AvailabilityChangeEvent.publish(events, cause, LivenessState.BROKEN), storeOwner::keepWhile,
				GroupCommitter.STOP_WAIT_MS, StoreTracing.of(tracer.getIfAvailable()), storeFileIdentity);
	}

	/** The SQLite file as opened, once the store's pool has made and checked it ({@code dataSource}); none when shared. */
	@Bean
	StoreFileIdentity storeFileIdentity(StoreOwner storeOwner, DataSource dataSource) {
		return StoreFileIdentity.of(storeOwner.file());
	}

	/**
	 * Readiness's view of the store: whether its writer's transactions commit (the {@code store} component),
	 * also kept as {@link MetricNames#STORE_UP}, read from the newest outcome without a probe.
	 */
	@Bean
	StoreHealthIndicator storeHealthIndicator(GroupCommitter storeWriter, MeterRegistry meters) {
		Gauge.builder(MetricNames.STORE_UP, storeWriter, writer -> writer.health().fault() == null ? 1 : 0)
			.description("1 while the store's newest write committed, 0 while it fails (decisions and feedback get 503)")
			.register(meters);
		return new StoreHealthIndicator(storeWriter);
	}

	/** Probes a failing or idle store without traffic, so that the store gauge follows it (Kubernetes' probes do too). */
	@Bean
	StoreWatch storeWatch(StoreHealthIndicator storeHealthIndicator) {
		return new StoreWatch(storeHealthIndicator);
	}

	/**
	 * The configured file when its directory can be created and written; else, unless it was set
	 * explicitly (then acknowledged writes could land where no volume keeps them), {@link #FALLBACK}.
	 */
	static Path resolve(Path configured, boolean explicit) {
		if (Files.isDirectory(configured)) {
			throw new StoreUnusableException("STORE_FILE " + configured.toAbsolutePath()
					+ " is a directory: set STORE_FILE to the database file's path, such as " + configured.resolve("decisions.db"));
		}
		if (usable(configured)) {
			return configured;
		}
		if (explicit) {
			boolean fileOnly = Files.exists(configured) && Files.isWritable(configured.toAbsolutePath().getParent());
			throw new StoreUnusableException("STORE_FILE " + configured.toAbsolutePath() + " cannot be written: give the "
					+ "service write access to " + (fileOnly ? "the file (its directory is writable)" : "its directory")
					+ ", or set STORE_FILE to a writable path");
		}
		if (!usable(FALLBACK)) {
			throw new StoreUnusableException("Neither " + configured + " nor " + FALLBACK.toAbsolutePath()
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
