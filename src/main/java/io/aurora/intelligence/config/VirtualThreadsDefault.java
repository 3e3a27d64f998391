package io.aurora.intelligence.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Serves requests on platform threads by default on the embedded SQLite store, and on virtual threads
 * on PostgreSQL; {@code VIRTUAL_THREADS} set outright wins. SQLite's calls run in native code, which pins
 * a virtual thread's carrier: a review froze the store's volume on Java 25 with two carriers, two
 * requests stuck in SQLite took both, and every other request, {@code /healthz} included, went unanswered
 * until the volume thawed (4 runs of 9), where platform threads answered 503 within the store's timeout.
 */
class VirtualThreadsDefault implements EnvironmentPostProcessor {

	static final String VARIABLE = "VIRTUAL_THREADS";

	/** What Spring Boot reads as a boolean, in lower case. */
	private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off", "1", "0");

	private final Log log;

	private final int javaVersion;

	/** As Spring Boot makes it (its one public constructor), logging once logging is set up. */
	public VirtualThreadsDefault(DeferredLogFactory logs) {
		this(logs.getLog(VirtualThreadsDefault.class), Runtime.version().feature());
	}

	VirtualThreadsDefault(Log log, int javaVersion) {
		this.log = log;
		this.javaVersion = javaVersion;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(VARIABLE)) {
			String value = String.valueOf(environment.getProperty(VARIABLE)).strip().toLowerCase(Locale.ROOT);
			if (!BOOLEANS.contains(value)) {
				SettingRefusals.keep(environment, new InvalidVirtualThreadsException("VIRTUAL_THREADS is '"
						+ environment.getProperty(VARIABLE) + "', which is neither true nor false"));
				return;
			}
			if (Set.of("true", "yes", "on", "1").contains(value)) {
				warnOfVirtualThreads(VARIABLE + "=" + String.valueOf(environment.getProperty(VARIABLE)).strip(),
						environment.getProperty("aurora.store.url", "").isBlank());
			}
			return;
		}
		String url = environment.getProperty("aurora.store.url", "");
		environment.getPropertySources()
			.addLast(new MapPropertySource("virtualThreadsDefault", Map.of(VARIABLE, String.valueOf(!url.isBlank()))));
	}

	/** Warns of {@code VIRTUAL_THREADS=true} where it has no effect (before Java 21), or on the SQLite store. */
	private void warnOfVirtualThreads(String setting, boolean sqlite) {
		if (javaVersion < 21) {
			log.warn(setting + ", but Java " + javaVersion + " has no virtual threads: requests are served on "
					+ "platform threads");
		}
		else if (sqlite) {
			log.warn(setting + " on the SQLite store: SQLite's native calls pin their carrier threads, so a stalled "
					+ "volume can leave every request unanswered, /healthz included (docs/OPERATIONS.md)");
		}
	}

	/** A {@code VIRTUAL_THREADS} that is no boolean. */
	static final class InvalidVirtualThreadsException extends IllegalArgumentException implements SettingRefusals.Refusal {

		InvalidVirtualThreadsException(String message) {
			super(message);
		}

	}

	/** Reports it in Spring Boot's short start-up failure report, with the default it would have. */
	static final class Analyzer extends AbstractFailureAnalyzer<InvalidVirtualThreadsException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, InvalidVirtualThreadsException cause) {
			return new FailureAnalysis(cause.getMessage() + ".", "Set VIRTUAL_THREADS to true or false, or unset it for "
					+ "the default (false on SQLite, true with STORE_URL).", cause);
		}

	}

}
