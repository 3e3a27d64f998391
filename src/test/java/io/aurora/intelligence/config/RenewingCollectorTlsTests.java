package io.aurora.intelligence.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLHandshakeException;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The collector's TLS follows its files: a renewed client certificate or a new authority is used by the next
 * connection, without a restart and without resuming a session made with the files before; renewed files that cannot
 * be used leave the ones read before in use.
 */
@ExtendWith(OutputCaptureExtension.class)
class RenewingCollectorTlsTests {

	@TempDir
	Path dir;

	private final HeldCertificate authority = new HeldCertificate.Builder().certificateAuthority(0).commonName("authority").build();

	private final MockWebServer collector = new MockWebServer();

	private final Map<String, String> variables = new HashMap<>();

	/** The clock the renewal's grace goes by, moved by the tests. */
	private final AtomicLong clock = new AtomicLong();

	@AfterEach
	void stop() {
		this.collector.close();
	}

	@Test
	void aRenewedClientCertificateIsPresentedByTheNextConnection() throws Exception {
		serve(server(this.authority));
		Path ca = write("ca.pem", this.authority.certificatePem());
		Path key = dir.resolve("tls.key");
		Path certificate = dir.resolve("tls.crt");
		HeldCertificate first = client("aurora-intelligence");
		SecretFiles.renew(key, certificate, first);
		RenewingCollectorTls tls = tls(Map.of(OpenTelemetryTls.CERTIFICATE, ca.toString(), OpenTelemetryTls.CLIENT_KEY,
				key.toString(), OpenTelemetryTls.CLIENT_CERTIFICATE, certificate.toString()));

		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence");
		assertThat(presented(tls)).as("unchanged files, the same certificate").isEqualTo("CN=aurora-intelligence");

		SecretFiles.renew(key, certificate, client("aurora-intelligence-renewed"));
		assertThat(presented(tls)).as("renewed, by a full handshake rather than the session made before")
			.isEqualTo("CN=aurora-intelligence-renewed");
		assertThat(tls.current().number()).isEqualTo(1);
	}

	@Test
	void aJvmWhoseKeyManagersArePkixPresentsTheRenewedCertificateToo() throws Exception {
		String algorithm = Security.getProperty("ssl.KeyManagerFactory.algorithm");
		Security.setProperty("ssl.KeyManagerFactory.algorithm", "PKIX");
		try {
			serve(server(this.authority));
			Path key = dir.resolve("tls.key");
			Path certificate = dir.resolve("tls.crt");
			SecretFiles.renew(key, certificate, client("aurora-intelligence"));
			RenewingCollectorTls tls = tls(Map.of(OpenTelemetryTls.CERTIFICATE, write("ca.pem", this.authority.certificatePem())
				.toString(), OpenTelemetryTls.CLIENT_KEY, key.toString(), OpenTelemetryTls.CLIENT_CERTIFICATE, certificate.toString()));
			assertThat(presented(tls)).as("an alias the key manager gave with its prefix").isEqualTo("CN=aurora-intelligence");
			SecretFiles.renew(key, certificate, client("aurora-intelligence-renewed"));
			assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence-renewed");
		}
		finally {
			Security.setProperty("ssl.KeyManagerFactory.algorithm", algorithm);
		}
	}

