package io.aurora.intelligence;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry's span limit variables reach the spans the service exports: with a value length limit, the router
 * span's result ({@code ok}) reaches the collector cut to that length. Whatever the limits cut, the spans of probes and
 * scrapes are still kept from the collector.
 */
class SpanLimitsEndToEndTests {

	private static final ByteString RESULT = ByteString.encodeUtf8("aurora.router.result");

	@TempDir
	Path dir;

	@Test
	void aValueLengthLimitCutsTheAttributesTheCollectorReceives() throws Exception {
		ByteString spans = exported("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "1");
		assertThat(spans.indexOf(RESULT)).as("the router's span exported").isNotNegative();
		// The attribute's value as protobuf writes it: an AnyValue of 3 bytes holding a string of 1.
		ByteString cut = new Buffer().write(RESULT).write(new byte[] { 0x12, 0x03, 0x0a, 0x01 }).writeUtf8("o").readByteString();
		assertThat(spans.indexOf(cut)).as("'ok' cut to 1 character").isNotNegative();
		ByteString whole = new Buffer().write(RESULT).write(new byte[] { 0x12, 0x04, 0x0a, 0x02 }).writeUtf8("ok").readByteString();
		assertThat(spans.indexOf(whole)).as("not the whole value").isNegative();
	}

	@ParameterizedTest
	@ValueSource(strings = { "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=0", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT=0" })
	void probesAndScrapesStayOutOfTheTracesWhateverTheLimitsCut(String limit) throws Exception {
		ByteString spans = exported(limit.substring(0, limit.indexOf('=')), limit.substring(limit.indexOf('=') + 1));
		assertThat(spans.string(StandardCharsets.ISO_8859_1)).contains("http post /decisions").doesNotContain("http get")
			.doesNotContain("aurora operator request");
	}

	/**
	 * What the collector receives from a service run with the limit {@code variable} at {@code value}, asked by
	 * probes and scrapes and then for a decision, up to the router's span.
	 */
	private ByteString exported(String variable, String value) throws Exception {
		BlockingQueue<RecordedRequest> exports = new LinkedBlockingQueue<>();
		try (MockWebServer collector = new MockWebServer(); NeighbourStubs neighbours = new NeighbourStubs()) {
			collector.setDispatcher(TracingEndToEndTests.recording(exports));
			collector.start();
			Map<String, String> settings = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url("/").toString(), "OTEL_TRACES_SAMPLER",
					"always_on", "OTEL_BSP_SCHEDULE_DELAY", "100", variable, value);
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
				for (String path : new String[] { "/healthz", "/health/readiness", "/metrics", "/metrics", "/info" }) {
					assertThat(service.http.get(path).status()).isEqualTo(200);
				}
				assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
				ByteString routerSpan = ByteString.encodeUtf8("aurora-router route");
				Buffer body = new Buffer();
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
				while (body.indexOf(routerSpan) < 0 && System.nanoTime() < deadline) {
					RecordedRequest export = exports.poll(1, TimeUnit.SECONDS);
					if (export != null) {
						body.write(export.getBody());
					}
				}
				RecordedRequest late;
				while ((late = exports.poll(500, TimeUnit.MILLISECONDS)) != null) {
					body.write(late.getBody());
				}
				assertThat(body.indexOf(routerSpan)).as("the decision's spans exported").isNotNegative();
				return body.readByteString();
			}
		}
	}

}
