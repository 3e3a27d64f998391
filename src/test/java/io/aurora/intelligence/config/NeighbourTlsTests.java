package io.aurora.intelligence.config;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathBuilderException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A neighbour's client trusts the authority of its SSL bundle, and follows the bundle when it is reloaded. */
class NeighbourTlsTests {

	private static final char[] PASSWORD = "changeit".toCharArray();

	private static final URI ROUTER_URL = URI.create("https://aurora-router:8443");

	@Test
	void withoutItsBundleANeighboursClientUsesTheJvmsOwnAuthorities() {
		assertThat(NeighbourTls.of(new DefaultSslBundleRegistry(), NeighbourTls.ROUTER, ROUTER_URL)).isNull();
		assertThat(NeighbourTls.of(null, NeighbourTls.ROUTER, ROUTER_URL)).isNull();
	}

	@Test
	void aReloadedBundleIsTakenByTheNextConnection() throws Exception {
		HeldCertificate first = authority("first");
		HeldCertificate second = authority("second");
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle(NeighbourTls.ROUTER, trusting(first));
		TlsSocketStrategy tls = NeighbourTls.of(bundles, NeighbourTls.ROUTER, ROUTER_URL);
		try (MockWebServer signedByFirst = server(first); MockWebServer signedBySecond = server(second);
				CloseableHttpClient client = HttpServiceClients.pooledClient(Duration.ofSeconds(2), Duration.ofSeconds(2), tls)) {
			assertThat(status(client, signedByFirst)).isEqualTo(200);
			assertThatThrownBy(() -> status(client, signedBySecond)).as("an authority the bundle does not hold")
				.hasRootCauseInstanceOf(CertPathBuilderException.class);

			bundles.updateBundle(NeighbourTls.ROUTER, trusting(second));
			assertThat(status(client, signedBySecond)).isEqualTo(200);
		}
	}

