package io.aurora.intelligence.psi;

import java.net.http.HttpClient;
import java.time.Duration;

import io.aurora.intelligence.telemetry.Telemetry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/** Wires the Ψ-field client, with its own connect and read bounds, and the cache in front of it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PsiProperties.class)
class PsiConfiguration {

	@Bean
	PsiCache psiCache(PsiProperties properties, RestClient.Builder builder, Telemetry telemetry) {
		Duration timeout = Duration.ofMillis(properties.timeoutMs());
		HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(timeout);
		RestClient rest = builder.clone().baseUrl(properties.url().toString()).requestFactory(factory).build();
		PsiClient.PsiApi api = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build()
			.createClient(PsiClient.PsiApi.class);
		return new PsiCache(new PsiClient(api), telemetry, properties.cacheTtlS(), System::nanoTime);
	}

}
