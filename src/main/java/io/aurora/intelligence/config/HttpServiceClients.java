package io.aurora.intelligence.config;

import java.net.URI;
import java.time.Duration;

import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Builds {@code @HttpExchange} clients for the neighbours on Apache HttpClient 5: a pool of kept-alive
 * connections, with connecting, waiting for a pooled connection and every wait for response data
 * bounded by one timeout. (Spring's adapter for the JDK client measured 15 times slower under
 * concurrency here; see docs/BENCHMARKS.md.) Compression, cookies, retries and per-call observations
 * are off: these are small JSON calls on the decision path, counted by the service's own metrics.
 */
public final class HttpServiceClients {

	static final int MAX_CONNECTIONS = 256;

	private HttpServiceClients() {
	}

	/** A client for {@code api} at {@code baseUrl}, bounded by {@code timeout}. */
	public static <T> T create(Class<T> api, RestClient.Builder builder, URI baseUrl, Duration timeout) {
		ClientHttpRequestFactory factory = ClientHttpRequestFactoryBuilder.httpComponents()
			.withHttpClientCustomizer(client -> client.disableContentCompression().disableCookieManagement()
				.disableAutomaticRetries().disableConnectionState())
			.withConnectionManagerCustomizer(pool -> pool.setMaxConnTotal(MAX_CONNECTIONS).setMaxConnPerRoute(MAX_CONNECTIONS))
			.withDefaultRequestConfigCustomizer(request -> request.setConnectionRequestTimeout(Timeout.of(timeout)))
			.build(HttpClientSettings.defaults().withTimeouts(timeout, timeout));
		RestClient rest = builder.clone().baseUrl(baseUrl.toString()).requestFactory(factory)
			.observationRegistry(ObservationRegistry.NOOP).build();
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build().createClient(api);
	}

}
