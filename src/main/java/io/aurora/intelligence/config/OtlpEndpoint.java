package io.aurora.intelligence.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sends spans to the OTLP collector that OpenTelemetry's own variables name, as every OpenTelemetry SDK
 * reads them: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as the whole URL, else
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} with {@code /v1/traces} added (OTLP over HTTP). Without either, spans
 * are exported nowhere, while trace context still passes from callers to the router. A URL that is not an
 * absolute http or https one stops the start, and so does a protocol other than {@code http/protobuf}
 * ({@code OTEL_EXPORTER_OTLP_PROTOCOL}), rather than export nothing in silence.
 */
class OtlpEndpoint implements EnvironmentPostProcessor {

	static final String TRACES = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

	static final String BASE = "OTEL_EXPORTER_OTLP_ENDPOINT";

	static final String PROTOCOLS = "OTEL_EXPORTER_OTLP_PROTOCOL";

	static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";

	/** Spring Boot's setting that, once present, makes it export spans over OTLP. */
	static final String PROPERTY = "management.opentelemetry.tracing.export.otlp.endpoint";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (String variable : new String[] { TRACES_PROTOCOL, PROTOCOLS }) {
			protocol(variable, environment.getProperty(variable));
		}
		String endpoint = endpoint(environment.getProperty(TRACES), environment.getProperty(BASE));
		if (endpoint != null && !environment.containsProperty(PROPERTY)) {
			environment.getPropertySources().addLast(new MapPropertySource("otlpEndpoint", Map.of(PROPERTY, endpoint)));
		}
	}

	/** The traces URL the two variables name, or null when neither is set (blank counts as unset). */
	static @Nullable String endpoint(@Nullable String traces, @Nullable String base) {
		if (traces != null && !traces.isBlank()) {
			return checked(TRACES, traces.strip());
		}
		if (base != null && !base.isBlank()) {
			String url = checked(BASE, base.strip());
			return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/v1/traces";
		}
		return null;
	}

	/** Refuses a protocol this service does not send spans with; blank counts as unset. */
	static void protocol(String variable, @Nullable String protocol) {
		if (protocol != null && !protocol.isBlank() && !"http/protobuf".equals(protocol.strip())) {
			throw new InvalidOtlpEndpointException(variable + " is '" + protocol.strip() + "', but spans are sent over OTLP/HTTP "
					+ "(http/protobuf) only, to the collector's HTTP port (4318)");
		}
	}

	private static String checked(String variable, String url) {
		try {
			URI uri = new URI(url);
			if (uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					&& uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
				return url;
			}
		}
		catch (URISyntaxException ex) {
			// reported below, as any other URL that is not one
		}
		throw new InvalidOtlpEndpointException(variable + " is '" + url + "', which is not an absolute http or https URL "
				+ "without a query");
	}

	/** An OTLP endpoint variable that names no collector. */
	static final class InvalidOtlpEndpointException extends IllegalArgumentException {

		InvalidOtlpEndpointException(String message) {
			super(message);
		}

	}

	/** Reports it in Spring Boot's short start-up failure report. */
	static final class Analyzer extends AbstractFailureAnalyzer<InvalidOtlpEndpointException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, InvalidOtlpEndpointException cause) {
			return new FailureAnalysis(cause.getMessage() + ".", "Set " + BASE + " to the collector's OTLP/HTTP address, such as "
					+ "http://otel-collector:4318, with " + PROTOCOLS + " unset or http/protobuf; or unset them to export no spans.", cause);
		}

	}

}
