package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static io.aurora.intelligence.TracingEndToEndTests.CALLERS_SPAN;
import static io.aurora.intelligence.TracingEndToEndTests.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code OTEL_PROPAGATORS} chooses the formats the router's call carries the trace context in, while a caller's
 * context is read in any of them; {@code none} propagates nothing, written or read.
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

	@Test
	void withNoneTheRoutersCallCarriesNoContextAndTheCallersIsNotRead() throws Exception {
		BlockingQueue<RecordedRequest> exports = new LinkedBlockingQueue<>();
		try (MockWebServer collector = new MockWebServer(); NeighbourStubs neighbours = new NeighbourStubs()) {
			collector.setDispatcher(TracingEndToEndTests.recording(exports));
			collector.start();
			Map<String, String> settings = Map.of("OTEL_PROPAGATORS", "none", "OTEL_EXPORTER_OTLP_ENDPOINT", collector.url("/").toString(),
					"OTEL_TRACES_SAMPLER", "always_on", "OTEL_BSP_SCHEDULE_DELAY", "100");
			try (RunningService service = RunningService.start(dir.resolve("none.db"), neighbours, settings)) {
				HttpRequest.Builder decision = HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
					.header("Content-Type", "application/json")
					.header("traceparent", "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-01")
					.header("b3", TRACE_ID + "-" + CALLERS_SPAN + "-1")
					.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION, StandardCharsets.UTF_8));
				assertThat(service.http.send(decision).status()).isEqualTo(200);
				RecordedRequest routed = neighbours.router.takeRequest(10, TimeUnit.SECONDS);
				assertThat(routed).as("the router was called").isNotNull();
				assertThat(routed.getHeaders().names()).as("no trace context written")
					.noneMatch(name -> name.equalsIgnoreCase("traceparent") || name.equalsIgnoreCase("b3")
							|| name.toLowerCase(Locale.ROOT).startsWith("x-b3-"));
				RecordedRequest export = exports.poll(15, TimeUnit.SECONDS);
				assertThat(export).as("the decision's spans, in a trace of their own").isNotNull();
				byte[] callers = HexFormat.of().parseHex(TRACE_ID);
				assertThat(export.getBody().indexOf(ByteString.of(callers))).as("not in the caller's trace").isNegative();
			}
		}
	}

}
