package io.aurora.intelligence.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Drains kept-alive connections when the service stops. Schedulers hold connections open, and a Service
 * never moves one, so without it each caller's next request on a connection races the socket's close
 * and is lost (a POST is not retried). On the context's close, before any component stops and before
 * Tomcat's graceful shutdown pauses, it answers every request with {@code Connection: close} for up to
 * {@code SHUTDOWN_DRAIN_MS}, ending early once no connection is open (readiness is down by then:
 * Spring Boot reports it as the close begins).
 */
@Component
@EnableConfigurationProperties(ServingProperties.class)
class KeepAliveDrain implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
		ApplicationListener<ContextClosedEvent> {

	private static final Logger log = LoggerFactory.getLogger(KeepAliveDrain.class);

	private static final long POLL_MS = 20;

	private final List<AbstractHttp11Protocol<?>> protocols = new CopyOnWriteArrayList<>();

	private final long drainMs;

	/** What the Deployments' {@code terminationGracePeriodSeconds} of 90 leaves after their 5 s {@code preStop}. */
	static final long MANIFESTS_STOP_MS = 85_000;

	KeepAliveDrain(ServingProperties properties, Environment environment) {
		this.drainMs = properties.drainMs();
		long budgetMs = ShutdownWindow.stopBudgetMs(environment);
		if (budgetMs > MANIFESTS_STOP_MS) {
			log.warn("A stop may take up to {} s with these settings (SHUTDOWN_DRAIN_MS, then ROUTER_TIMEOUT_MS plus six times "
					+ "STORE_TIMEOUT_MS for requests in flight, then {} s for background tasks and the last commits), more than "
					+ "the {} s that the Deployments' terminationGracePeriodSeconds of 90 leaves after their preStop: raise the "
					+ "grace period above {} s, or a stopping pod may be killed mid-commit", (budgetMs + 999) / 1000,
					ShutdownWindow.AFTER_MS / 1000, MANIFESTS_STOP_MS / 1000, (budgetMs + 999) / 1000 + 5);
		}
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers(connector -> {
			if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
				protocols.add(protocol);
			}
		});
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (drainMs == 0 || protocols.isEmpty()) {
			return;
		}
		// Tomcat reads the limit as each request begins: 1 answers it with Connection: close.
		protocols.forEach(protocol -> protocol.setMaxKeepAliveRequests(1));
		long open = openConnections();
		long start = System.nanoTime();
		long deadline = start + drainMs * 1_000_000;
		try {
			while (openConnections() > 0 && System.nanoTime() - deadline < 0) {
				Thread.sleep(POLL_MS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (open > 0) {
			log.info("Drained kept-alive connections for {} ms: {} open at the stop, {} still open go to graceful shutdown",
					(System.nanoTime() - start) / 1_000_000, open, openConnections());
		}
	}

	/** Open connections: Tomcat's count includes the one its acceptor counts before it waits to accept. */
	private long openConnections() {
		return protocols.stream().mapToLong(protocol -> Math.max(0, protocol.getConnectionCount() - 1)).sum();
	}

}
