package io.aurora.intelligence.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
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

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(VARIABLE)) {
			return;
		}
		String url = environment.getProperty("aurora.store.url", "");
		environment.getPropertySources()
			.addLast(new MapPropertySource("virtualThreadsDefault", Map.of(VARIABLE, String.valueOf(!url.isBlank()))));
	}

}
