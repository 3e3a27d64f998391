package io.aurora.intelligence.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenTelemetry's TLS variables name files that are checked at start, as the span exporter will read them. */
class OpenTelemetryTlsTests {

	@TempDir
	Path dir;

	private final HeldCertificate held = new HeldCertificate.Builder().commonName("aurora-intelligence").build();

	@Test
	void anAuthorityAndAClientsKeyWithItsCertificateAreTaken() throws Exception {
		Path authority = Files.writeString(dir.resolve("ca.pem"), held.certificatePem());
		Path key = Files.writeString(dir.resolve("client.key"), held.privateKeyPkcs8Pem());
		assertThatNoException().isThrownBy(() -> check(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", " " + authority + "\n",
				"OTEL_EXPORTER_OTLP_CLIENT_KEY", key.toString(), "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", authority.toString())));
		assertThatNoException().as("none set").isThrownBy(() -> check(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", " ")));
	}

	@Test
	void aFileMissingOrHoldingNoCertificateStopsTheStartNamingItsVariable() throws Exception {
		assertThatThrownBy(() -> check(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", dir.resolve("absent.pem").toString())))
			.isInstanceOf(InvalidOpenTelemetryVariableException.class)
			.hasMessage("OTEL_EXPORTER_OTLP_CERTIFICATE is '" + dir.resolve("absent.pem") + "', which is no file of at most 4 MiB");
		assertThatThrownBy(() -> check(Map.of("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", dir.toString())))
			.hasMessageStartingWith("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE is '" + dir + "', which is no file");
		Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
		assertThatThrownBy(() -> check(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", notPem.toString())))
			.hasMessage("OTEL_EXPORTER_OTLP_CERTIFICATE is '" + notPem + "', which holds no PEM certificate the exporter can read");
	}

	@Test
	void aClientsKeyComesWithItsCertificateAndIsNeverQuoted() throws Exception {
		Path key = Files.writeString(dir.resolve("client.key"), held.privateKeyPkcs8Pem());
		Path certificate = Files.writeString(dir.resolve("client.pem"), held.certificatePem());
		assertThatThrownBy(() -> check(Map.of("OTEL_EXPORTER_OTLP_CLIENT_KEY", key.toString())))
			.hasMessage("OTEL_EXPORTER_OTLP_CLIENT_KEY is set, but OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE is not: a client presents its key "
					+ "and its certificate together");
		assertThatThrownBy(() -> check(Map.of("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", certificate.toString())))
			.hasMessageStartingWith("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE is set, but OTEL_EXPORTER_OTLP_CLIENT_KEY is not");
		Path rsaKey = Files.writeString(dir.resolve("rsa.key"),
				new HeldCertificate.Builder().rsa2048().build().privateKeyPkcs1Pem());
		assertThatThrownBy(() -> check(Map.of("OTEL_EXPORTER_OTLP_CLIENT_KEY", rsaKey.toString(), "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
				certificate.toString())))
			.as("a PKCS #1 key, which the exporter cannot read")
			.hasMessageStartingWith("OTEL_EXPORTER_OTLP_CLIENT_KEY and OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE hold no PKCS #8 RSA or EC key")
			.message().doesNotContain(Files.readString(rsaKey).lines().skip(1).findFirst().orElseThrow());
	}

	@Test
	void aBadFileIsReportedWithTheOtherOpenTelemetryVariables() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE",
				dir.resolve("absent.pem").toString(), "OTEL_TRACES_SAMPLER", "sometimes")));
		new OpenTelemetryVariables().postProcessEnvironment(environment, new SpringApplication());
		assertThat(SettingRefusals.of(environment)).extracting(Throwable::getMessage)
			.satisfiesExactly(message -> assertThat(message).startsWith("OTEL_EXPORTER_OTLP_CERTIFICATE is"),
					message -> assertThat(message).startsWith("OTEL_TRACES_SAMPLER is 'sometimes'"));
		assertThat(OpenTelemetryVariables.names()).containsAll(OpenTelemetryTls.names());
	}

	private static void check(Map<String, String> variables) {
		OpenTelemetryTls.check(new HashMap<>(variables)::get);
	}

}
