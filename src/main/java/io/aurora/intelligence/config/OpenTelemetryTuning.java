package io.aurora.intelligence.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

/**
 * The batch processor's and the OTLP exporter's tuning variables ({@code OTEL_BSP_…}, {@code OTEL_EXPORTER_OTLP_TIMEOUT}
 * and {@code _COMPRESSION}) as Spring Boot's settings, each checked against what the SDK can take without failing.
 */
final class OpenTelemetryTuning {

	/**
	 * Each tuning variable with Spring Boot's setting, in OpenTelemetry's units: durations in milliseconds (or with
	 * Spring's {@code ms}, {@code s}, {@code m} suffix), sizes in spans; sorted by name, so that several bad values
	 * are reported in the same order each time.
	 */
	static final Map<String, String> VARIABLES = new TreeMap<>(Map.of("OTEL_BSP_SCHEDULE_DELAY",
			"management.opentelemetry.tracing.export.schedule-delay", "OTEL_BSP_EXPORT_TIMEOUT",
			"management.opentelemetry.tracing.export.timeout", "OTEL_BSP_MAX_QUEUE_SIZE", "management.opentelemetry.tracing.export.max-queue-size",
			"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "management.opentelemetry.tracing.export.max-batch-size", "OTEL_EXPORTER_OTLP_TIMEOUT",
			"management.opentelemetry.tracing.export.otlp.timeout", "OTEL_EXPORTER_OTLP_COMPRESSION",
			"management.opentelemetry.tracing.export.otlp.compression"));

	/** The most spans a queue or a batch may hold: the batch processor allocates its whole queue at start. */
	static final long MAX_QUEUE = 1_000_000;

	/** The longest a tuning duration may be, a day. */
	static final long MAX_MILLIS = 86_400_000;

	private OpenTelemetryTuning() {
	}

	/** Every tuning variable read, with the traces' own form of the exporter's. */
	static Set<String> names() {
		Set<String> names = new TreeSet<>();
		VARIABLES.keySet().forEach(name -> {
			names.add(name);
			names.add(tracesOwn(name));
		});
		return names;
	}

	/**
	 * Spring Boot's settings for the tuning variables set, a signal's own ({@code OTEL_EXPORTER_OTLP_TRACES_…})
	 * before the general one; each value a positive whole number (of milliseconds, or with a unit, for durations), or
	 * {@code gzip} or {@code none} for the compression; each value this service cannot take is given to
	 * {@code refused} and left out.
	 */
	static Map<String, String> settings(Function<String, @Nullable String> variables,
			Consumer<InvalidOpenTelemetryVariableException> refused) {
		Map<String, String> settings = new LinkedHashMap<>();
		VARIABLES.forEach((general, property) -> {
			String own = tracesOwn(general);
			String variable = !general.equals(own) && OpenTelemetryVariables.set(variables.apply(own)) ? own : general;
			String value = variables.apply(variable);
			if (OpenTelemetryVariables.set(value)) {
				try {
					settings.put(property, tuned(variable, value.strip()));
				}
				catch (InvalidOpenTelemetryVariableException refusal) {
					refused.accept(refusal);
				}
			}
		});
		return settings;
	}

	/** The traces' own form of an exporter variable ({@code OTEL_EXPORTER_OTLP_TRACES_TIMEOUT}); others are their own. */
	private static String tracesOwn(String variable) {
		return variable.replace("OTEL_EXPORTER_OTLP_", "OTEL_EXPORTER_OTLP_TRACES_");
	}

	private static String tuned(String variable, String value) {
		if (variable.endsWith("COMPRESSION")) {
			String compression = OpenTelemetryVariables.word(value);
			if (!compression.equals("gzip") && !compression.equals("none")) {
				throw new InvalidOpenTelemetryVariableException(variable, variable + " is '" + value + "', which is neither gzip nor none");
			}
			return compression;
		}
		boolean size = variable.endsWith("SIZE");
		if (!value.matches(size ? "[0-9]{1,9}" : "[0-9]{1,9}(ms|s|m)?") || value.matches("0+(ms|s|m)?")) {
			throw new InvalidOpenTelemetryVariableException(variable, variable + " is '" + value + "', which is no "
					+ (size ? "positive whole number of spans" : "positive whole number of milliseconds (or of ms, s or m with its unit)"));
		}
		String digits = value.replaceAll("[a-z]+$", "");
		long amount = Long.parseLong(digits);
		String unit = value.substring(digits.length());
		long millis = "m".equals(unit) ? amount * 60_000 : "s".equals(unit) ? amount * 1_000 : amount;
		if (size ? amount > MAX_QUEUE : millis > MAX_MILLIS) {
			// The SDK allocates the whole queue at start, and a duration this long overflows its nanoseconds.
			throw new InvalidOpenTelemetryVariableException(variable, variable + " is '" + value + "', more than the "
					+ (size ? MAX_QUEUE + " spans" : "day") + " it may be at most");
		}
		return value;
	}

}
