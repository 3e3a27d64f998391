package io.aurora.intelligence.config;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans keep going to a collector that keeps its connections open, and the first export after the TLS files are
 * renewed goes on a new connection that presents the renewed certificate; unchanged or unusable files keep the open
 * connection.
 */
class CollectorReconnectionTests {

	@TempDir
	Path dir;

	private final HeldCertificate authority = new HeldCertificate.Builder().certificateAuthority(0).commonName("authority").build();

	private final MockWebServer collector = new MockWebServer();

	private final CollectorReconnection reconnection = new CollectorReconnection();

	private SdkTracerProvider tracing;

	@AfterEach
	void stop() {
		if (this.tracing != null) {
			this.tracing.shutdown().join(10, TimeUnit.SECONDS);
		}
		this.collector.close();
	}

	@Test
	void theFirstExportAfterARenewalGoesOnANewConnectionWithTheRenewedCertificate() throws Exception {
		Path key = dir.resolve("tls.key");
		Path certificate = dir.resolve("tls.crt");
		OtlpHttpSpanExporter built = exportingOverTls(key, certificate);

		RecordedRequest first = export();
		assertThat(presented(first)).isEqualTo("CN=aurora-intelligence");
		RecordedRequest second = export();
		assertThat(second.getConnectionIndex()).as("the collector's connection kept open between exports")
			.isEqualTo(first.getConnectionIndex());

		SecretFiles.renew(key, certificate, client("aurora-intelligence-renewed"));
		RecordedRequest renewed = export();
		assertThat(presented(renewed)).as("the renewed certificate, though the connection before was still open")
			.isEqualTo("CN=aurora-intelligence-renewed");
		assertThat(renewed.getConnectionIndex()).isNotEqualTo(first.getConnectionIndex());
		assertThat(export().getConnectionIndex()).as("the new connection kept in turn").isEqualTo(renewed.getConnectionIndex());
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			CompletableResultCode refused = built.export(List.of());
			assertThat(refused.isDone() && !refused.isSuccess())
				.as("the exporter before the renewal shut down, refusing exports at once, its connections closed with it").isTrue();
		});
	}

	@Test
	void renewedFilesThatCannotBeUsedKeepTheOpenConnection() throws Exception {
		Path key = dir.resolve("tls.key");
		Path certificate = dir.resolve("tls.crt");
		exportingOverTls(key, certificate);
		RecordedRequest first = export();

		SecretFiles.replace(key, client("another").privateKeyPkcs8Pem());
		RecordedRequest after = export();
		assertThat(presented(after)).as("a key its certificate was not issued for is not taken").isEqualTo("CN=aurora-intelligence");
		assertThat(after.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
	}

	@Test
	void exportersOfACollectorWithoutTlsFilesAreLeftAsTheyAre() {
		OtlpHttpSpanExporter plain = OtlpHttpSpanExporter.builder().build();
		try {
			assertThat(this.reconnection.postProcessAfterInitialization(plain, "otlpHttpSpanExporter")).isSameAs(plain);
		}
		finally {
			plain.shutdown();
		}
	}

	/**
	 * Serves TLS asking for the client's certificate, and sends this test's spans to it through the post-processor,
	 * presenting a certificate issued to {@code aurora-intelligence} from {@code key} and {@code certificate}; gives the
	 * exporter the post-processor wrapped.
	 */
	private OtlpHttpSpanExporter exportingOverTls(Path key, Path certificate) throws Exception {
		SecretFiles.renew(key, certificate, client("aurora-intelligence"));
		HeldCertificate server = new HeldCertificate.Builder().commonName("collector").addSubjectAlternativeName("localhost")
			.addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress()).signedBy(this.authority).build();
		this.collector.useHttps(new HandshakeCertificates.Builder().heldCertificate(server)
			.addTrustedCertificate(this.authority.certificate()).build().sslSocketFactory());
		this.collector.requireClientAuth();
		this.collector.setProtocols(List.of(Protocol.HTTP_1_1));
		for (int i = 0; i < 10; i++) {
			this.collector.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build());
		}
		this.collector.start();
		Path authorities = Files.writeString(dir.resolve("ca.pem"), this.authority.certificatePem());
		RenewingCollectorTls tls = RenewingCollectorTls.of(Map.of(OpenTelemetryTls.CERTIFICATE, authorities.toString(),
				OpenTelemetryTls.CLIENT_KEY, key.toString(), OpenTelemetryTls.CLIENT_CERTIFICATE, certificate.toString())::get);
		assertThat(tls).isNotNull();
		this.reconnection.follow(tls);
		OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(this.collector.url("/v1/traces").toString())
			.setSslContext(tls.context(), tls.trustManager()).build();
		Object processed = this.reconnection.postProcessAfterInitialization(exporter, "otlpHttpSpanExporter");
		assertThat(processed).isInstanceOf(CollectorReconnection.Exporter.class);
		this.tracing = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create((CollectorReconnection.Exporter) processed)).build();
		return exporter;
	}

	/** Ends one span and gives what the collector received for it. */
	private RecordedRequest export() throws InterruptedException {
		this.tracing.get("tests").spanBuilder("decision").startSpan().end();
		assertThat(this.tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
		RecordedRequest request = this.collector.takeRequest(10, TimeUnit.SECONDS);
		assertThat(request).as("a span exported within 10 s").isNotNull();
		return request;
	}

	private static String presented(RecordedRequest request) {
		return ((X509Certificate) request.getHandshake().peerCertificates().get(0)).getSubjectX500Principal().getName();
	}

	private HeldCertificate client(String name) {
		return new HeldCertificate.Builder().commonName(name).signedBy(this.authority).build();
	}

}
