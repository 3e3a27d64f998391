package io.aurora.intelligence;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

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

	/**
	 * The client's key and certificate chain in a PKCS #12 keystore, and the authority in a PKCS #12 truststore, both
	 * under {@code password}, as cert-manager's {@code keystores.pkcs12} writes them beside the PEM files.
	 *
	 * @return the keystore's path, the truststore's beside it as {@code truststore.p12}
	 */
	Path pkcs12(String password) throws IOException {
		try {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			keys.setKeyEntry("certificate", client.keyPair().getPrivate(), password.toCharArray(),
					new Certificate[] { client.certificate(), authority.certificate() });
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", authority.certificate());
			Path keystore = authorityPem.resolveSibling("keystore.p12");
			try (OutputStream out = Files.newOutputStream(keystore); OutputStream trusted = Files
				.newOutputStream(authorityPem.resolveSibling("truststore.p12"))) {
				keys.store(out, password.toCharArray());
				trust.store(trusted, password.toCharArray());
			}
			return keystore;
		}
		catch (GeneralSecurityException ex) {
			throw new IOException(ex);
		}
	}

	/** What a stub server serves TLS with: the server certificate, trusting the authority for its clients'. */
	SSLSocketFactory serverTls() {
		return new HandshakeCertificates.Builder().heldCertificate(server, authority.certificate())
			.addTrustedCertificate(authority.certificate()).build().sslSocketFactory();
	}

}
