package io.aurora.intelligence.config;

import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Samples as {@code OTEL_TRACES_SAMPLER} says: by default, as Spring Boot does, parent-based (a caller's
 * sampled flag decides for its trace, and the ratio for the traces this service starts); with
 * {@code always_on}, {@code always_off} or {@code traceidratio}, by the ratio for every trace, so that callers
 * cannot have their requests sampled, and sent to the collector, at will.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Sampler.class)
class OpenTelemetrySampling {

	/** Replaces Spring Boot's sampler, which is always parent-based; the ratio is still its setting. */
	@Bean
	Sampler otelSampler(TracingProperties tracing, Environment environment) {
		Sampler ratio = Sampler.traceIdRatioBased(tracing.getSampling().getProbability());
		return OpenTelemetryVariables.followsCaller(environment.getProperty(OpenTelemetryVariables.SAMPLER))
				? Sampler.parentBased(ratio) : ratio;
	}

}
