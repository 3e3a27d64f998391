package io.aurora.intelligence.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Counts the spans OpenTelemetry's batch processor drops because its queue is full (a collector slower than the
 * spans come), which it reports only as a metric of its own SDK: this reader, the only one of the meter provider
 * the processor is given, reads its {@code processedSpans} with {@code dropped=true} when Prometheus scrapes.
 */
final class DroppedSpans implements MetricReader {

	/** The batch processor's counter of the spans it handled, dropped or sent. */
	static final String PROCESSED = "processedSpans";

	private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private volatile CollectionRegistration registration = CollectionRegistration.noop();

	@Override
	public void register(CollectionRegistration registration) {
		this.registration = registration;
	}

	/** The spans dropped so far. */
	double count() {
		return registration.collectAllMetrics().stream()
			.filter(metric -> PROCESSED.equals(metric.getName()) && metric.getType() == MetricDataType.LONG_SUM)
			.flatMap(metric -> metric.getLongSumData().getPoints().stream())
			.filter(point -> Boolean.TRUE.equals(point.getAttributes().get(DROPPED)))
			.mapToLong(LongPointData::getValue)
			.sum();
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return AggregationTemporality.CUMULATIVE;
	}

	@Override
	public CompletableResultCode forceFlush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
