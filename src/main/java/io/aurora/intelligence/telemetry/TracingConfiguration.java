package io.aurora.intelligence.telemetry;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Keeps the spans of probes and scrapes ({@code /healthz}, {@code /health/**}, {@code /metrics}, {@code /info})
 * out of the traces sent to a collector: Kubernetes and Prometheus call them every few seconds, on every
 * replica, and each would otherwise be a trace of its own that tells nobody anything. What becomes of the
 * spans sent is counted and logged by {@link SpanExportReporting}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SpanExportingPredicate.class)
class TracingConfiguration {

	/** The name a probe's or a scrape's span is given, so that it is known at export whatever the span limits cut. */
	static final String OPERATOR_SPAN = "aurora operator request";

	/**
	 * Names the spans of probes and scrapes by their request's own path: their tags may be cut or dropped by the span
	 * limits ({@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT}, {@code OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT=0}, …) before they are
	 * read for export, while a span's name is not. The name is the span's only; metrics keep their own.
	 */
	@Bean
	ObservationFilter operatorRequestsNamed() {
		return context -> {
			if (context instanceof ServerRequestObservationContext server && operatorPath(server.getCarrier().getRequestURI())) {
				context.setContextualName(OPERATOR_SPAN);
			}
			return context;
		};
	}

	@Bean
	SpanExportingPredicate probesAndScrapesNotExported() {
		// A scrape answered from the cache never reaches Spring MVC, so its span's uri is UNKNOWN: its URL says.
		return span -> !OPERATOR_SPAN.equals(span.getName()) && !operatorPath(span.getTags().get("uri"))
				&& !operatorPath(path(span.getTags().get("http.url")));
	}

	/** Static, as a post-processor of beans is made before the configuration's instance. */
	@Bean
	static SpanExportReporting spanExportReporting(ObjectProvider<MeterRegistry> meters) {
		return new SpanExportReporting(meters);
	}

	/**
	 * The meter provider Spring Boot gives OpenTelemetry's batch processor, read only to count the spans it drops
	 * from its full queue as {@code spans_exported_total{result="dropped"}} ({@link DroppedSpans}).
	 */
	@Bean
	@ConditionalOnClass(SdkMeterProvider.class)
	SdkMeterProvider spanProcessorMeters(MeterRegistry meters) {
		DroppedSpans dropped = new DroppedSpans();
		FunctionCounter.builder(MetricNames.SPANS_EXPORTED, dropped, DroppedSpans::count)
			.description(SpanExportReporting.DESCRIPTION)
			.tag(MetricNames.TAG_RESULT, "dropped")
			.register(meters);
		return SdkMeterProvider.builder().registerMetricReader(dropped).build();
	}

	/** The path of {@code url}, a request's URL as its span records it (a path, and maybe a query), or null. */
	static @Nullable String path(@Nullable String url) {
		if (url == null) {
			return null;
		}
		int query = url.indexOf('?');
		return query < 0 ? url : url.substring(0, query);
	}

	/** Whether {@code uri}, a request's path pattern, is one of the paths probes and scrapes call. */
	static boolean operatorPath(@Nullable String uri) {
		return uri != null && ("/healthz".equals(uri) || "/metrics".equals(uri) || "/info".equals(uri) || "/health".equals(uri)
				|| uri.startsWith("/health/"));
	}

}
