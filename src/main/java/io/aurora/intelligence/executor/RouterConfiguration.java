package io.aurora.intelligence.executor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.aurora.intelligence.config.HttpServiceClients;
import io.aurora.intelligence.config.NeighbourTls;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the router client: a pool of kept-alive connections bounded by {@code ROUTER_TIMEOUT_MS} (as
 * a hard deadline per call), and a breaker that opens when half of the last ten calls failed (4xx
 * refusals do not count) and lets one trial call through after {@code ROUTER_COOLDOWN_S}, which the
 * router's {@code GET /health} makes when no decision comes to ({@link RouterProbe}). Each call is traced
 * as a span of the decision's ({@link RouterTracing}); over {@code https://}, the {@link NeighbourTls TLS} of the
 * {@code router} bundle is used where one is set.
 */
@Configuration(proxyBeanMethods = false)
class RouterConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RouterConfiguration.class);

	@Bean(destroyMethod = "close")
	RouterClient routerClient(RouterProperties properties, JsonMapper json, Clock clock, ObjectProvider<Tracer> tracer,
			ObjectProvider<Propagator> propagator, ObjectProvider<SslBundles> bundles) {
		return client(properties, json, HttpServiceClients.MAX_CONNECTIONS, clock,
				RouterTracing.of(tracer.getIfAvailable(), propagator.getIfAvailable()),
				NeighbourTls.of(bundles.getIfAvailable(), NeighbourTls.ROUTER, properties.url()));
	}

	@Bean
	RouterProbe routerProbe(RouterClient client) {
		return new RouterProbe(client);
	}

	static RouterClient client(RouterProperties properties, JsonMapper json) {
		return client(properties, json, HttpServiceClients.MAX_CONNECTIONS);
	}

	static RouterClient client(RouterProperties properties, JsonMapper json, int connections) {
		return client(properties, json, connections, Clock.systemUTC());
	}

	/** A client that runs at most {@code connections} calls at once (at most the pool's size). */
	static RouterClient client(RouterProperties properties, JsonMapper json, int connections, Clock clock) {
		return client(properties, json, connections, clock, RouterTracing.NONE, null);
	}

	private static RouterClient client(RouterProperties properties, JsonMapper json, int connections, Clock clock,
			RouterTracing tracing, @Nullable TlsSocketStrategy tls) {
		CloseableHttpClient http = HttpServiceClients.pooledClient(Duration.ofMillis(properties.timeoutMs()), null, tls);
		CandidateCircuits candidates = new CandidateCircuits(properties.candidateFailures(), properties.cooldownS(), clock);
		return new RouterClient(properties.url(), http, breaker(properties), HttpServiceClients.deadlines(),
				properties.timeoutMs(), json, Math.min(connections, HttpServiceClients.MAX_CONNECTIONS), clock, tracing,
				candidates, breaker(properties, true), candidates.another());
	}

	static CircuitBreaker breaker(RouterProperties properties) {
		return breaker(properties, false);
	}

	/**
	 * A breaker that opens when half of the last ten calls failed: the router's, or that of callers without the API key
	 * ({@code anonymous}), who have their own.
	 */
	static CircuitBreaker breaker(RouterProperties properties, boolean anonymous) {
		String circuit = anonymous ? "Aurora Router circuit for callers without the API key" : "Aurora Router circuit";
		CircuitBreaker breaker = CircuitBreaker.of(anonymous ? "aurora-router-anonymous" : "aurora-router",
				CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(10)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(properties.cooldownS()))
			.permittedNumberOfCallsInHalfOpenState(1)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build());
		AtomicReference<String> lastError = new AtomicReference<>("");
		breaker.getEventPublisher().onError(e -> lastError.set(String.valueOf(e.getThrowable().getMessage())));
		breaker.getEventPublisher().onStateTransition(e -> logTransition(circuit, e.getStateTransition(),
				properties.cooldownS(), properties.url(), lastError.get()));
		return breaker;
	}

	/**
	 * Warns once when the circuit opens and says when it closes; the trials in between, every cooldown
	 * for as long as the router is away (for ever when none runs), are logged at DEBUG.
	 */
	static void logTransition(String circuit, CircuitBreaker.StateTransition transition, int cooldownS, URI url,
			String lastError) {
		if (transition == CircuitBreaker.StateTransition.CLOSED_TO_OPEN) {
			log.warn("{} opened: calls to {} failed, the last with: {}; router calls are skipped, with a "
					+ "trial call every {} s until one succeeds", circuit, url,
					lastError.length() > 200 ? lastError.substring(0, 200) + "..." : lastError, cooldownS);
		}
		else if (transition.getToState() == CircuitBreaker.State.CLOSED) {
			log.info("{} closed: the router answers again", circuit);
		}
		else {
			log.debug("{}: {}", circuit, transition);
		}
	}

}
