package io.aurora.intelligence.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanLimitsBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

/**
 * OpenTelemetry's span limits ({@code OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT}, {@code OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT},
 * {@code OTEL_SPAN_EVENT_COUNT_LIMIT}, {@code OTEL_SPAN_LINK_COUNT_LIMIT}, {@code OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT},
 * {@code OTEL_LINK_ATTRIBUTE_COUNT_LIMIT}, and the general {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT} and
 * {@code OTEL_ATTRIBUTE_COUNT_LIMIT} the specific ones win over), given to the tracer provider Spring Boot builds.
 * Each value is checked at start with the other OpenTelemetry variables.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SdkTracerProviderBuilderCustomizer.class)
class OpenTelemetryLimits {

	static final String VALUE_LENGTH = "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT";

	static final String COUNT = "OTEL_ATTRIBUTE_COUNT_LIMIT";

	/** Each limit: its variable, the general one it falls back to (or null), and the SDK's setting. */
	private record Limit(String variable, @Nullable String general, ObjIntConsumer<SpanLimitsBuilder> setting) {
	}

	private static final List<Limit> LIMITS = List.of(
			new Limit("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", VALUE_LENGTH, SpanLimitsBuilder::setMaxAttributeValueLength),
			new Limit("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", COUNT, SpanLimitsBuilder::setMaxNumberOfAttributes),
			new Limit("OTEL_SPAN_EVENT_COUNT_LIMIT", null, SpanLimitsBuilder::setMaxNumberOfEvents),
			new Limit("OTEL_SPAN_LINK_COUNT_LIMIT", null, SpanLimitsBuilder::setMaxNumberOfLinks),
			new Limit("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", COUNT, SpanLimitsBuilder::setMaxNumberOfAttributesPerEvent),
			new Limit("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", COUNT, SpanLimitsBuilder::setMaxNumberOfAttributesPerLink));

	/** Every limit variable read, the general ones with them. */
	static Set<String> names() {
		Set<String> names = new TreeSet<>(Set.of(VALUE_LENGTH, COUNT));
		LIMITS.forEach(limit -> names.add(limit.variable()));
		return names;
	}

	/** Gives the tracer provider the span limits the variables set; the SDK's defaults stand for the others. */
	@Bean
	SdkTracerProviderBuilderCustomizer spanLimits(Environment environment) {
		return builder -> {
			Map<String, Integer> set = new LinkedHashMap<>();
			SpanLimits limits = limits(environment::getProperty, set, refusal -> {
				throw refusal;
			});
			if (!set.isEmpty()) {
				builder.setSpanLimits(limits);
			}
		};
	}

	/**
	 * The span limits {@code variables} set, each set value also put in {@code set} under the variable it came from
	 * (the specific one, else the general one); each value that is no whole number from 0 is given to {@code refused}
	 * and left at the SDK's default. A limit of 0 keeps none of what it counts, or empties every value.
	 */
	static SpanLimits limits(Function<String, @Nullable String> variables, Map<String, Integer> set,
			Consumer<InvalidOpenTelemetryVariableException> refused) {
		SpanLimitsBuilder builder = SpanLimits.builder();
		Set<String> reported = new HashSet<>();
		for (Limit limit : LIMITS) {
			String variable = limit.general() != null && !OpenTelemetryVariables.set(variables.apply(limit.variable()))
					? limit.general() : limit.variable();
			String value = variables.apply(variable);
			if (OpenTelemetryVariables.set(value)) {
				try {
					int number = number(variable, value.strip());
					limit.setting().accept(builder, number);
					set.put(variable, number);
				}
				catch (InvalidOpenTelemetryVariableException refusal) {
					if (reported.add(variable)) {
						refused.accept(refusal);
					}
				}
			}
		}
		return builder.build();
	}

	/** {@code value} as a limit: a whole number from 0 (nothing kept, or values emptied) to the largest int. */
	private static int number(String variable, String value) {
		if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) > Integer.MAX_VALUE) {
			throw new InvalidOpenTelemetryVariableException(variable, variable + " is '" + value + "', which is no whole number from 0 to "
					+ Integer.MAX_VALUE);
		}
		return Integer.parseInt(value);
	}

}
