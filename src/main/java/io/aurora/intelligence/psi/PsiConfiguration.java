package io.aurora.intelligence.psi;

import java.time.Clock;
import java.time.Duration;

import io.aurora.intelligence.config.HttpServiceClients;
import io.aurora.intelligence.config.NeighbourTls;
import io.aurora.intelligence.telemetry.Telemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Wires the Ψ-field client, with its own connect and read bound and the {@link NeighbourTls TLS} of the {@code psi}
 * bundle where one is set, and the cache in front of it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PsiProperties.class)
class PsiConfiguration {

	/** The Ψ-field's client; closing it, when the context closes, releases its connections. */
	@Bean
	HttpServiceClients.Declarative<PsiClient.PsiApi> psiApi(PsiProperties properties, RestClient.Builder builder,
			ObjectProvider<SslBundles> bundles) {
		return HttpServiceClients.create(PsiClient.PsiApi.class, builder, properties.url(),
				Duration.ofMillis(properties.timeoutMs()), NeighbourTls.of(bundles.getIfAvailable(), NeighbourTls.PSI, properties.url()));
	}

	@Bean
	PsiCache psiCache(PsiProperties properties, HttpServiceClients.Declarative<PsiClient.PsiApi> api, Telemetry telemetry,
			Clock clock) {
		return new PsiCache(new PsiClient(api.api()), telemetry, properties.cacheTtlS(), System::nanoTime, clock);
	}

}
