package io.aurora.intelligence.telemetry;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Reports what becomes of the spans sent to a collector: counted by result, a WARN when sending first
 * fails and an INFO when it works again, in place of OpenTelemetry's own ERROR with a stack trace for each
 * failed batch (every few seconds while a collector is away, which application.yml turns off).
 */
class SpanExportReporting implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(SpanExportReporting.class);

	private final ObjectProvider<MeterRegistry> meters;

	SpanExportReporting(ObjectProvider<MeterRegistry> meters) {
		this.meters = meters;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof SpanExporter exporter && !(bean instanceof Reported)) {
			MeterRegistry registry = meters.getObject();
			return new Reported(exporter, counter(registry, "ok"), counter(registry, "failed"));
		}
		return bean;
	}

	private static Counter counter(MeterRegistry registry, String result) {
		return Counter.builder(MetricNames.SPANS_EXPORTED)
			.description("Spans sent to the OTLP collector, by result: ok, or failed (dropped)")
			.tag(MetricNames.TAG_RESULT, result)
			.register(registry);
	}

	/** An exporter whose outcomes are counted and reported when they change. */
	static final class Reported implements SpanExporter {

		private final SpanExporter exporter;

		private final Counter ok;

		private final Counter failed;

		private final AtomicBoolean failing = new AtomicBoolean();

		Reported(SpanExporter exporter, Counter ok, Counter failed) {
			this.exporter = exporter;
			this.ok = ok;
			this.failed = failed;
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			CompletableResultCode result = exporter.export(spans);
			int count = spans.size();
			result.whenComplete(() -> {
				if (result.isSuccess()) {
					ok.increment(count);
					if (failing.compareAndSet(true, false)) {
						log.info("Spans reach the OTLP collector again");
					}
				}
				else {
					failed.increment(count);
					if (failing.compareAndSet(false, true)) {
						Throwable cause = result.getFailureThrowable();
						log.warn("Spans could not be sent to the OTLP collector ({}); they are dropped until it answers, and "
								+ "aurora_intelligence_spans_exported_total{result=\"failed\"} counts them",
								cause == null ? "it refused them" : cause.toString());
					}
				}
			});
			return result;
		}

		@Override
		public CompletableResultCode flush() {
			return exporter.flush();
		}

		@Override
		public CompletableResultCode shutdown() {
			return exporter.shutdown();
		}

		@Override
		public void close() {
			exporter.close();
		}

	}

}
