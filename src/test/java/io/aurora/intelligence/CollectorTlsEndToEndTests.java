package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A collector served over TLS with a certificate of the operator's own authority, which asks for the client's
 * certificate too, as a mesh or a hardened collector does: OpenTelemetry's TLS variables name the files, and the
 * service's spans reach it; without them they cannot, and the service says so. A renewed client certificate is
 * presented without a restart, though the collector keeps the connection made before open.
 */
@ExtendWith(OutputCaptureExtension.class)
class CollectorTlsEndToEndTests {

	@TempDir
	Path dir;

	@Test
	void withTheAuthorityAndTheClientsKeyNamedSpansReachACollectorThatAsksForTheClientsCertificate(CapturedOutput output)
			throws Exception {
		TestPki pki = TestPki.in(dir);

		BlockingQueue<RecordedRequest> exports = new LinkedBlockingQueue<>();
		try (MockWebServer collector = new MockWebServer(); NeighbourStubs neighbours = new NeighbourStubs()) {
			collector.useHttps(pki.serverTls());
			collector.requireClientAuth();
			collector.setDispatcher(TracingEndToEndTests.recording(exports));
			collector.start();
			String endpoint = collector.url("/").toString();
			assertThat(endpoint).startsWith("https://");
			Map<String, String> common = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "OTEL_TRACES_SAMPLER", "always_on",
					"OTEL_BSP_SCHEDULE_DELAY", "100");

			try (RunningService service = RunningService.start(dir.resolve("plain.db"), neighbours, common)) {
				assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
				await().atMost(15, TimeUnit.SECONDS)
					.until(() -> output.getOut().contains("Spans could not be sent to the OTLP collector"));
			}
			assertThat(exports).as("no span reaches a collector whose authority the service does not know").isEmpty();

			Map<String, String> tls = new HashMap<>(common);
			tls.put("OTEL_EXPORTER_OTLP_CERTIFICATE", pki.authorityPem().toString());
			tls.put("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", pki.clientKey().toString());
			tls.put("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", pki.clientCertificate().toString());
			try (RunningService service = RunningService.start(dir.resolve("tls.db"), neighbours, tls)) {
				assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
				RecordedRequest export = exports.poll(15, TimeUnit.SECONDS);
				assertThat(export).as("spans exported over TLS within 15 s").isNotNull();
				assertThat(export.getTarget()).isEqualTo("/v1/traces");
				assertThat(export.getHandshake()).isNotNull();
				assertThat(export.getHandshake().peerCertificates()).first()
					.satisfies(presented -> assertThat(((X509Certificate) presented).getSubjectX500Principal().getName())
						.as("the client's certificate, as the collector asked").isEqualTo("CN=aurora-intelligence"));
			}
		}
	}

	@Test
	void aRenewedClientCertificateIsPresentedToTheCollectorWithoutARestart(CapturedOutput output) throws Exception {
		TestPki pki = TestPki.in(dir);
		BlockingQueue<RecordedRequest> exports = new LinkedBlockingQueue<>();
		try (MockWebServer collector = new MockWebServer(); NeighbourStubs neighbours = new NeighbourStubs()) {
			collector.useHttps(pki.serverTls());
			collector.requireClientAuth();
			collector.setProtocols(List.of(Protocol.HTTP_1_1));
			collector.setDispatcher(new Dispatcher() {
				@Override
				public MockResponse dispatch(RecordedRequest request) {
					exports.add(request);
					// The connection is kept open, as a collector keeps it while spans flow.
					return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build();
				}
			});
			collector.start();
			Map<String, String> tls = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url("/").toString(), "OTEL_TRACES_SAMPLER",
					"always_on", "OTEL_BSP_SCHEDULE_DELAY", "100", "OTEL_EXPORTER_OTLP_CERTIFICATE", pki.authorityPem().toString(),
					"OTEL_EXPORTER_OTLP_CLIENT_KEY", pki.clientKey().toString(), "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
					pki.clientCertificate().toString());
			try (RunningService service = RunningService.start(dir.resolve("renewed.db"), neighbours, tls)) {
				assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
				RecordedRequest first = exports.poll(15, TimeUnit.SECONDS);
				assertThat(presented(first)).isEqualTo("CN=aurora-intelligence");

				HeldCertificate renewed = new HeldCertificate.Builder().commonName("aurora-intelligence-renewed")
					.signedBy(pki.authority()).build();
				replace(pki.clientKey(), renewed.privateKeyPkcs8Pem());
				replace(pki.clientCertificate(), renewed.certificatePem());
				RecordedRequest last = first;
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
				while (!"CN=aurora-intelligence-renewed".equals(presented(last)) && System.nanoTime() < deadline) {
					assertThat(service.http.post("/decisions", SEED_DECISION).status()).isEqualTo(200);
					RecordedRequest export = exports.poll(1, TimeUnit.SECONDS);
					last = export == null ? last : export;
				}
				assertThat(presented(last)).as("the renewed certificate, though the connection made before was kept open")
					.isEqualTo("CN=aurora-intelligence-renewed");
				assertThat(last.getConnectionIndex()).isNotEqualTo(first.getConnectionIndex());
				assertThat(output.getOut()).contains("The collector's TLS files changed: new connections to it use them",
						"Spans go to the collector on new connections");
			}
		}
	}

	private static String presented(RecordedRequest export) {
		assertThat(export).as("spans exported over TLS").isNotNull();
		return ((X509Certificate) export.getHandshake().peerCertificates().get(0)).getSubjectX500Principal().getName();
	}

	/** Replaces {@code file} whole, as a Secret's update does. */
	private void replace(Path file, String text) throws IOException {
		Path next = Files.writeString(dir.resolve(file.getFileName() + ".next"), text);
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
