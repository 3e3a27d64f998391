package io.aurora.intelligence.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenTelemetry's own variables configure tracing, as every OpenTelemetry SDK reads them, or stop the start. */
class OpenTelemetryVariablesTests {

	@Test
	void theTracesVariableIsTheWholeUrlAndTheBaseOneGetsTheTracesPath() {
		assertThat(OpenTelemetryVariables.endpoint("http://collector:4318/custom/traces", "http://other:4318"))
			.isEqualTo("http://collector:4318/custom/traces");
		assertThat(OpenTelemetryVariables.endpoint(null, "http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
		assertThat(OpenTelemetryVariables.endpoint(" ", "https://collector:4318/\n")).isEqualTo("https://collector:4318/v1/traces");
		assertThat(OpenTelemetryVariables.endpoint(null, "http://collector:4318/otlp")).isEqualTo("http://collector:4318/otlp/v1/traces");
		assertThat(OpenTelemetryVariables.endpoint(null, "")).as("blank is unset: no export").isNull();
		assertThat(OpenTelemetryVariables.endpoint(null, null)).isNull();
	}

	@Test
	void aUrlThatNamesNoCollectorStopsTheStartNamingItsVariable() {
		for (String url : new String[] { "collector:4318", "grpc://collector:4317", "http:///v1", "http://127.0.0.1:99999" }) {
			assertThatThrownBy(() -> OpenTelemetryVariables.endpoint(null, url))
				.isInstanceOf(OpenTelemetryVariables.InvalidOpenTelemetryVariableException.class)
				.hasMessageStartingWith("OTEL_EXPORTER_OTLP_ENDPOINT is '" + url + "'");
		}
		assertThatThrownBy(() -> OpenTelemetryVariables.endpoint("collector", null))
			.hasMessageStartingWith("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
		assertThatThrownBy(() -> OpenTelemetryVariables.endpoint(null, "http://user:hunter2@collector:4318?token=s3cr3t"))
			.as("neither a password nor a query, which may carry a token, is quoted")
			.hasMessageStartingWith("OTEL_EXPORTER_OTLP_ENDPOINT is 'http://…@collector:4318?…'");
		assertThat(new OpenTelemetryVariables.Analyzer().analyze(new IllegalStateException(
				new OpenTelemetryVariables.InvalidOpenTelemetryVariableException(OpenTelemetryVariables.BASE, "x")))
			.getAction()).contains("http://otel-collector:4318");
		assertThat(new OpenTelemetryVariables.Analyzer().analyze(new IllegalStateException(
				new OpenTelemetryVariables.InvalidOpenTelemetryVariableException(OpenTelemetryVariables.SAMPLER_ARG, "x")))
			.getAction()).isEqualTo("Set OTEL_TRACES_SAMPLER_ARG as the README's Tracing section and Configuration table say, or unset it.");
	}

	@Test
	void aProtocolOtherThanHttpProtobufStopsTheStartRatherThanExportNothing() {
		OpenTelemetryVariables.protocol(OpenTelemetryVariables.PROTOCOLS, "http/protobuf");
		OpenTelemetryVariables.protocol(OpenTelemetryVariables.PROTOCOLS, "");
		OpenTelemetryVariables.protocol(OpenTelemetryVariables.PROTOCOLS, null);
		assertThatThrownBy(() -> OpenTelemetryVariables.protocol(OpenTelemetryVariables.TRACES_PROTOCOL, "grpc"))
			.isInstanceOf(OpenTelemetryVariables.InvalidOpenTelemetryVariableException.class)
			.hasMessage("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL is 'grpc', but spans are sent over OTLP/HTTP (http/protobuf) only, "
					+ "to the collector's HTTP port (4318)");
		assertThatThrownBy(() -> settings(Map.of(OpenTelemetryVariables.PROTOCOLS, "http/json")))
			.hasMessageStartingWith("OTEL_EXPORTER_OTLP_PROTOCOL is 'http/json'");
	}

	@Test
	void theSamplerIsOneOfTheSixStandardOnesWithARatioFromZeroToOne() {
		assertThat(settings(Map.of())).as("Spring Boot's default, 0.1").isEmpty();
		assertThat(settings(Map.of("OTEL_TRACES_SAMPLER_ARG", "0.25"))).containsEntry(OpenTelemetryVariables.PROBABILITY, "0.25");
		assertThat(settings(Map.of("OTEL_TRACES_SAMPLER", "parentbased_always_on", "OTEL_TRACES_SAMPLER_ARG", "0.25")))
			.containsEntry(OpenTelemetryVariables.PROBABILITY, "1.0");
		assertThat(settings(Map.of("OTEL_TRACES_SAMPLER", "parentbased_always_off"))).containsEntry(OpenTelemetryVariables.PROBABILITY,
				"0.0");
		for (String ratio : new String[] { "2", "-0.1", "NaN", "abc" }) {
			assertThatThrownBy(() -> settings(Map.of("OTEL_TRACES_SAMPLER_ARG", ratio)))
				.hasMessage("OTEL_TRACES_SAMPLER_ARG is '" + ratio + "', which is not a number from 0 to 1");
		}
		assertThat(settings(Map.of("OTEL_TRACES_SAMPLER", "always_on"))).containsEntry(OpenTelemetryVariables.PROBABILITY, "1.0");
		assertThat(settings(Map.of("OTEL_TRACES_SAMPLER", "always_off"))).containsEntry(OpenTelemetryVariables.PROBABILITY, "0.0");
		assertThat(settings(Map.of("OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.5")))
			.containsEntry(OpenTelemetryVariables.PROBABILITY, "0.5");
		for (String sampler : new String[] { "jaeger_remote", "parentbased_jaeger_remote", "xray", "ALWAYS_ONN" }) {
			assertThatThrownBy(() -> settings(Map.of("OTEL_TRACES_SAMPLER", sampler))).hasMessage("OTEL_TRACES_SAMPLER is '" + sampler
					+ "', but this service samples with always_on, always_off, traceidratio or their parentbased_ forms only");
		}
	}

	@Test
	void theBatchProcessorsAndExportersTuningVariablesBecomeSpringBootsSettings() {
		Map<String, Object> settings = settings(Map.of("OTEL_BSP_SCHEDULE_DELAY", "100", "OTEL_BSP_EXPORT_TIMEOUT", "2s",
				"OTEL_BSP_MAX_QUEUE_SIZE", "4096", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", " 128 ", "OTEL_EXPORTER_OTLP_TIMEOUT", "3000",
				"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "1500ms", "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"));
		Binder binder = new Binder(ConfigurationPropertySources.from(new MapPropertySource("otel", settings)));
		String export = "management.opentelemetry.tracing.export.";
		assertThat(binder.bind(export + "schedule-delay", Duration.class).get()).as("milliseconds, as OpenTelemetry counts")
			.isEqualTo(Duration.ofMillis(100));
		assertThat(binder.bind(export + "timeout", Duration.class).get()).isEqualTo(Duration.ofSeconds(2));
		assertThat(binder.bind(export + "max-queue-size", Integer.class).get()).isEqualTo(4096);
		assertThat(binder.bind(export + "max-batch-size", Integer.class).get()).isEqualTo(128);
		assertThat(binder.bind(export + "otlp.timeout", Duration.class).get()).as("the traces' own wins")
			.isEqualTo(Duration.ofMillis(1500));
		assertThat(settings).containsEntry(export + "otlp.compression", "gzip");
		for (String[] bad : new String[][] { { "OTEL_BSP_SCHEDULE_DELAY", "0" }, { "OTEL_BSP_EXPORT_TIMEOUT", "-5" },
				{ "OTEL_EXPORTER_OTLP_TIMEOUT", "10 seconds" }, { "OTEL_BSP_MAX_QUEUE_SIZE", "2s" } }) {
			assertThatThrownBy(() -> settings(Map.of(bad[0], bad[1]))).hasMessageStartingWith(bad[0] + " is '" + bad[1] + "', which is no positive");
		}
		assertThatThrownBy(() -> settings(Map.of("OTEL_BSP_MAX_QUEUE_SIZE", "999999999")))
			.hasMessage("OTEL_BSP_MAX_QUEUE_SIZE is '999999999', more than the 1000000 spans it may be at most");
		assertThatThrownBy(() -> settings(Map.of("OTEL_BSP_SCHEDULE_DELAY", "999999999m")))
			.hasMessage("OTEL_BSP_SCHEDULE_DELAY is '999999999m', more than the day it may be at most");
		assertThat(settings(Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "1440m"))).containsEntry(export + "otlp.timeout", "1440m");
		assertThatThrownBy(() -> settings(Map.of("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "zstd")))
			.hasMessage("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION is 'zstd', which is neither gzip nor none");
	}

	@Test
	void thePropagatorsNameTheFormatsTheRoutersCallCarriesAndOthersStopTheStart() {
		assertThat(settings(Map.of("OTEL_PROPAGATORS", "tracecontext,baggage"))).as("OpenTelemetry's default")
			.containsExactly(Map.entry(OpenTelemetryPropagators.PRODUCE, "W3C"));
		assertThat(settings(Map.of("OTEL_PROPAGATORS", " b3multi , tracecontext,b3,b3 ")))
			.containsExactly(Map.entry(OpenTelemetryPropagators.PRODUCE, "B3_MULTI,W3C,B3"));
		assertThat(settings(Map.of("OTEL_PROPAGATORS", "baggage"))).as("no format named: Spring Boot's default").isEmpty();
		assertThat(settings(Map.of("OTEL_PROPAGATORS", " "))).isEmpty();
		for (String[] bad : new String[][] { { "tracecontext,xray", "xray" }, { "b3,,w3c", "" }, { "jaeger", "jaeger" },
				{ "B4", "B4" } }) {
			assertThatThrownBy(() -> settings(Map.of("OTEL_PROPAGATORS", bad[0])))
				.isInstanceOf(OpenTelemetryVariables.InvalidOpenTelemetryVariableException.class)
				.hasMessage("OTEL_PROPAGATORS is '" + bad[0] + "', but '" + bad[1] + "' is none of the propagators this service "
						+ "writes: tracecontext, b3, b3multi (and baggage, which it takes but never passes on), or none alone");
		}
		assertThat(settings(Map.of("OTEL_PROPAGATORS", " None "))).as("none: no format written, none read")
			.containsExactly(Map.entry(OpenTelemetryPropagators.PRODUCE, ""), Map.entry(OpenTelemetryPropagators.CONSUME, ""));
		assertThatThrownBy(() -> settings(Map.of("OTEL_PROPAGATORS", "b3,none")))
			.hasMessage("OTEL_PROPAGATORS is 'b3,none', but none propagates nothing, and stands alone");
		assertThat(OpenTelemetryVariables.names()).contains("OTEL_PROPAGATORS");
	}

	@Test
	void theTracesExporterIsOtlpOrNone() {
		assertThat(settings(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isEmpty();
		assertThat(settings(Map.of("OTEL_TRACES_EXPORTER", "none"))).as("no span sent, context still passed on")
			.containsExactly(Map.entry(OpenTelemetryVariables.OTLP_ENABLED, "false"));
		assertThatThrownBy(() -> settings(Map.of("OTEL_TRACES_EXPORTER", "zipkin")))
			.hasMessage("OTEL_TRACES_EXPORTER is 'zipkin', but this service sends spans with otlp only (or none)");
	}

	@Test
	void openTelemetrysEnumeratedValuesAreReadWithoutRegardToCase() {
		assertThat(settings(Map.of("OTEL_TRACES_EXPORTER", "NONE")))
			.containsExactly(Map.entry(OpenTelemetryVariables.OTLP_ENABLED, "false"));
		assertThat(settings(Map.of("OTEL_TRACES_EXPORTER", "OTLP", "OTEL_EXPORTER_OTLP_PROTOCOL", "HTTP/PROTOBUF"))).isEmpty();
		assertThat(OpenTelemetryVariables.probability("ALWAYS_ON", null)).isEqualTo(1.0);
		assertThat(OpenTelemetryVariables.followsCaller("ParentBased_TraceIdRatio")).isTrue();
		assertThat(OpenTelemetrySampling.sampler("Always_Off", 1f).getDescription()).isEqualTo("AlwaysOffSampler");
		assertThat(OpenTelemetryPropagators.produce("TraceContext, B3")).isEqualTo("W3C,B3");
		assertThat(settings(Map.of("OTEL_EXPORTER_OTLP_COMPRESSION", "GZIP")))
			.containsValue("gzip");
	}

	@Test
	void onlyAParentBasedSamplerFollowsTheCallersSampledFlag() {
		assertThat(OpenTelemetryVariables.followsCaller(null)).as("the default, parentbased_traceidratio").isTrue();
		assertThat(OpenTelemetryVariables.followsCaller(" ")).isTrue();
		assertThat(OpenTelemetryVariables.followsCaller("parentbased_always_off")).isTrue();
		assertThat(OpenTelemetryVariables.followsCaller(" traceidratio")).isFalse();
		assertThat(OpenTelemetryVariables.followsCaller("always_on")).isFalse();
	}

	@Test
	void theCollectorsHeadersAreSentAndTheSdkCanBeTurnedOff() {
		assertThat(settings(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20collector-token, x-tenant = a%2Cb")))
			.containsEntry(OpenTelemetryVariables.HEADERS_PROPERTY + "[Authorization]", "Bearer collector-token")
			.containsEntry(OpenTelemetryVariables.HEADERS_PROPERTY + "[x-tenant]", "a,b");
		assertThat(settings(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "a=1", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2")))
			.as("the traces' own win").containsOnlyKeys(OpenTelemetryVariables.HEADERS_PROPERTY + "[b]");
		assertThat(settings(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic dG9r+a2Vu==,,x-org = team+a%25,")))
			.as("a + stays one, as in W3C Baggage; blank entries are skipped")
			.containsEntry(OpenTelemetryVariables.HEADERS_PROPERTY + "[Authorization]", "Basic dG9r+a2Vu==")
			.containsEntry(OpenTelemetryVariables.HEADERS_PROPERTY + "[x-org]", "team+a%");
		assertThatThrownBy(() -> settings(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "a=1,Authorization: Bearer supersecret")))
			.hasMessage("OTEL_EXPORTER_OTLP_HEADERS's entry 2 is no name=value header (its text is not shown: it may hold a credential)")
			.message().doesNotContain("supersecret");
		assertThatThrownBy(() -> settings(Map.of("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "Authorization=Bearer%zzsupersecret")))
			.isInstanceOf(OpenTelemetryVariables.InvalidOpenTelemetryVariableException.class)
			.hasMessage("OTEL_EXPORTER_OTLP_TRACES_HEADERS's value for header Authorization has a % that starts no %XX escape "
					+ "(its text is not shown: it may hold a credential)");
		assertThat(settings(Map.of("OTEL_SDK_DISABLED", "TRUE"))).containsEntry(OpenTelemetryVariables.ENABLED, "false");
		assertThat(settings(Map.of("OTEL_SDK_DISABLED", "false"))).isEmpty();
		assertThatThrownBy(() -> settings(Map.of("OTEL_SDK_DISABLED", "maybe"))).hasMessageStartingWith("OTEL_SDK_DISABLED is 'maybe'");
	}

	@Test
	void everyVariableThisServiceCannotHonourIsRefusedNotOnlyTheFirst() {
		StandardEnvironment environment = environment(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_TRACES_SAMPLER_ARG", "2",
				"OTEL_BSP_SCHEDULE_DELAY", "soon", "OTEL_EXPORTER_OTLP_COMPRESSION", "zstd", "OTEL_SDK_DISABLED", "maybe",
				"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
		new OpenTelemetryVariables().postProcessEnvironment(environment, new SpringApplication());
		assertThat(SettingRefusals.of(environment)).extracting(Throwable::getMessage)
			.satisfiesExactly(message -> assertThat(message).startsWith("OTEL_EXPORTER_OTLP_PROTOCOL is 'grpc'"),
					message -> assertThat(message).startsWith("OTEL_TRACES_SAMPLER_ARG is '2'"),
					message -> assertThat(message).startsWith("OTEL_BSP_SCHEDULE_DELAY is 'soon'"),
					message -> assertThat(message).startsWith("OTEL_EXPORTER_OTLP_COMPRESSION is 'zstd'"),
					message -> assertThat(message).startsWith("OTEL_SDK_DISABLED is 'maybe'"));
		assertThat(environment.getProperty(OpenTelemetryVariables.PROPERTY)).as("nothing is taken from a refused set").isNull();
	}

	@Test
	void springBootsOwnSettingWhenGivenWins() {
		StandardEnvironment environment = environment(Map.of(OpenTelemetryVariables.BASE, "http://collector:4318",
				OpenTelemetryVariables.PROPERTY, "http://mine:4318/v1/traces", "OTEL_TRACES_SAMPLER_ARG", "0.5"));
		new OpenTelemetryVariables().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(OpenTelemetryVariables.PROPERTY)).isEqualTo("http://mine:4318/v1/traces");
		assertThat(environment.getProperty(OpenTelemetryVariables.PROBABILITY)).isEqualTo("0.5");
		StandardEnvironment fromVariable = environment(Map.of(OpenTelemetryVariables.BASE, "http://collector:4318",
				OpenTelemetryVariables.PROBABILITY, "0.3", "OTEL_TRACES_SAMPLER_ARG", "0.5"));
		new OpenTelemetryVariables().postProcessEnvironment(fromVariable, new SpringApplication());
		assertThat(fromVariable.getProperty(OpenTelemetryVariables.PROPERTY)).isEqualTo("http://collector:4318/v1/traces");
		assertThat(fromVariable.getProperty(OpenTelemetryVariables.PROBABILITY)).isEqualTo("0.3");
		StandardEnvironment ownHeaders = environment(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=from-otel,x-other=1",
				OpenTelemetryVariables.HEADERS_PROPERTY + ".authorization", "from-spring"));
		new OpenTelemetryVariables().postProcessEnvironment(ownHeaders, new SpringApplication());
		assertThat(ownHeaders.getProperty(OpenTelemetryVariables.HEADERS_PROPERTY + "[x-other]")).as("Spring Boot's headers, all of them")
			.isNull();
	}

	/** The settings {@code variables} stand for, or the first of them refused, thrown as the service's start would stop. */
	private static Map<String, Object> settings(Map<String, String> variables) {
		return OpenTelemetryVariables.settings(new HashMap<>(variables)::get, refusal -> {
			throw refusal;
		});
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
