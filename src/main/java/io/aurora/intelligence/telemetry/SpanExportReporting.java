package io.aurora.intelligence.telemetry;

import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Reports what becomes of the spans sent to a collector: counted by result, a WARN with the reason when
 * sending fails (at most one every {@link #REPORT_EVERY}, with the batches failed since the last), and an
 * INFO when it works again after a reported failure, in place of OpenTelemetry's own ERROR with a stack
 * trace for each failed batch (which application.yml turns off).
 */
class SpanExportReporting implements BeanPostProcessor {

	/** The least time between two reports of failing exports, so that a collector failing on and off logs little. */
	static final Duration REPORT_EVERY = Duration.ofMinutes(5);

	private static final Logger log = LoggerFactory.getLogger(SpanExportReporting.class);

	/** The help text of the spans' counter, which {@link DroppedSpans} counts into too. */
	static final String DESCRIPTION = "Spans sent to the OTLP collector, by result: ok, failed (the collector refused or never got "
			+ "them), or dropped (from a full queue, never sent)";

	private final ObjectProvider<MeterRegistry> meters;

	SpanExportReporting(ObjectProvider<MeterRegistry> meters) {
		this.meters = meters;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof SpanExporter exporter && !(bean instanceof Reported)) {
			return new Reported(exporter, meters.getIfAvailable(SimpleMeterRegistry::new), REPORT_EVERY, System::nanoTime);
		}
		return bean;
	}

	/** Why an export failed: the collector's answer, or the innermost cause of not getting one. */
	static String reason(@Nullable Throwable failure) {
		if (failure instanceof FailedExportException.HttpExportException http && http.failedWithResponse()) {
			String message = http.getResponse().statusMessage();
			return "the collector answered " + http.getResponse().statusCode() + (message == null || message.isBlank() ? "" : " " + message);
		}
		if (failure == null) {
			return "the exporter gave no reason";
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
	}

	/** An exporter whose outcomes are counted and reported. */
	static final class Reported implements SpanExporter {

		private final SpanExporter exporter;

		private final Counter ok;

		private final Counter failed;

		private final Duration reportEvery;

		private final LongSupplier nanoTime;

		/** When failing was last reported, and whether it was since the last success; guarded by this. */
		private @Nullable Long reportedAt;

		private boolean reportedFailing;

		private long failedBatches;

		Reported(SpanExporter exporter, MeterRegistry meters, Duration reportEvery, LongSupplier nanoTime) {
			this.exporter = exporter;
			this.ok = counter(meters, "ok");
			this.failed = counter(meters, "failed");
			this.reportEvery = reportEvery;
			this.nanoTime = nanoTime;
		}

		private static Counter counter(MeterRegistry meters, String result) {
			return Counter.builder(MetricNames.SPANS_EXPORTED)
				.description(DESCRIPTION)
				.tag(MetricNames.TAG_RESULT, result)
				.register(meters);
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			CompletableResultCode result = exporter.export(spans);
			int count = spans.size();
			result.whenComplete(() -> outcome(result.isSuccess(), count, result.getFailureThrowable()));
			return result;
		}

		private synchronized void outcome(boolean success, int spans, @Nullable Throwable failure) {
			if (success) {
				ok.increment(spans);
				if (reportedFailing) {
					reportedFailing = false;
					log.info("Spans reach the OTLP collector again");
				}
				return;
			}
			failed.increment(spans);
			failedBatches++;
			long now = nanoTime.getAsLong();
			if (reportedAt == null || now - reportedAt >= reportEvery.toNanos()) {
				log.warn("Spans could not be sent to the OTLP collector: {}; {} batch(es) failed since the last report, their spans "
						+ "dropped (aurora_intelligence_spans_exported_total{result=\"failed\"}); reported at most every {} min",
						reason(failure), failedBatches, reportEvery.toMinutes());
				reportedAt = now;
				reportedFailing = true;
				failedBatches = 0;
			}
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
