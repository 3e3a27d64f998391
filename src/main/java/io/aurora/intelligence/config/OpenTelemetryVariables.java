package io.aurora.intelligence.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads OpenTelemetry's own variables, as its SDKs do, into Spring Boot's tracing settings: the collector
 * ({@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as the whole URL, else {@code OTEL_EXPORTER_OTLP_ENDPOINT} with
 * {@code /v1/traces} added), its headers, the sampler and its argument, the batch processor's and the exporter's
 * {@link OpenTelemetryTuning tuning}, the {@link OpenTelemetryPropagators propagators}, the {@link OpenTelemetryTls TLS files},
 * the {@link OpenTelemetryLimits span limits} and {@code OTEL_SDK_DISABLED}. A value
 * this service cannot honour (gRPC, a sampler other than the six standard ones, a ratio outside 0–1, a URL that
 * names no collector) stops the start, rather than trace otherwise than asked in silence. Spring Boot's own settings,
 * when given, win.
 */
class OpenTelemetryVariables implements EnvironmentPostProcessor {

	static final String TRACES = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

	static final String BASE = "OTEL_EXPORTER_OTLP_ENDPOINT";

	static final String PROTOCOLS = "OTEL_EXPORTER_OTLP_PROTOCOL";

	static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";

	static final String HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";

	static final String TRACES_HEADERS = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";

	static final String SAMPLER = "OTEL_TRACES_SAMPLER";

	static final String SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";

	static final String DISABLED = "OTEL_SDK_DISABLED";

	static final String EXPORTER = "OTEL_TRACES_EXPORTER";

	/** Spring Boot's setting that turns the OTLP span exporter off. */
	static final String OTLP_ENABLED = "management.tracing.export.otlp.enabled";

	/** Every OpenTelemetry variable the service reads, these and Spring Boot's two ({@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES}). */
	static Set<String> names() {
		Set<String> names = new TreeSet<>(Set.of(TRACES, BASE, PROTOCOLS, TRACES_PROTOCOL, HEADERS, TRACES_HEADERS, SAMPLER, SAMPLER_ARG,
				DISABLED, EXPORTER, OpenTelemetryPropagators.VARIABLE, "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"));
		names.addAll(OpenTelemetryTuning.names());
		names.addAll(OpenTelemetryTls.names());
		names.addAll(OpenTelemetryLimits.names());
		return names;
	}

	/** Spring Boot's setting that, once present, makes it export spans over OTLP. */
	static final String PROPERTY = "management.opentelemetry.tracing.export.otlp.endpoint";

	static final String HEADERS_PROPERTY = "management.opentelemetry.tracing.export.otlp.headers";

	static final String PROBABILITY = "management.tracing.sampling.probability";

	static final String ENABLED = "management.tracing.export.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		SettingRefusals.deferred(environment, () -> apply(environment));
	}

	private static void apply(ConfigurableEnvironment environment) {
		List<InvalidOpenTelemetryVariableException> refusals = new ArrayList<>();
		Map<String, Object> settings = settings(environment::getProperty, refusals::add);
		if (!refusals.isEmpty()) {
			// Every bad variable is kept for the one report, so that fixing one does not only reveal the next.
			refusals.forEach(refusal -> SettingRefusals.keep(environment, refusal));
			return;
		}
		boolean ownHeaders = Binder.get(environment).bind(HEADERS_PROPERTY, Bindable.mapOf(String.class, String.class)).isBound();
		settings.keySet().removeIf(name -> name.startsWith(HEADERS_PROPERTY) ? ownHeaders : environment.containsProperty(name));
		if (!settings.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("openTelemetryVariables", settings));
		}
	}

	/**
	 * Spring Boot's settings that the OpenTelemetry variables {@code variables} gives stand for, with each variable
	 * this service cannot honour given to {@code refused}, in the order they are read, and left out.
	 */
	static Map<String, Object> settings(Function<String, @Nullable String> variables,
			Consumer<InvalidOpenTelemetryVariableException> refused) {
		Map<String, Object> settings = new LinkedHashMap<>();
		checked(() -> protocol(TRACES_PROTOCOL, variables.apply(TRACES_PROTOCOL)), refused);
		checked(() -> protocol(PROTOCOLS, variables.apply(PROTOCOLS)), refused);
		put(settings, PROPERTY, read(() -> endpoint(variables.apply(TRACES), variables.apply(BASE)), refused));
		String headersVariable = set(variables.apply(TRACES_HEADERS)) ? TRACES_HEADERS : HEADERS;
		Map<String, String> headers = read(() -> OpenTelemetryHeaders.headers(headersVariable, variables.apply(headersVariable)), refused);
		if (headers != null) {
			headers.forEach((name, value) -> settings.put(HEADERS_PROPERTY + "[" + name + "]", value));
		}
		Double probability = read(() -> probability(variables.apply(SAMPLER), variables.apply(SAMPLER_ARG)), refused);
		put(settings, PROBABILITY, probability == null ? null : probability.toString());
		OpenTelemetryTuning.settings(variables, refused).forEach(settings::put);
		String produce = read(() -> OpenTelemetryPropagators.produce(variables.apply(OpenTelemetryPropagators.VARIABLE)), refused);
		put(settings, OpenTelemetryPropagators.PRODUCE, produce);
		if (OpenTelemetryPropagators.NONE.equals(produce)) {
			settings.put(OpenTelemetryPropagators.CONSUME, OpenTelemetryPropagators.NONE);
		}
		OpenTelemetryLimits.limits(variables, new LinkedHashMap<>(), refused);
		put(settings, OTLP_ENABLED, read(() -> exporter(variables.apply(EXPORTER)), refused));
		put(settings, ENABLED, read(() -> enabled(variables.apply(DISABLED)), refused));
		if ((settings.containsKey(PROPERTY) || set(variables.apply(PROPERTY))) && !settings.containsKey(ENABLED)
				&& !settings.containsKey(OTLP_ENABLED)) {
			// Only where spans are sent: a bad file then does not block a start with tracing turned off to get past it.
			OpenTelemetryTls.read(variables, refused);
		}
		return settings;
	}

	/** Spring Boot's setting for {@code OTEL_SDK_DISABLED}: {@code true} turns tracing's export off; null for the default. */
	static @Nullable String enabled(@Nullable String disabled) {
		if (!set(disabled)) {
			return null;
		}
		return switch (word(disabled)) {
			case "true" -> "false";
			case "false" -> null;
			default -> throw new InvalidOpenTelemetryVariableException(DISABLED, DISABLED + " is '" + disabled.strip()
					+ "', which is neither true nor false");
		};
	}

	/** What {@code step} reads, or null once the variable it read is given to {@code refused}. */
	private static <T> @Nullable T read(Supplier<@Nullable T> step, Consumer<InvalidOpenTelemetryVariableException> refused) {
		try {
			return step.get();
		}
		catch (InvalidOpenTelemetryVariableException refusal) {
			refused.accept(refusal);
			return null;
		}
	}

	private static void checked(Runnable step, Consumer<InvalidOpenTelemetryVariableException> refused) {
		read(() -> {
			step.run();
			return null;
		}, refused);
	}

	private static void put(Map<String, Object> settings, String property, @Nullable String value) {
		if (value != null) {
			settings.put(property, value);
		}
	}

	/**
	 * Spring Boot's setting for {@code OTEL_TRACES_EXPORTER}: {@code otlp} (the default) sends spans, {@code none}
	 * sends none, while spans are still made and their context still passed on; others stop the start.
	 */
	static @Nullable String exporter(@Nullable String exporter) {
		if (!set(exporter) || "otlp".equals(word(exporter))) {
			return null;
		}
		if ("none".equals(word(exporter))) {
			return "false";
		}
		throw new InvalidOpenTelemetryVariableException(EXPORTER, EXPORTER + " is '" + exporter.strip()
				+ "', but this service sends spans with otlp only (or none)");
	}

	/** The traces URL the two variables name, or null when neither is set (blank counts as unset). */
	static @Nullable String endpoint(@Nullable String traces, @Nullable String base) {
		if (set(traces)) {
			return checked(TRACES, traces.strip());
		}
		if (set(base)) {
			String url = checked(BASE, base.strip());
			return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/v1/traces";
		}
		return null;
	}

	/** Refuses a protocol this service does not send spans with; blank counts as unset. */
	static void protocol(String variable, @Nullable String protocol) {
		if (set(protocol) && !"http/protobuf".equals(word(protocol))) {
			throw new InvalidOpenTelemetryVariableException(variable, variable + " is '" + protocol.strip() + "', but spans are sent over "
					+ "OTLP/HTTP (http/protobuf) only, to the collector's HTTP port (4318)");
		}
	}

	/**
	 * The share of the traces it decides on that the sampler samples, or null for the default: one of OpenTelemetry's
	 * six standard samplers, with the argument of the {@code traceidratio} ones a ratio from 0 to 1.
	 */
	static @Nullable Double probability(@Nullable String sampler, @Nullable String argument) {
		String name = set(sampler) ? word(sampler) : "parentbased_traceidratio";
		return switch (name) {
			case "parentbased_always_on", "always_on" -> 1.0;
			case "parentbased_always_off", "always_off" -> 0.0;
			case "parentbased_traceidratio", "traceidratio" -> set(argument) ? ratio(argument.strip()) : null;
			default -> throw new InvalidOpenTelemetryVariableException(SAMPLER, SAMPLER + " is '" + sampler.strip() + "', but this service "
					+ "samples with always_on, always_off, traceidratio or their parentbased_ forms only");
		};
	}

	/**
	 * Whether the sampler {@code OTEL_TRACES_SAMPLER} names is parent-based (the default): a caller's sampled flag
	 * decides for its trace. The others decide for every trace, so a caller cannot have its requests sampled.
	 */
	static boolean followsCaller(@Nullable String sampler) {
		return !set(sampler) || word(sampler).startsWith("parentbased_");
	}

	/**
	 * A value of one of OpenTelemetry's enumerations as this service compares it: its specification reads them
	 * without regard to case ({@code ALWAYS_ON} is {@code always_on}).
	 */
	static String word(String value) {
		return value.strip().toLowerCase(Locale.ROOT);
	}

	private static double ratio(String argument) {
		try {
			double ratio = Double.parseDouble(argument);
			if (ratio >= 0 && ratio <= 1) {
				return ratio;
			}
		}
		catch (NumberFormatException ex) {
			// reported below, as any other value that is no ratio
		}
		throw new InvalidOpenTelemetryVariableException(SAMPLER_ARG, SAMPLER_ARG + " is '" + argument + "', which is not a number from 0 to 1");
	}

	private static String checked(String variable, String url) {
		try {
			URI uri = new URI(url);
			if (uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					&& uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null
					&& (uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= 65535)) {
				return url;
			}
		}
		catch (URISyntaxException ex) {
			// reported below, as any other URL that is not one
		}
		throw new InvalidOpenTelemetryVariableException(variable, variable + " is '" + url.replaceFirst("//[^/@]*@", "//…@").replaceFirst("\\?.*", "?…")
				+ "', which is not an absolute http or https URL without a query, with a port from 1 to 65535 if any");
	}

	/** Whether a variable holds something other than blanks. */
	static boolean set(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	/** An OpenTelemetry variable this service cannot honour. */
	static final class InvalidOpenTelemetryVariableException extends IllegalArgumentException implements SettingRefusals.Refusal {

		private final String variable;

		InvalidOpenTelemetryVariableException(String variable, String message) {
			super(message);
			this.variable = variable;
		}

		String variable() {
			return variable;
		}

	}

	/** Reports it in Spring Boot's short start-up failure report. */
	static final class Analyzer extends AbstractFailureAnalyzer<InvalidOpenTelemetryVariableException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, InvalidOpenTelemetryVariableException cause) {
			String variable = cause.variable();
			String action = variable.endsWith("ENDPOINT") ? "Set " + variable + " to the collector's OTLP/HTTP address, such as "
					+ "http://otel-collector:4318" + (variable.equals(TRACES) ? "/v1/traces" : "") + ", or unset it to send no spans."
					: "Set " + variable + " as the README's Tracing section and Configuration table say, or unset it.";
			return new FailureAnalysis(cause.getMessage() + ".", action, cause);
		}

	}

}