	@Test
	void aClientCertificateWithoutItsKeyOrWithAnotherKeyIsRefused() {
		HeldCertificate client = authority("client");
		HeldCertificate other = authority("other");
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle("mismatched", SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate(client.certificatePem())
			.withPrivateKey(other.privateKeyPkcs8Pem()), null)));
		bundles.registerBundle("keyless", SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate(client.certificatePem()),
				null)));
		assertThatThrownBy(() -> NeighbourTls.of(bundles, "mismatched", ROUTER_URL))
			.hasMessage("The SSL bundle mismatched (spring.ssl.bundle.pem.mismatched.*) cannot be used: its private key is not the one "
					+ "its keystore certificate was issued for");
		assertThatThrownBy(() -> NeighbourTls.of(bundles, "keyless", ROUTER_URL))
			.hasMessageEndingWith("cannot be used: it has a keystore certificate but no private key, and a client presents both");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Ed25519", "RSASSA-PSS" })
	void aKeyOfAnotherAlgorithmIsCheckedAgainstItsCertificateByItsOwnAlgorithm(String algorithm, @TempDir Path dir) throws Exception {
		KeyStore first = keytool(dir, "first", algorithm);
		KeyStore second = keytool(dir, "second", algorithm);
		PrivateKey key = (PrivateKey) first.getKey("first", PASSWORD);
		assertThat(key.getAlgorithm()).isIn(algorithm, "EdDSA");
		assertThat(NeighbourTls.belong(key, (X509Certificate) first.getCertificate("first"))).isTrue();
		assertThat(NeighbourTls.belong(key, (X509Certificate) second.getCertificate("second"))).isFalse();
	}

	@Test
	void aJavaKeystoresKeyIsOpenedWithTheKeystoresPasswordUnlessItsOwnIsSet(@TempDir Path dir) throws Exception {
		ed25519(dir, "client");
		JksSslStoreBundle stores = new JksSslStoreBundle(JksSslStoreDetails.forLocation("file:" + dir.resolve("client.p12"))
			.withPassword(new String(PASSWORD)), null);
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle(NeighbourTls.ROUTER, SslBundle.of(stores));
		bundles.registerBundle("aliased", SslBundle.of(stores, SslBundleKey.of(null, "client")));
		bundles.registerBundle("misaliased", SslBundle.of(stores, SslBundleKey.of(null, "server")));
		bundles.registerBundle("mispassworded", SslBundle.of(stores, SslBundleKey.of("wrong")));
		assertThat(NeighbourTls.of(bundles, NeighbourTls.ROUTER, ROUTER_URL)).as("as Spring Boot opens it: the keystore's password")
			.isNotNull();
		assertThat(NeighbourTls.of(bundles, "aliased", ROUTER_URL)).isNotNull();
		assertThatThrownBy(() -> NeighbourTls.of(bundles, "misaliased", ROUTER_URL))
			.hasMessage("The SSL bundle misaliased (spring.ssl.bundle.jks.misaliased.*) cannot be used: its key alias names no "
					+ "private key, and a client presents both");
		assertThatThrownBy(() -> NeighbourTls.of(bundles, "mispassworded", ROUTER_URL))
			.hasMessage("The SSL bundle mispassworded (spring.ssl.bundle.jks.mispassworded.*) cannot be used: its client key cannot "
					+ "be read (UnrecoverableKeyException; the key is opened with KEY_PASSWORD, else KEYSTORE_PASSWORD)");
		assertThat(NeighbourTls.variables()).contains("SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_LOCATION",
				"SPRING_SSL_BUNDLE_JKS_PSI_TRUSTSTORE_PASSWORD", "SPRING_SSL_BUNDLE_PEM_ROUTER_KEYSTORE_PRIVATE_KEY");
	}

	@Test
	void aKeystoresKeyAliasChoosesTheCertificatePresentedAndWithoutOneEachEntryIsChecked(@TempDir Path dir) throws Exception {
		HeldCertificate authority = authority("authority");
		HeldCertificate other = new HeldCertificate.Builder().commonName("other").signedBy(authority).build();
		HeldCertificate own = new HeldCertificate.Builder().commonName("aurora-intelligence").signedBy(authority).build();
		Path keystore = store(dir.resolve("two.p12"), Map.of("a", other, "b", own), null);
		Path truststore = store(dir.resolve("trust.p12"), Map.of(), authority);
		JksSslStoreBundle stores = new JksSslStoreBundle(JksSslStoreDetails.forLocation("file:" + keystore).withPassword("changeit"),
				JksSslStoreDetails.forLocation("file:" + truststore).withPassword("changeit"));
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle("b", SslBundle.of(stores, SslBundleKey.of(null, "B")));
		bundles.registerBundle("a", SslBundle.of(stores, SslBundleKey.of(null, "a")));
		HeldCertificate serving = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
			.addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress()).signedBy(authority).build();
		for (String alias : new String[] { "b", "a" }) {
			try (MockWebServer server = new MockWebServer();
					CloseableHttpClient client = HttpServiceClients.pooledClient(Duration.ofSeconds(2), Duration.ofSeconds(2),
							NeighbourTls.of(bundles, alias, ROUTER_URL))) {
				server.useHttps(new HandshakeCertificates.Builder().heldCertificate(serving, authority.certificate())
					.addTrustedCertificate(authority.certificate()).build().sslSocketFactory());
				server.requireClientAuth();
				server.enqueue(new MockResponse.Builder().code(200).build());
				server.start();
				assertThat(status(client, server)).isEqualTo(200);
				assertThat(((X509Certificate) server.takeRequest().getHandshake().peerCertificates().get(0)).getSubjectX500Principal()
					.getName()).as("the entry KEY_ALIAS names, in any case, not the first that fits").isEqualTo(alias.equals("b")
							? "CN=aurora-intelligence" : "CN=other");
			}
		}

		HeldCertificate stray = authority("stray");
		Path mismatched = store(dir.resolve("bad.p12"), Map.of("a", own, "b", stray), null);
		KeyStore broken = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(mismatched)) {
			broken.load(in, PASSWORD);
		}
		broken.setKeyEntry("b", other.keyPair().getPrivate(), PASSWORD, new java.security.cert.Certificate[] { stray.certificate() });
		try (var out = Files.newOutputStream(mismatched)) {
			broken.store(out, PASSWORD);
		}
		bundles.registerBundle("unaliased", SslBundle.of(new JksSslStoreBundle(JksSslStoreDetails.forLocation("file:" + mismatched)
			.withPassword("changeit"), null)));
		assertThatThrownBy(() -> NeighbourTls.of(bundles, "unaliased", ROUTER_URL)).as("any entry may be presented without an alias")
			.hasMessageContaining("its private key 'b' is not the one its keystore certificate was issued for");
	}

	/** A PKCS #12 store at {@code file} holding {@code keys} by alias and, where given, {@code trusted}. */
	private static Path store(Path file, Map<String, HeldCertificate> keys, @Nullable HeldCertificate trusted) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		for (Map.Entry<String, HeldCertificate> key : new TreeMap<>(keys).entrySet()) {
			store.setKeyEntry(key.getKey(), key.getValue().keyPair().getPrivate(), PASSWORD,
					new java.security.cert.Certificate[] { key.getValue().certificate() });
		}
		if (trusted != null) {
			store.setCertificateEntry("ca", trusted.certificate());
		}
		try (var out = Files.newOutputStream(file)) {
			store.store(out, PASSWORD);
		}
		return file;
	}

	@Test
	void aCertificateThatDoesNotNameTheHostIsReportedSo() throws Exception {
		HeldCertificate authority = authority("first");
		HeldCertificate misnamed = new HeldCertificate.Builder().addSubjectAlternativeName("other.example").signedBy(authority).build();
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle(NeighbourTls.ROUTER, trusting(authority));
		try (MockWebServer server = new MockWebServer();
				CloseableHttpClient client = HttpServiceClients.pooledClient(Duration.ofSeconds(2), Duration.ofSeconds(2),
						NeighbourTls.of(bundles, NeighbourTls.ROUTER, ROUTER_URL))) {
			server.useHttps(new HandshakeCertificates.Builder().heldCertificate(misnamed, authority.certificate()).build()
				.sslSocketFactory());
			server.start();
			assertThatThrownBy(() -> status(client, server))
				.satisfies(failure -> assertThat(TlsFailures.describe(failure))
					.isEqualTo("the TLS handshake failed: its certificate does not name the host"));
		}
	}

	/** A key store holding an Ed25519 key and its certificate, made by the JDK's keytool (okhttp-tls makes RSA and EC only). */
	private static KeyStore ed25519(Path dir, String alias) throws Exception {
		return keytool(dir, alias, "Ed25519");
	}

	/** A key store holding a key of {@code algorithm} and its certificate, made by the JDK's keytool. */
	private static KeyStore keytool(Path dir, String alias, String algorithm) throws Exception {
		Path file = dir.resolve(alias + ".p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
				"-alias", alias, "-keyalg", algorithm, "-dname", "CN=" + alias, "-validity", "1", "-storetype", "PKCS12", "-keystore",
				file.toString(), "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
		assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, PASSWORD);
		}
		return store;
	}

	private static HeldCertificate authority(String name) {
		return new HeldCertificate.Builder().certificateAuthority(0).commonName(name).build();
	}

	private static SslBundle trusting(HeldCertificate authority) {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(authority.certificatePem())));
	}

	private static MockWebServer server(HeldCertificate authority) throws Exception {
		HeldCertificate own = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
			.addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress()).signedBy(authority).build();
		MockWebServer server = new MockWebServer();
		server.useHttps(new HandshakeCertificates.Builder().heldCertificate(own, authority.certificate()).build().sslSocketFactory());
		server.enqueue(new MockResponse.Builder().code(200).build());
		server.start();
		return server;
	}

	private static int status(CloseableHttpClient client, MockWebServer server) throws Exception {
		return client.execute(new HttpGet(server.url("/").uri()), response -> response.getCode());
	}

}
