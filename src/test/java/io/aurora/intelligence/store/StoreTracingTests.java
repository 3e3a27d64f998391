package io.aurora.intelligence.store;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request's wait for its commit, as an OpenTelemetry tracer records it. */
class StoreTracingTests {

	private final List<SpanData> ended = new CopyOnWriteArrayList<>();

	private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			ended.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	})).build();

	private final Tracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> {
	});

	private final StoreTracing tracing = StoreTracing.of(tracer);

	@AfterEach
	void close() {
		provider.close();
	}

	@Test
	void aWaitInARequestIsAChildSpanNamingItsWrite() {
		Span request = tracer.nextSpan().name("POST /decisions").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
			assertThat(tracing.around("trace", () -> 1)).isEqualTo(1);
		}
		request.end();
		SpanData commit = ended.get(0);
		assertThat(commit.getName()).isEqualTo("aurora-store commit");
		assertThat(commit.getAttributes().get(AttributeKey.stringKey("aurora.store.write"))).isEqualTo("trace");
		assertThat(commit.getParentSpanId()).isEqualTo(request.context().spanId());
		assertThat(commit.getTraceId()).isEqualTo(request.context().traceId());
		assertThat(commit.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
	}

	@Test
	void aWaitOutsideARequestIsNotTraced() {
		assertThat(tracing.around("retention", () -> 3)).isEqualTo(3);
		assertThat(ended).isEmpty();
	}

	@Test
	void aFailedCommitIsAnErrorByItsTypeAndSqlStateNeverItsMessage() {
		Span request = tracer.nextSpan().name("POST /feedback").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
			assertThatThrownBy(() -> tracing.around("claim", () -> {
				throw new DataIntegrityViolationException("INSERT INTO idempotency_keys … Key (idempotency_key)=(secret-key)",
						new SQLException("duplicate", "23505"));
			})).isInstanceOf(DataIntegrityViolationException.class);
			assertThatThrownBy(() -> tracing.around("feedback", () -> {
				throw new OutOfMemoryError("heap");
			})).isInstanceOf(OutOfMemoryError.class);
		}
		request.end();
		assertThat(ended).hasSize(3);
		SpanData claim = ended.get(0);
		assertThat(claim.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(claim.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo(DataIntegrityViolationException.class.getName());
		assertThat(claim.toString()).contains("DataIntegrityViolationException (SQLState 23505)").doesNotContain("secret-key");
		assertThat(ended.get(1).getStatus().getStatusCode()).as("an Error ends the span too").isEqualTo(StatusCode.ERROR);
	}

}
