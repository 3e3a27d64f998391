package io.aurora.intelligence.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the spans of probes and scrapes ({@code /healthz}, {@code /health/**}, {@code /metrics}, {@code /info})
 * out of the traces sent to a collector: Kubernetes and Prometheus call them every few seconds, on every
 * replica, and each would otherwise be a trace of its own that tells nobody anything. What becomes of the
 * spans sent is counted and logged by {@link SpanExportReporting}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SpanExportingPredicate.class)
class TracingConfiguration {

	@Bean
	SpanExportingPredicate probesAndScrapesNotExported() {
		return span -> !operatorPath(span.getTags().get("uri"));
	}

	/** Static, as a post-processor of beans is made before the configuration's instance. */
	@Bean
	static SpanExportReporting spanExportReporting(ObjectProvider<MeterRegistry> meters) {
		return new SpanExportReporting(meters);
	}

	/** Whether {@code uri}, a request's path pattern, is one of the paths probes and scrapes call. */
	static boolean operatorPath(@Nullable String uri) {
		return uri != null && ("/healthz".equals(uri) || "/metrics".equals(uri) || "/info".equals(uri) || "/health".equals(uri)
				|| uri.startsWith("/health/"));
	}

}
