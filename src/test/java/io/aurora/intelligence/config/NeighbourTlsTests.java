package io.aurora.intelligence.config;

import java.net.InetAddress;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A neighbour's client trusts the authority of its SSL bundle, and follows the bundle when it is reloaded. */
class NeighbourTlsTests {

	@Test
	void withoutItsBundleANeighboursClientUsesTheJvmsOwnAuthorities() {
		assertThat(NeighbourTls.of(new DefaultSslBundleRegistry(), NeighbourTls.ROUTER)).isNull();
		assertThat(NeighbourTls.of(null, NeighbourTls.ROUTER)).isNull();
	}

	@Test
	void aReloadedBundleIsTakenByTheNextConnection() throws Exception {
		HeldCertificate first = authority("first");
		HeldCertificate second = authority("second");
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle(NeighbourTls.ROUTER, trusting(first));
		TlsSocketStrategy tls = NeighbourTls.of(bundles, NeighbourTls.ROUTER);
		try (MockWebServer signedByFirst = server(first); MockWebServer signedBySecond = server(second);
				CloseableHttpClient client = HttpServiceClients.pooledClient(Duration.ofSeconds(2), Duration.ofSeconds(2), tls)) {
			assertThat(status(client, signedByFirst)).isEqualTo(200);
			assertThatThrownBy(() -> status(client, signedBySecond)).as("an authority the bundle does not hold")
				.hasRootCauseInstanceOf(CertPathBuilderException.class);

			bundles.updateBundle(NeighbourTls.ROUTER, trusting(second));
			assertThat(status(client, signedBySecond)).isEqualTo(200);
		}
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
