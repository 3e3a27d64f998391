package io.aurora.intelligence;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLSocketFactory;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * An operator's own authority, a server certificate it signed for the loopback host, and a client certificate it
 * signed, with the authority's PEM and the client's key (PKCS #8) and certificate written to files, as a Secret gives
 * them.
 *
 * @param authority the operator's authority
 * @param server the certificate a stub server presents
 * @param client the certificate the service presents
 * @param authorityPem the authority's certificate file
 * @param clientKey the client's key file
 * @param clientCertificate the client's certificate file
 */
record TestPki(HeldCertificate authority, HeldCertificate server, HeldCertificate client, Path authorityPem, Path clientKey,
		Path clientCertificate) {

	/** A new authority and its two certificates, the files in {@code dir}. */
	static TestPki in(Path dir) throws IOException {
		HeldCertificate authority = new HeldCertificate.Builder().certificateAuthority(0).commonName("operators-authority").build();
		HeldCertificate server = new HeldCertificate.Builder().commonName("neighbour").addSubjectAlternativeName("localhost")
			.addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress()).signedBy(authority).build();
		HeldCertificate client = new HeldCertificate.Builder().commonName("aurora-intelligence").signedBy(authority).build();
		return new TestPki(authority, server, client, Files.writeString(dir.resolve("ca.pem"), authority.certificatePem()),
				Files.writeString(dir.resolve("client.key"), client.privateKeyPkcs8Pem()),
				Files.writeString(dir.resolve("client.pem"), client.certificatePem()));
	}

	/** What a stub server serves TLS with: the server certificate, trusting the authority for its clients'. */
	SSLSocketFactory serverTls() {
		return new HandshakeCertificates.Builder().heldCertificate(server, authority.certificate())
			.addTrustedCertificate(authority.certificate()).build().sslSocketFactory();
	}

}
