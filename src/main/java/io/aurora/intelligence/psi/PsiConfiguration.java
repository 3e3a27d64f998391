package io.aurora.intelligence.psi;

import java.time.Duration;

import io.aurora.intelligence.config.HttpServiceClients;
import io.aurora.intelligence.telemetry.Telemetry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** Wires the Ψ-field client, with its own connect and read bound, and the cache in front of it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PsiProperties.class)
class PsiConfiguration {

	@Bean
	PsiCache psiCache(PsiProperties properties, RestClient.Builder builder, Telemetry telemetry) {
		return cache(properties, builder, telemetry);
	}

	static PsiCache cache(PsiProperties properties, RestClient.Builder builder, Telemetry telemetry) {
		PsiClient.PsiApi api = HttpServiceClients.create(PsiClient.PsiApi.class, builder, properties.url(),
				Duration.ofMillis(properties.timeoutMs()));
		return new PsiCache(new PsiClient(api), telemetry, properties.cacheTtlS(), System::nanoTime);
	}

}
