package io.aurora.intelligence.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Builds {@code @HttpExchange} clients for the neighbours: HTTP/1.1 over the JDK client, which keeps
 * connections alive, with connect and read both bounded by one timeout.
 */
public final class HttpServiceClients {

	private HttpServiceClients() {
	}

	/** A client for {@code api} at {@code baseUrl}, bounded by {@code timeout}. */
	public static <T> T create(Class<T> api, RestClient.Builder builder, URI baseUrl, Duration timeout) {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(timeout);
		RestClient rest = builder.clone().baseUrl(baseUrl.toString()).requestFactory(factory).build();
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build().createClient(api);
	}

}
