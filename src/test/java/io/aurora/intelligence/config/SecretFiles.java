package io.aurora.intelligence.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import okhttp3.tls.HeldCertificate;

/** Writes TLS files as a Secret's update does: each file replaced whole, by a move within its directory. */
final class SecretFiles {

	private SecretFiles() {
	}

	/** Writes {@code held}'s key and certificate to {@code key} and {@code certificate}, one after the other. */
	static void renew(Path key, Path certificate, HeldCertificate held) throws IOException {
		replace(key, held.privateKeyPkcs8Pem());
		replace(certificate, held.certificatePem());
	}

	/** Replaces {@code file} whole with {@code text}. */
	static void replace(Path file, String text) throws IOException {
		Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), text);
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