	@Test
	void anEd25519ClientKeyIsPresented() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		Path p12 = dir.resolve("ed25519.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
				"-alias", "client", "-keyalg", "Ed25519", "-dname", "CN=aurora-intelligence-ed25519", "-validity", "1", "-storetype",
				"PKCS12", "-keystore", p12.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
		assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
		try (InputStream in = Files.newInputStream(p12)) {
			store.load(in, "changeit".toCharArray());
		}
		X509Certificate certificate = (X509Certificate) store.getCertificate("client");
		serve(server(this.authority), certificate);
		Base64.Encoder pem = Base64.getMimeEncoder(64, new byte[] { '\n' });
		Path key = write("ed25519.key", "-----BEGIN PRIVATE KEY-----\n"
				+ pem.encodeToString(store.getKey("client", "changeit".toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
		Path chain = write("ed25519.crt", "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n");
		RenewingCollectorTls tls = tls(Map.of(OpenTelemetryTls.CERTIFICATE, write("ca.pem", this.authority.certificatePem()).toString(),
				OpenTelemetryTls.CLIENT_KEY, key.toString(), OpenTelemetryTls.CLIENT_CERTIFICATE, chain.toString()));
		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence-ed25519");
	}

	@Test
	void aNewAuthorityIsTrustedByTheNextConnection() throws Exception {
		HeldCertificate next = new HeldCertificate.Builder().certificateAuthority(0).commonName("next-authority").build();
		serve(server(next));
		Path ca = write("ca.pem", this.authority.certificatePem());
		RenewingCollectorTls tls = tls(Map.of("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", ca.toString()));

		assertThatExceptionOfType(SSLHandshakeException.class).as("a collector the authority read at start did not sign")
			.isThrownBy(() -> presented(tls));

		SecretFiles.replace(ca, this.authority.certificatePem() + next.certificatePem());
		assertThat(presented(tls)).as("no client certificate asked for").isNull();
	}

	@Test
	void renewedFilesThatCannotBeUsedLeaveTheOnesReadBeforeAndAreSaidOnce(CapturedOutput output) throws Exception {
		Path key = dir.resolve("tls.key");
		Path certificate = dir.resolve("tls.crt");
		RenewingCollectorTls tls = served(key, certificate);

		SecretFiles.replace(key, client("another").privateKeyPkcs8Pem());
		assertThat(presented(tls)).as("a key that is not the certificate's").isEqualTo("CN=aurora-intelligence");
		assertThat(output.getOut()).as("not said yet: its certificate may be on its way").doesNotContain("cannot be used");
		this.clock.addAndGet(RenewingCollectorTls.GRACE_NANOS);
		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence");
		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence");
		assertThat(output.getOut().split("TLS files changed, but cannot be used", -1)).as("said once").hasSize(2);
		assertThat(output.getOut()).contains("OTEL_EXPORTER_OTLP_CLIENT_KEY's key is not the one")
			.doesNotContain("PRIVATE KEY-----");

		SecretFiles.replace(certificate, "not a certificate");
		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence");
		assertThat(output.getOut().split("TLS files changed, but cannot be used", -1)).as("a new state, within its grace").hasSize(2);
		this.clock.addAndGet(RenewingCollectorTls.GRACE_NANOS);
		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence");
		assertThat(output.getOut().split("TLS files changed, but cannot be used", -1)).as("said once for the new state").hasSize(3);

		SecretFiles.renew(key, certificate, client("aurora-intelligence-renewed"));
		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence-renewed");
	}

	@Test
	void aKeyAndItsCertificateReplacedOneAfterTheOtherAreTakenWithoutAWarning(CapturedOutput output) throws Exception {
		Path key = dir.resolve("tls.key");
		Path certificate = dir.resolve("tls.crt");
		RenewingCollectorTls tls = served(key, certificate);

		HeldCertificate renewed = client("aurora-intelligence-renewed");
		SecretFiles.replace(key, renewed.privateKeyPkcs8Pem());
		assertThat(presented(tls)).as("the key alone, met between the two writes").isEqualTo("CN=aurora-intelligence");
		this.clock.addAndGet(RenewingCollectorTls.GRACE_NANOS / 2);
		SecretFiles.replace(certificate, renewed.certificatePem());
		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence-renewed");
		this.clock.addAndGet(RenewingCollectorTls.GRACE_NANOS);
		assertThat(presented(tls)).isEqualTo("CN=aurora-intelligence-renewed");
		assertThat(output.getOut()).doesNotContain("cannot be used").contains("The collector's TLS files changed: new connections");
	}

	/**
	 * Serves TLS asking for the client's certificate, and the exporter's TLS from this test's authority and a client
	 * certificate issued to {@code aurora-intelligence} in {@code key} and {@code certificate}.
	 */
	private RenewingCollectorTls served(Path key, Path certificate) throws Exception {
		serve(server(this.authority));
		SecretFiles.renew(key, certificate, client("aurora-intelligence"));
		return tls(Map.of(OpenTelemetryTls.CERTIFICATE, write("ca.pem", this.authority.certificatePem()).toString(),
				OpenTelemetryTls.CLIENT_KEY, key.toString(), OpenTelemetryTls.CLIENT_CERTIFICATE, certificate.toString()));
	}

	private RenewingCollectorTls tls(Map<String, String> set) throws Exception {
		this.variables.putAll(set);
		return RenewingCollectorTls.of(this.variables::get, this.clock::get);
	}

	/**
	 * The subject of the client certificate the collector saw on a new connection (a new client on the same context,
	 * which may resume a session), or null where none was presented.
	 */
	private String presented(RenewingCollectorTls tls) throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(tls.context()).connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(this.collector.url("/v1/traces").toString()))
			.timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("spans")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		RecordedRequest request = this.collector.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request).isNotNull();
		List<java.security.cert.Certificate> certificates = request.getHandshake().peerCertificates();
		return certificates.isEmpty() ? null : ((X509Certificate) certificates.get(0)).getSubjectX500Principal().getName();
	}

	/**
	 * Serves TLS with {@code server}'s certificate, asking for a client's certificate of this test's authority, or one
	 * of {@code trusted}.
	 */
	private void serve(HeldCertificate server, X509Certificate... trusted) throws IOException {
		HandshakeCertificates.Builder certificates = new HandshakeCertificates.Builder().heldCertificate(server)
			.addTrustedCertificate(this.authority.certificate());
		for (X509Certificate certificate : trusted) {
			certificates.addTrustedCertificate(certificate);
		}
		this.collector.useHttps(certificates.build().sslSocketFactory());
		this.collector.requestClientAuth();
		this.collector.setProtocols(List.of(Protocol.HTTP_1_1));
		for (int i = 0; i < 10; i++) {
			this.collector.enqueue(new MockResponse.Builder().code(200).build());
		}
		this.collector.start();
	}

	private static HeldCertificate server(HeldCertificate signer) {
		return new HeldCertificate.Builder().commonName("collector").addSubjectAlternativeName("localhost")
			.addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress()).signedBy(signer).build();
	}

	private HeldCertificate client(String name) {
		return new HeldCertificate.Builder().commonName(name).signedBy(this.authority).build();
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(dir.resolve(name), text);
	}

}
