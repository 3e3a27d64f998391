package io.aurora.intelligence.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenTelemetry's own variables name the collector, as every OpenTelemetry SDK reads them. */
class OtlpEndpointTests {

	@Test
	void theTracesVariableIsTheWholeUrlAndTheBaseOneGetsTheTracesPath() {
		assertThat(OtlpEndpoint.endpoint("http://collector:4318/custom/traces", "http://other:4318"))
			.isEqualTo("http://collector:4318/custom/traces");
		assertThat(OtlpEndpoint.endpoint(null, "http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
		assertThat(OtlpEndpoint.endpoint(" ", "https://collector:4318/\n")).isEqualTo("https://collector:4318/v1/traces");
		assertThat(OtlpEndpoint.endpoint(null, "http://collector:4318/otlp")).isEqualTo("http://collector:4318/otlp/v1/traces");
		assertThat(OtlpEndpoint.endpoint(null, "")).as("blank is unset: no export").isNull();
		assertThat(OtlpEndpoint.endpoint(null, null)).isNull();
	}

	@Test
	void aUrlThatNamesNoCollectorStopsTheStartNamingItsVariable() {
		for (String url : new String[] { "collector:4318", "grpc://collector:4317", "http://collector:4318?x=1", "http:///v1" }) {
			assertThatThrownBy(() -> OtlpEndpoint.endpoint(null, url)).isInstanceOf(OtlpEndpoint.InvalidOtlpEndpointException.class)
				.hasMessageStartingWith("OTEL_EXPORTER_OTLP_ENDPOINT is '" + url + "'");
		}
		assertThatThrownBy(() -> OtlpEndpoint.endpoint("collector", null)).hasMessageStartingWith("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
		assertThat(new OtlpEndpoint.Analyzer().analyze(new IllegalStateException(new OtlpEndpoint.InvalidOtlpEndpointException("x")))
			.getAction()).contains("http://otel-collector:4318");
	}

	@Test
	void aProtocolOtherThanHttpProtobufStopsTheStartRatherThanExportNothing() {
		OtlpEndpoint.protocol(OtlpEndpoint.PROTOCOLS, "http/protobuf");
		OtlpEndpoint.protocol(OtlpEndpoint.PROTOCOLS, "");
		OtlpEndpoint.protocol(OtlpEndpoint.PROTOCOLS, null);
		assertThatThrownBy(() -> OtlpEndpoint.protocol(OtlpEndpoint.TRACES_PROTOCOL, "grpc"))
			.isInstanceOf(OtlpEndpoint.InvalidOtlpEndpointException.class)
			.hasMessage("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL is 'grpc', but spans are sent over OTLP/HTTP (http/protobuf) only, "
					+ "to the collector's HTTP port (4318)");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(OtlpEndpoint.PROTOCOLS, "http/json")));
		assertThatThrownBy(() -> new OtlpEndpoint().postProcessEnvironment(environment, new SpringApplication()))
			.hasMessageStartingWith("OTEL_EXPORTER_OTLP_PROTOCOL is 'http/json'");
	}

	@Test
	void springBootsOwnSettingWhenGivenWins() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(OtlpEndpoint.BASE, "http://collector:4318",
				OtlpEndpoint.PROPERTY, "http://mine:4318/v1/traces")));
		new OtlpEndpoint().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(OtlpEndpoint.PROPERTY)).isEqualTo("http://mine:4318/v1/traces");
		StandardEnvironment fromVariable = new StandardEnvironment();
		fromVariable.getPropertySources().addFirst(new MapPropertySource("test", Map.of(OtlpEndpoint.BASE, "http://collector:4318")));
		new OtlpEndpoint().postProcessEnvironment(fromVariable, new SpringApplication());
		assertThat(fromVariable.getProperty(OtlpEndpoint.PROPERTY)).isEqualTo("http://collector:4318/v1/traces");
	}

}
