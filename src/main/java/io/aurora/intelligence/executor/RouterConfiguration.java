package io.aurora.intelligence.executor;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the router client: a pool of kept-alive connections bounded by {@code ROUTER_TIMEOUT_MS} (as
 * a hard deadline per call), and a breaker that opens when half of the last ten calls failed (4xx
 * refusals do not count) and lets one trial call through after {@code ROUTER_COOLDOWN_S}.
 */
@Configuration(proxyBeanMethods = false)
class RouterConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RouterConfiguration.class);

	static final int MAX_CONNECTIONS = 256;

	@Bean(destroyMethod = "close")
	RouterClient routerClient(RouterProperties properties, JsonMapper json) {
		return client(properties, json);
	}

	static RouterClient client(RouterProperties properties, JsonMapper json) {
		Timeout timeout = Timeout.ofMilliseconds(properties.timeoutMs());
		CloseableHttpClient http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(MAX_CONNECTIONS)
				.setMaxConnPerRoute(MAX_CONNECTIONS)
				.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(timeout).setResponseTimeout(timeout).build())
			.disableContentCompression()
			.disableCookieManagement()
			.disableAutomaticRetries()
			.disableConnectionState()
			.disableRedirectHandling()
			.build();
		ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, "router-deadlines");
			t.setDaemon(true);
			return t;
		});
		deadlines.setRemoveOnCancelPolicy(true);
		return new RouterClient(properties.url(), http, breaker(properties), deadlines, properties.timeoutMs(), json);
	}

	static CircuitBreaker breaker(RouterProperties properties) {
		CircuitBreaker breaker = CircuitBreaker.of("aurora-router", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(10)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(properties.cooldownS()))
			.permittedNumberOfCallsInHalfOpenState(1)
			.build());
		breaker.getEventPublisher()
			.onStateTransition(e -> log.warn("Aurora Router circuit: {}", e.getStateTransition()));
		return breaker;
	}

}
