package io.aurora.intelligence.store;

import java.sql.SQLException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request's wait for its commit, as an OpenTelemetry tracer records it. */
class StoreTracingTests {

	private final InMemorySpanExporter exported = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported))
		.build();

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
			assertThat(tracing.around("trace", traced -> {
				traced.batch(3);
				return 1;
			})).isEqualTo(1);
		}
		request.end();
		SpanData commit = exported.getFinishedSpanItems().get(0);
		assertThat(commit.getName()).isEqualTo("aurora-store commit");
		assertThat(commit.getAttributes().get(AttributeKey.stringKey("aurora.store.write"))).isEqualTo("trace");
		assertThat(commit.getAttributes().get(AttributeKey.longKey("aurora.store.batch"))).isEqualTo(3L);
		assertThat(commit.getParentSpanId()).isEqualTo(request.context().spanId());
		assertThat(commit.getTraceId()).isEqualTo(request.context().traceId());
		assertThat(commit.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
	}

	@Test
	void aWaitOutsideARequestIsNotTraced() {
		assertThat(tracing.around("retention", traced -> {
			traced.batch(2);
			return 3;
		})).isEqualTo(3);
		assertThat(exported.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void aFailedCommitIsAnErrorByItsTypeAndSqlStateNeverItsMessage() {
		Span request = tracer.nextSpan().name("POST /feedback").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
			assertThatThrownBy(() -> tracing.around("claim", traced -> {
				throw new DataIntegrityViolationException("INSERT INTO idempotency_keys … Key (idempotency_key)=(secret-key)",
						new SQLException("duplicate", "23505"));
			})).isInstanceOf(DataIntegrityViolationException.class);
			assertThatThrownBy(() -> tracing.around("feedback", traced -> {
				throw new OutOfMemoryError("heap");
			})).isInstanceOf(OutOfMemoryError.class);
		}
		request.end();
		assertThat(exported.getFinishedSpanItems()).hasSize(3);
		SpanData claim = exported.getFinishedSpanItems().get(0);
		assertThat(claim.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(claim.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo(DataIntegrityViolationException.class.getName());
		assertThat(claim.toString()).contains("DataIntegrityViolationException (SQLState 23505)").doesNotContain("secret-key");
		assertThat(claim.getAttributes().get(AttributeKey.longKey("aurora.store.batch"))).as("not committed").isNull();
		assertThat(exported.getFinishedSpanItems().get(1).getStatus().getStatusCode()).as("an Error ends the span too").isEqualTo(StatusCode.ERROR);
	}

}
