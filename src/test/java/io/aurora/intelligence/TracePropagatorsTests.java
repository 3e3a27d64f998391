package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static io.aurora.intelligence.TracingEndToEndTests.CALLERS_SPAN;
import static io.aurora.intelligence.TracingEndToEndTests.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code OTEL_PROPAGATORS} chooses the formats the router's call carries the trace context in, while a caller's
 * context is read in any of them.
 */
class TracePropagatorsTests {

	@TempDir
	Path dir;

	@Test
	void withB3MultiTheRoutersCallCarriesTheCallersTraceInB3HeadersAlone() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs();
				RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
						Map.of("OTEL_PROPAGATORS", "b3multi, baggage"))) {
			HttpRequest.Builder decision = HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
				.header("Content-Type", "application/json")
				.header("traceparent", "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-01")
				.header("baggage", "tenant=acme")
				.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION, StandardCharsets.UTF_8));
			assertThat(service.http.send(decision).status()).isEqualTo(200);
			RecordedRequest routed = neighbours.router.takeRequest(10, TimeUnit.SECONDS);
			assertThat(routed).as("the router was called").isNotNull();
			assertThat(routed.getHeaders().get("X-B3-TraceId")).as("the caller's W3C context, read").isEqualTo(TRACE_ID);
			assertThat(routed.getHeaders().get("X-B3-SpanId")).matches("[0-9a-f]{16}").isNotEqualTo(CALLERS_SPAN);
			assertThat(routed.getHeaders().get("X-B3-Sampled")).isEqualTo("1");
			assertThat(routed.getHeaders().get("traceparent")).as("tracecontext was not asked for").isNull();
			assertThat(routed.getHeaders().get("baggage")).as("a caller's baggage is never passed on").isNull();
		}
	}

}
