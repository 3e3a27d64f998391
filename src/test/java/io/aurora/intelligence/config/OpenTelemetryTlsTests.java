package io.aurora.intelligence.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aurora.intelligence.config.OpenTelemetryTls.Material;
import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenTelemetry's TLS variables name files that are checked at start, as the span exporter will read them. */
class OpenTelemetryTlsTests {

	private static final String ENDPOINT = "https://collector:4318";

	@TempDir
	Path dir;

	private final HeldCertificate held = new HeldCertificate.Builder().commonName("aurora-intelligence").build();

	private final List<InvalidOpenTelemetryVariableException> refusals = new ArrayList<>();

	@Test
	void anAuthorityAndAClientsKeyWithItsCertificateAreTakenAKeyInAnyPemFormAsPkcs8() throws Exception {
		Path authority = Files.writeString(dir.resolve("ca.pem"), held.certificatePem());
		Path key = Files.writeString(dir.resolve("client.key"), held.privateKeyPkcs8Pem());
		Material material = read(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", " " + authority + "\n", "OTEL_EXPORTER_OTLP_CLIENT_KEY",
				key.toString(), "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", authority.toString()));
		assertThat(refusals).isEmpty();
		assertThat(material.authorities()).isEqualTo(held.certificatePem().getBytes(StandardCharsets.US_ASCII));
		assertThat(material.clientCertificate()).isNotNull();
		assertThat(new String(material.clientKey(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----\n");

		HeldCertificate rsa = new HeldCertificate.Builder().rsa2048().commonName("aurora-intelligence").build();
		Path pkcs1 = Files.writeString(dir.resolve("rsa.key"), rsa.privateKeyPkcs1Pem());
		Path rsaCertificate = Files.writeString(dir.resolve("rsa.pem"), rsa.certificatePem());
		Material converted = read(Map.of("OTEL_EXPORTER_OTLP_CLIENT_KEY", pkcs1.toString(), "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
				rsaCertificate.toString()));
		assertThat(refusals).as("a PKCS #1 key, cert-manager's default").isEmpty();
		assertThat(new String(converted.clientKey(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----\n");

		assertThat(read(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", " ")).any()).as("none set").isFalse();
		assertThat(refusals).isEmpty();
	}

	@Test
	void eachFileMissingOrHoldingNoCertificateIsRefusedNamingItsVariable() throws Exception {
		Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
		read(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", dir.resolve("absent.pem").toString(), "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
				dir.toString(), "OTEL_EXPORTER_OTLP_CLIENT_KEY", notPem.toString()));
		assertThat(refusals).extracting(Throwable::getMessage).containsExactly(
				"OTEL_EXPORTER_OTLP_CERTIFICATE ('" + dir.resolve("absent.pem") + "') names no file that exists",
				"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE ('" + dir + "') names a directory or a device, not a file");
		refusals.clear();
		read(Map.of("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", notPem.toString()));
		assertThat(refusals).extracting(Throwable::getMessage).containsExactly("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE ('" + notPem
				+ "') holds no PEM certificate the exporter can read");
	}

	@Test
	void aClientsKeyComesWithItsOwnCertificateAndIsNeverQuoted() throws Exception {
		Path key = Files.writeString(dir.resolve("client.key"), held.privateKeyPkcs8Pem());
		Path certificate = Files.writeString(dir.resolve("client.pem"), held.certificatePem());
		read(Map.of("OTEL_EXPORTER_OTLP_CLIENT_KEY", key.toString()));
		read(Map.of("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", certificate.toString()));
		assertThat(refusals).extracting(Throwable::getMessage).containsExactly(
				"OTEL_EXPORTER_OTLP_CLIENT_KEY is set, but OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE is not: a client presents its key "
						+ "and its certificate together",
				"OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE is set, but OTEL_EXPORTER_OTLP_CLIENT_KEY is not: a client presents its key "
						+ "and its certificate together");
		refusals.clear();

		read(Map.of("OTEL_EXPORTER_OTLP_CLIENT_KEY", held.privateKeyPkcs8Pem(), "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
				certificate.toString()));
		assertThat(refusals).as("the key's text given instead of its file's path").singleElement()
			.satisfies(refusal -> assertThat(refusal.getMessage()).startsWith("OTEL_EXPORTER_OTLP_CLIENT_KEY (its value is not shown")
				.doesNotContain(held.privateKeyPkcs8Pem().lines().skip(1).findFirst().orElseThrow()));
		refusals.clear();

		HeldCertificate another = new HeldCertificate.Builder().commonName("another").build();
		Path otherCertificate = Files.writeString(dir.resolve("another.pem"), another.certificatePem());
		read(Map.of("OTEL_EXPORTER_OTLP_CLIENT_KEY", key.toString(), "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", otherCertificate.toString()));
		assertThat(refusals).extracting(Throwable::getMessage).as("a key and a certificate that do not belong together")
			.containsExactly("OTEL_EXPORTER_OTLP_CLIENT_KEY's key is not the one OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE's first "
					+ "certificate was issued for");
	}

	@Test
	void theFilesAreCheckedOnlyWhereSpansAreSentAndWithTheOtherVariables() {
		String absent = dir.resolve("absent.pem").toString();
		assertThat(settingsRefusals(Map.of("OTEL_EXPORTER_OTLP_CERTIFICATE", absent))).as("no collector named").isEmpty();
		assertThat(settingsRefusals(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT, "OTEL_EXPORTER_OTLP_CERTIFICATE", absent,
				"OTEL_SDK_DISABLED", "true"))).as("tracing turned off").isEmpty();
		assertThat(settingsRefusals(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT, "OTEL_EXPORTER_OTLP_CERTIFICATE", absent,
				"OTEL_TRACES_EXPORTER", "none"))).as("no exporter").isEmpty();
		assertThat(settingsRefusals(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT, "OTEL_EXPORTER_OTLP_CERTIFICATE", absent,
				"OTEL_TRACES_SAMPLER", "sometimes")))
			.satisfiesExactlyInAnyOrder(message -> assertThat(message).startsWith("OTEL_EXPORTER_OTLP_CERTIFICATE ("),
					message -> assertThat(message).startsWith("OTEL_TRACES_SAMPLER is 'sometimes'"));
		assertThat(OpenTelemetryVariables.names()).containsAll(OpenTelemetryTls.names());
	}

	private Material read(Map<String, String> variables) {
		return OpenTelemetryTls.read(new HashMap<>(variables)::get, refusals::add);
	}

	private static List<String> settingsRefusals(Map<String, String> variables) {
		List<String> refused = new ArrayList<>();
		OpenTelemetryVariables.settings(new HashMap<>(variables)::get, refusal -> refused.add(refusal.getMessage()));
		return refused;
	}

}
