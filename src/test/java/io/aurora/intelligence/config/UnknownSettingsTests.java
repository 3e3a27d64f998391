package io.aurora.intelligence.config;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which environment variables are warned of as settings of this service that it does not have. */
class UnknownSettingsTests {

	@Test
	void misspeltSettingsAreNamedWithTheSettingTheyResemble() {
		Set<String> known = UnknownSettings.known();
		assertThat(known).contains("AURORA_POLICY", "EPSILON", "AURORA_ROUTER_URL", "STORE_URL", "PORT");
		assertThat(UnknownSettings.suspects(Set.of("AURORA_POLCY", "EPSILONN", "ROUTER_URLS", "GAMA"), known))
			.containsExactly("AURORA_POLCY (did you mean AURORA_POLICY?)", "EPSILONN (did you mean EPSILON?)",
					"GAMA (did you mean GAMMA?)", "ROUTER_URLS (did you mean AURORA_ROUTER_URL?)");
	}

	@Test
	void aSettingWithoutItsAuroraPrefixOrWithItWhereItHasNoneIsNamedWithTheSetting() {
		Set<String> known = UnknownSettings.known();
		assertThat(UnknownSettings.suspects(Set.of("ROUTER_URL", "AURORA_EPSILON", "POLICY"), known))
			.containsExactly("AURORA_EPSILON (did you mean EPSILON?)", "POLICY (did you mean AURORA_POLICY?)",
					"ROUTER_URL (did you mean AURORA_ROUTER_URL?)");
	}

	@Test
	void aSettingWrittenInLowerCaseIsNamedWithItsVariable() {
		Set<String> known = UnknownSettings.known();
		assertThat(UnknownSettings.suspects(Set.of("epsilon", "Store_File", "store_fiel", "http_proxy", "aurora_router_uri",
				"aurora_store_timeout_ms"), known))
			.as("a relaxed name binds in lower case too")
			.containsExactly("Store_File (did you mean STORE_FILE?)", "aurora_router_uri (did you mean AURORA_ROUTER_URL?)",
					"epsilon (did you mean EPSILON?)", "store_fiel (did you mean STORE_FILE?)");
	}

	@Test
	void aNameShapedAsARelaxedPropertyThatBindsToNothingIsSuspect() {
		Set<String> known = UnknownSettings.known();
		assertThat(UnknownSettings.relaxed()).contains("AURORA_STORE_TIMEOUT_MS", "AURORA_ROUTER_URL");
		assertThat(UnknownSettings.suspects(Set.of("AURORA_ROUTER_URI", "AURORA_ROUTER_TIMEOUT", "AURORA_ROUTER_TIMEOUT_MS"), known))
			.containsExactly("AURORA_ROUTER_TIMEOUT", "AURORA_ROUTER_URI (did you mean AURORA_ROUTER_URL?)");
	}

	@Test
	void settingsOtherSoftwareAndKubernetesSetAreLeftAlone() {
		Set<String> known = UnknownSettings.known();
		assertThat(UnknownSettings.suspects(Set.of("AURORA_POLICY", "PATH", "HOME", "JAVA_TOOL_OPTIONS", "SPRING_PROFILES_ACTIVE",
				"AURORA_ROUTER_SERVICE_HOST", "AURORA_ROUTER_PORT", "AURORA_ROUTER_PORT_8080_TCP_ADDR", "PSI_FIELD_SERVICE_PORT_HTTP",
				"AURORA_STORE_TIMEOUT_MS", "LOGGING_STRUCTURED_FORMAT_CONSOLE", "HOSTNAME"), known)).isEmpty();
	}

	@Test
	void misspeltOpenTelemetryVariablesAreNamedAndTheOnesReadAreLeftAlone() {
		Set<String> known = UnknownSettings.known();
		assertThat(UnknownSettings.suspects(Set.of("OTEL_TRACE_SAMPLER", "OTEL_TRACES_SAMPLE_ARG", "OTEL_PROPAGATORS",
				"OTEL_TRACES_SAMPLER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_BSP_SCHEDULE_DELAY",
				"OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_SDK_DISABLED"), known))
			.as("a sampler set under a wrong name would sample otherwise than asked, in silence; other OpenTelemetry variables, "
					+ "which an operator or a platform sets for every workload, are left alone")
			.containsExactly("OTEL_TRACES_SAMPLE_ARG (did you mean OTEL_TRACES_SAMPLER_ARG?)",
					"OTEL_TRACE_SAMPLER (did you mean OTEL_TRACES_SAMPLER?)");
		assertThat(UnknownSettings.suspects(Set.of("OTEL_RESOURCE_ATTRIBUTES_POD_NAME", "OTEL_LOGS_EXPORTER", "OTEL_METRICS_EXPORTER",
				"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "OTEL_POD_IP", "OTEL_TRACES_EXPORTER"), known)).isEmpty();
	}

	@Test
	void theNeighboursBundlesAreKnownAndAMisspeltOneIsNamed() {
		Set<String> known = UnknownSettings.known();
		assertThat(UnknownSettings.suspects(Set.of("SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE",
				"SPRING_SSL_BUNDLE_PEM_PSI_KEYSTORE_PRIVATE_KEY", "SPRING_SSL_BUNDLE_PEM_ROUTER_RELOAD_ON_UPDATE",
				"SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATES", "SPRING_SSL_BUNDLE_PEM_ROUTR_TRUSTSTORE_CERTIFICATE",
				"SPRING_SSL_BUNDLE_PEM_SERVER_KEYSTORE_CERTIFICATE", "SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_LOCATION",
				"SPRING_SSL_BUNDLE_JKS_PSI_TRUSTSTORE_PASSWORD", "SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_PASSWD"), known))
			.as("a setting of the service's own bundles, misspelt, would leave the JVM's authorities in use in silence; another "
					+ "bundle is Spring Boot's, or refused at start (UnusedBundles), not called ignored")
			.containsExactly("SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_PASSWD (did you mean SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_PASSWORD?)",
					"SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATES (did you mean "
					+ "SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE?)");
	}

	@Test
	void aBundleOfAKindSpringBootDoesNotHaveIsNamed() {
		assertThat(UnknownSettings.suspects(Set.of("SPRING_SSL_BUNDLE_PKCS12_ROUTER_KEYSTORE_LOCATION",
				"SPRING_SSL_BUNDLE_WATCH_FILE_QUIET_PERIOD", "SPRING_SSL_BUNDLE_JKS_PSI_KEYSTORE_TYPE"), UnknownSettings.known()))
			.as("binds to nothing, so the router would be reached with the JVM's authorities; the watch's setting is Spring Boot's")
			.containsExactly("SPRING_SSL_BUNDLE_PKCS12_ROUTER_KEYSTORE_LOCATION (Spring Boot's SSL bundles are PEM or JKS ones; a "
					+ "PKCS #12 keystore goes in a JKS bundle, with its TYPE PKCS12)");
	}

	@Test
	void distanceCountsEdits() {
		assertThat(UnknownSettings.distance("GAMMA", "GAMMA")).isZero();
		assertThat(UnknownSettings.distance("GAMA", "GAMMA")).isEqualTo(1);
		assertThat(UnknownSettings.distance("ALHPA", "ALPHA")).isEqualTo(2);
	}

}
