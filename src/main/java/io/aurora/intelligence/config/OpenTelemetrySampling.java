package io.aurora.intelligence.config;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Samples as {@code OTEL_TRACES_SAMPLER} says: by default, as Spring Boot does, parent-based (a caller's
 * sampled flag decides for its trace, and the ratio for the traces this service starts); with
 * {@code always_on}, {@code always_off} or {@code traceidratio}, for every trace, so that callers cannot have
 * their requests sampled, and sent to the collector, at will. The {@code always_*} samplers take no ratio, so
 * no ratio setting, Spring Boot's included, can turn them into their opposite.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Sampler.class)
class OpenTelemetrySampling {

	/** Spring Boot's ratio setting, as its failure report names it. */
	static final String PROBABILITY = "management.tracing.sampling.probability";

	/** Replaces Spring Boot's sampler, which is always parent-based and by ratio. */
	@Bean
	Sampler otelSampler(TracingProperties tracing, Environment environment) {
		return sampler(environment.getProperty(OpenTelemetryVariables.SAMPLER), tracing.getSampling().getProbability());
	}

	/** The sampler {@code name} (checked at start by {@link OpenTelemetryVariables}) stands for, by {@code ratio} if it takes one. */
	static Sampler sampler(@Nullable String name, float ratio) {
		String sampler = name == null || name.isBlank() ? "parentbased_traceidratio" : OpenTelemetryVariables.word(name);
		Sampler root = switch (sampler) {
			case "always_on", "parentbased_always_on" -> Sampler.alwaysOn();
			case "always_off", "parentbased_always_off" -> Sampler.alwaysOff();
			default -> {
				if (!(ratio >= 0 && ratio <= 1)) {
					throw new OpenTelemetryVariables.InvalidOpenTelemetryVariableException(PROBABILITY, PROBABILITY + " is " + ratio
							+ ", which is not a ratio from 0 to 1");
				}
				yield Sampler.traceIdRatioBased(ratio);
			}
		};
		return OpenTelemetryVariables.followsCaller(sampler) ? Sampler.parentBased(root) : root;
	}

}
