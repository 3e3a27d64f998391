package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A service instance started and stopped by a test, so that a test can restart it on the same store. */
final class RunningService implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	final TestHttp http;

	private RunningService(ConfigurableApplicationContext context) {
		this.context = context;
		this.http = new TestHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0")));
	}

	/** Starts the service on a random port with the given store file, neighbours and extra settings. */
	static RunningService start(Path store, NeighbourStubs neighbours, Map<String, String> settings) {
		return start(store, neighbours, settings, new Class<?>[0]);
	}

	/** As {@link #start(Path, NeighbourStubs, Map)}, with test configurations that replace some of the service's beans. */
	static RunningService start(Path store, NeighbourStubs neighbours, Map<String, String> settings, Class<?>... overrides) {
		List<String> properties = new ArrayList<>(List.of("PORT=0", "STORE_FILE=" + store,
				"PSI_URL=" + neighbours.psiUrl(), "AURORA_ROUTER_URL=" + neighbours.routerUrl(),
				// a test's client keeps its connections open, which would make every stop wait out the drain;
				// a test reads the metrics its own requests just moved
				"SHUTDOWN_DRAIN_MS=0", "METRICS_CACHE_MS=0"));
		settings.forEach((k, v) -> properties.add(k + "=" + v));
		List<Class<?>> sources = new ArrayList<>(List.of(AuroraIntelligenceApplication.class));
		sources.addAll(List.of(overrides));
		return new RunningService(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
			.properties(properties.toArray(String[]::new)).run());
	}

	/**
	 * As {@link #start(Path, NeighbourStubs, Map)}, with {@code variables} as the service's only environment variables,
	 * read as Spring Boot reads the process's ({@code SPRING_SSL_BUNDLE_PEM_ROUTER_…} is a property's spelling).
	 */
	static RunningService startWithVariables(Path store, NeighbourStubs neighbours, Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return new RunningService(new SpringApplicationBuilder(AuroraIntelligenceApplication.class).environment(environment)
			.properties("PORT=0", "STORE_FILE=" + store, "PSI_URL=" + neighbours.psiUrl(), "AURORA_ROUTER_URL=" + neighbours.routerUrl(),
					"SHUTDOWN_DRAIN_MS=0", "METRICS_CACHE_MS=0")
			.run());
	}

	/** The running service's web server, for tests of how it serves connections. */
	WebServer webServer() {
		return ((WebServerApplicationContext) context).getWebServer();
	}

	/** A bean of the running service, for tests that reach inside it. */
	<T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.close();
	}

}
