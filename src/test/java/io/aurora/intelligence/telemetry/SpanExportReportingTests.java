package io.aurora.intelligence.telemetry;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A collector failing on and off is reported with its reason, at most once per period, and every span is counted. */
@ExtendWith(OutputCaptureExtension.class)
class SpanExportReportingTests {

	@Test
	void aCollectorFailingOnAndOffIsReportedAtMostOncePerPeriodWithItsReason(CapturedOutput output) {
		Deque<CompletableResultCode> outcomes = new ArrayDeque<>();
		AtomicLong now = new AtomicLong();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		SpanExporter reported = new SpanExportReporting.Reported(new Scripted(outcomes), meters, Duration.ofMinutes(5), now::get);
		List<SpanData> twoSpans = Collections.nCopies(2, null);
		for (int i = 0; i < 4; i++) {
			outcomes.add(CompletableResultCode.ofExceptionalFailure(new IllegalStateException(new ConnectException("refused"))));
			outcomes.add(CompletableResultCode.ofSuccess());
		}
		for (int i = 0; i < 8; i++) {
			reported.export(twoSpans);
			now.addAndGet(Duration.ofSeconds(10).toNanos());
		}
		assertThat(output.getOut().lines().filter(line -> line.contains("Spans could not be sent"))).singleElement()
			.satisfies(line -> assertThat(line).contains("ConnectException: refused", "1 batch(es) failed since the last report"));
		assertThat(output.getOut().lines().filter(line -> line.contains("Spans reach the OTLP collector again"))).hasSize(1);
		assertThat(meters.get(MetricNames.SPANS_EXPORTED).tag(MetricNames.TAG_RESULT, "failed").counter().count()).isEqualTo(8);
		assertThat(meters.get(MetricNames.SPANS_EXPORTED).tag(MetricNames.TAG_RESULT, "ok").counter().count()).isEqualTo(8);

		now.addAndGet(Duration.ofMinutes(5).toNanos());
		outcomes.add(CompletableResultCode.ofFailure());
		reported.export(twoSpans);
		assertThat(output.getOut().lines().filter(line -> line.contains("Spans could not be sent"))).hasSize(2).last()
			.satisfies(line -> assertThat(line).contains("the exporter gave no reason", "4 batch(es) failed since the last report"));
	}

	/** Answers each export with the next outcome given. */
	private record Scripted(Deque<CompletableResultCode> outcomes) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return outcomes.removeFirst();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
