package io.aurora.intelligence.executor;

import java.time.Duration;

import io.aurora.intelligence.config.HttpServiceClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Wires the router client: one kept-alive JDK HTTP client bounded by {@code ROUTER_TIMEOUT_MS}, and a
 * breaker that opens when half of the last ten calls failed (4xx refusals do not count) and lets one
 * trial call through after {@code ROUTER_COOLDOWN_S}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RouterProperties.class)
class RouterConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RouterConfiguration.class);

	@Bean
	RouterClient routerClient(RouterProperties properties, RestClient.Builder builder, JsonMapper json) {
		return client(properties, builder, json);
	}

	static RouterClient client(RouterProperties properties, RestClient.Builder builder, JsonMapper json) {
		RouterClient.RouterApi api = HttpServiceClients.create(RouterClient.RouterApi.class, builder, properties.url(),
				Duration.ofMillis(properties.timeoutMs()));
		return new RouterClient(api, breaker(properties), json);
	}

	static CircuitBreaker breaker(RouterProperties properties) {
		CircuitBreaker breaker = CircuitBreaker.of("aurora-router", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(10)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(properties.cooldownS()))
			.permittedNumberOfCallsInHalfOpenState(1)
			.ignoreExceptions(HttpClientErrorException.class)
			.build());
		breaker.getEventPublisher()
			.onStateTransition(e -> log.warn("Aurora Router circuit: {}", e.getStateTransition()));
		return breaker;
	}

}
