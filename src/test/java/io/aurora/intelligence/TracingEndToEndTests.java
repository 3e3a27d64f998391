package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

/**
 * W3C trace context as a traced scheduler meets it: the router's call continues the caller's trace as a
 * child of the call's own span, itself a child of the decision's, a decision without one starts a trace of its own, what is logged meanwhile
 * carries the trace id, and with an OTLP collector named by OpenTelemetry's variable the service's spans
 * reach it.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingEndToEndTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String CALLERS_SPAN = "00f067aa0ba902b7";

	static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])");

	@TempDir
	Path dir;

	@Test
	void theRoutersCallContinuesTheCallersTraceAndADecisionWithoutOneStartsItsOwn() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs();
				RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
			assertThat(decide(service.http, "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-01", "scheduler=t61rcWkgMzE").status())
				.isEqualTo(200);
			RecordedRequest traced = neighbours.router.takeRequest(5, TimeUnit.SECONDS);
			Matcher parent = traceparent(traced);
			assertThat(parent.group(1)).as("the caller's trace").isEqualTo(TRACE_ID);
			assertThat(parent.group(2)).as("this service's span, the router's parent").isNotEqualTo(CALLERS_SPAN)
				.isNotEqualTo("0000000000000000");
			assertThat(parent.group(3)).as("sampled, as the caller decided").isEqualTo("01");
			assertThat(traced.getHeaders().get("tracestate")).isEqualTo("scheduler=t61rcWkgMzE");

			assertThat(decide(service.http, "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-00", null).status()).isEqualTo(200);
			assertThat(traceparent(neighbours.router.takeRequest(5, TimeUnit.SECONDS)).group(3)).as("not sampled, as the caller decided")
				.isEqualTo("00");

			assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
			RecordedRequest untraced = neighbours.router.takeRequest(5, TimeUnit.SECONDS);
			assertThat(traceparent(untraced).group(1)).as("a trace of its own").isNotEqualTo(TRACE_ID)
				.isNotEqualTo("0".repeat(32));
			assertThat(untraced.getHeaders().get("tracestate")).isNull();

			assertThat(service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
				.header("Content-Type", "application/json").header("b3", TRACE_ID + "-" + CALLERS_SPAN + "-1")
				.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION))).status()).isEqualTo(200);
			assertThat(traceparent(neighbours.router.takeRequest(5, TimeUnit.SECONDS)).group(1)).as("a Zipkin client's B3 header is read")
				.isEqualTo(TRACE_ID);

			for (String malformed : new String[] { "00-" + TRACE_ID.toUpperCase(Locale.ROOT) + "-" + CALLERS_SPAN + "-01",
					"ff-" + TRACE_ID + "-" + CALLERS_SPAN + "-01", "00-" + TRACE_ID + "-0000000000000000-01" }) {
				assertThat(decide(service.http, malformed, null).status()).isEqualTo(200);
				assertThat(traceparent(neighbours.router.takeRequest(5, TimeUnit.SECONDS)).group(1))
					.as("%s is ignored, as W3C asks", malformed).isNotEqualTo(TRACE_ID);
			}

			assertThat(service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + "/decisions"))
				.header("Content-Type", "application/json").header("traceparent", "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-01")
				.header("baggage", "tenant=other,x-admin=true").POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION))).status())
				.isEqualTo(200);
			RecordedRequest withBaggage = neighbours.router.takeRequest(5, TimeUnit.SECONDS);
			assertThat(traceparent(withBaggage).group(1)).isEqualTo(TRACE_ID);
			assertThat(withBaggage.getHeaders().get("baggage")).as("a caller's baggage is not passed on").isNull();
		}
	}

	@Test
	void aSamplerThatIsNotParentBasedDecidesForTheCallersTracesToo() throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			try (RunningService service = RunningService.start(dir.resolve("off.db"), neighbours,
					Map.of("OTEL_TRACES_SAMPLER", "always_off", "management.tracing.sampling.probability", "1"))) {
				assertThat(decide(service.http, "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-01", null).status()).isEqualTo(200);
				Matcher parent = traceparent(neighbours.router.takeRequest(5, TimeUnit.SECONDS));
				assertThat(parent.group(1)).as("still the caller's trace").isEqualTo(TRACE_ID);
				assertThat(parent.group(3)).as("not sampled, though the caller asked").isEqualTo("00");
			}
			try (RunningService service = RunningService.start(dir.resolve("on.db"), neighbours,
					Map.of("OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", "1"))) {
				assertThat(decide(service.http, "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-00", null).status()).isEqualTo(200);
				assertThat(traceparent(neighbours.router.takeRequest(5, TimeUnit.SECONDS)).group(3))
					.as("sampled, though the caller did not").isEqualTo("01");
			}
		}
	}

	@Test
	void withACollectorNamedTheDecisionsSpansReachItInTheCallersTrace() throws Exception {
		BlockingQueue<RecordedRequest> exports = new LinkedBlockingQueue<>();
		try (MockWebServer collector = new MockWebServer(); NeighbourStubs neighbours = new NeighbourStubs()) {
			collector.setDispatcher(recording(exports));
			collector.start();
			Map<String, String> settings = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url("/").toString(),
					"OTEL_BSP_SCHEDULE_DELAY", "100");
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, settings)) {
				String probes = "0af7651916cd43dd8448eb211c80319c";
				for (String path : new String[] { "/healthz", "/health", "/health/readiness", "/metrics", "/metrics", "/metrics?x=1", "/info" }) {
					assertThat(service.http.send(HttpRequest.newBuilder(URI.create(service.http.base() + path))
						.header("traceparent", "00-" + probes + "-" + CALLERS_SPAN + "-01")).status()).isEqualTo(200);
				}
				assertThat(decide(service.http, "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-01", null).status()).isEqualTo(200);
				byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
				List<RecordedRequest> sent = new ArrayList<>();
				RecordedRequest export;
				do {
					export = exports.poll(10, TimeUnit.SECONDS);
					assertThat(export).as("spans exported within 10 s").isNotNull();
					sent.add(export);
				}
				while (!contains(export.getBody(), traceId));
				assertThat(export.getTarget()).isEqualTo("/v1/traces");
				assertThat(export.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
				RecordedRequest routed = neighbours.router.takeRequest(10, TimeUnit.SECONDS);
				byte[] routersParent = HexFormat.of().parseHex(traceparent(routed).group(2));
				List<String> names = List.of("aurora-intelligence", "/decisions", "aurora-router route", "aurora-store commit");
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
				while (System.nanoTime() < deadline && !(sent.stream().anyMatch(request -> contains(request.getBody(), routersParent))
						&& names.stream().allMatch(bodies(sent)::contains))) {
					RecordedRequest more = exports.poll(1, TimeUnit.SECONDS);
					if (more != null) {
						sent.add(more);
					}
				}
				for (RecordedRequest more; (more = exports.poll(1, TimeUnit.SECONDS)) != null;) {
					sent.add(more);
				}
				assertThat(bodies(sent)).contains(names);
				assertThat(sent).as("the router's parent, the call's own span, is sent")
					.anyMatch(request -> contains(request.getBody(), routersParent));
				assertThat(sent).as("probes and scrapes are not sent")
					.noneMatch(request -> contains(request.getBody(), HexFormat.of().parseHex(probes)));
			}
		}
	}

	@Test
	void eachRouterCallOfAFailoverIsASpanOfItsOwnInTheCallersTrace() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> calls.incrementAndGet() == 1 ? NeighbourStubs.json(409, "{\"status\":\"no_capacity\"}")
					: NeighbourStubs.json(200, "{\"status\":\"placed\",\"score\":0.6}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				assertThat(decide(service.http, "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-01", null).status()).isEqualTo(200);
				Matcher refused = traceparent(neighbours.router.takeRequest(5, TimeUnit.SECONDS));
				Matcher placed = traceparent(neighbours.router.takeRequest(5, TimeUnit.SECONDS));
				assertThat(refused.group(1)).isEqualTo(TRACE_ID);
				assertThat(placed.group(1)).isEqualTo(TRACE_ID);
				assertThat(placed.group(2)).as("the second call's span, not the decision's").isNotEqualTo(refused.group(2));
			}
		}
	}

	@Test
	void aLineLoggedWhileADecisionIsMadeCarriesItsTraceId(CapturedOutput output) throws Exception {
		try (NeighbourStubs neighbours = new NeighbourStubs()) {
			neighbours.routeWith(request -> NeighbourStubs.json(500, "{}"));
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of())) {
				for (int i = 0; i < 5; i++) {
					assertThat(decide(service.http, "00-" + TRACE_ID + "-" + CALLERS_SPAN + "-01", null).status()).isEqualTo(200);
				}
			}
		}
		assertThat(output.getOut().lines().filter(line -> line.contains("Aurora Router circuit opened")))
			.singleElement(STRING).contains("[" + TRACE_ID + "-");
	}

	@Test
	void aCollectorThatFailsIsReportedOnceAndAgainWhenItRecoversAndItsDroppedSpansAreCounted(CapturedOutput output) throws Exception {
		AtomicInteger status = new AtomicInteger(500);
		try (MockWebServer collector = new MockWebServer(); NeighbourStubs neighbours = new NeighbourStubs()) {
			collector.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					return new MockResponse.Builder().code(status.get()).build();
				}
			});
			collector.start();
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
					collector.url("/").toString(), "OTEL_TRACES_SAMPLER_ARG", "1",
					"management.opentelemetry.tracing.export.schedule-delay", "50ms"))) {
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
					assertThat(spans(service.http, "failed")).as("batches failed").isGreaterThanOrEqualTo(3);
				});
				status.set(200);
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
					assertThat(spans(service.http, "ok")).isGreaterThanOrEqualTo(1);
				});
			}
		}
		assertThat(output.getOut().lines().filter(line -> line.contains("Spans could not be sent to the OTLP collector")))
			.as("once, not for each batch").singleElement(STRING).contains("the collector answered 500");
		assertThat(output.getOut().lines().filter(line -> line.contains("Spans reach the OTLP collector again"))).hasSize(1);
		assertThat(output.getOut()).doesNotContain("Failed to export spans");
	}

	@Test
	void spansDroppedFromAFullQueueAreCounted() throws Exception {
		try (MockWebServer collector = new MockWebServer(); NeighbourStubs neighbours = new NeighbourStubs()) {
			collector.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
					Thread.sleep(2_000);
					return new MockResponse.Builder().code(200).build();
				}
			});
			collector.start();
			try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
					collector.url("/").toString(), "OTEL_TRACES_SAMPLER", "always_on", "OTEL_BSP_MAX_QUEUE_SIZE", "4",
					"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "1", "OTEL_BSP_SCHEDULE_DELAY", "10"))) {
				assertThat(spans(service.http, "dropped")).as("none dropped yet").isZero();
				for (int i = 0; i < 20; i++) {
					assertThat(service.http.post("/decisions", SEED_DECISION).status()).as("decisions never wait for spans").isEqualTo(200);
				}
				assertThat(spans(service.http, "dropped")).as("a queue of 4 and a collector taking 2 s a batch").isGreaterThan(0);
			}
		}
	}

	/** A collector's answer to each export, an accepting 200, with each export kept in {@code exports}. */
	static Dispatcher recording(BlockingQueue<RecordedRequest> exports) {
		return new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				exports.add(request);
				return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build();
			}
		};
	}

	private static double spans(TestHttp http, String result) {
		Matcher sample = Pattern.compile("(?m)^aurora_intelligence_spans_exported_total\\{result=\"" + result + "\"} (\\S+)$")
			.matcher(http.get("/metrics").body());
		assertThat(sample.find()).isTrue();
		return Double.parseDouble(sample.group(1));
	}

	private static TestHttp.Response decide(TestHttp http, String traceparent, @Nullable String tracestate) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + "/decisions"))
			.header("Content-Type", "application/json").header("traceparent", traceparent);
		if (tracestate != null) {
			request.header("tracestate", tracestate);
		}
		return http.send(request.POST(HttpRequest.BodyPublishers.ofString(SEED_DECISION, StandardCharsets.UTF_8)));
	}

	private static Matcher traceparent(RecordedRequest request) {
		assertThat(request).as("the router was called").isNotNull();
		String header = request.getHeaders().get("traceparent");
		assertThat(header).isNotNull();
		Matcher matcher = TRACEPARENT.matcher(header);
		assertThat(matcher.matches()).as(header).isTrue();
		return matcher;
	}

	private static boolean contains(ByteString body, byte[] bytes) {
		return body.indexOf(ByteString.of(bytes)) >= 0;
	}

	private static String bodies(List<RecordedRequest> sent) {
		return String.join("", sent.stream().map(request -> request.getBody().utf8()).toList());
	}

}
