package io.aurora.intelligence.config;

import java.net.ConnectException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.jspecify.annotations.Nullable;

import static io.aurora.intelligence.config.HttpServiceClients.cause;

/**
 * Why a neighbour's TLS failed, in a few words fit for the open {@code /status} (never an address), and whether the
 * neighbour refused the handshake itself, which it does before it reads any request.
 */
public final class TlsFailures {

	/** The alert a peer sent, as the JDK reports it. */
	private static final Pattern ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");

	/**
	 * The alerts with which a server ends the handshake: it refuses the client's certificate (under TLS 1.3 only after
	 * the client has finished its part, which is why it can come while the request is written) or the handshake.
	 */
	private static final Set<String> HANDSHAKE_ALERTS = Set.of("certificate_required", "bad_certificate", "unsupported_certificate",
			"certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied", "handshake_failure",
			"decrypt_error", "protocol_version", "insufficient_security", "illegal_parameter", "no_application_protocol");

	private TlsFailures() {
	}

	/** What went wrong with TLS in {@code ex}, or null when it is no TLS failure. */
	public static @Nullable String describe(Throwable ex) {
		String alert = handshakeAlert(ex);
		if (alert != null) {
			return "the TLS handshake was refused (" + alert + ")" + ("certificate_required".equals(alert) || "bad_certificate".equals(alert)
					|| "unknown_ca".equals(alert) || "certificate_unknown".equals(alert) ? ": check the client certificate" : "");
		}
		if (cause(ex, SSLException.class) == null) {
			return null;
		}
		if (cause(ex, CertificateExpiredException.class) != null || cause(ex, CertificateNotYetValidException.class) != null) {
			return "the TLS handshake failed: the certificate is expired or not yet valid";
		}
		if (cause(ex, CertPathBuilderException.class) != null || cause(ex, CertPathValidatorException.class) != null) {
			return "the TLS handshake failed: its certificate is not signed by an authority trusted here";
		}
		if (cause(ex, SSLPeerUnverifiedException.class) != null) {
			return "the TLS handshake failed: its certificate does not name the host";
		}
		return cause(ex, SSLHandshakeException.class) != null || cause(ex, ConnectException.class) != null
				? "the TLS handshake failed" : "the TLS connection broke";
	}

	/** Whether the peer ended the TLS handshake with an alert, so it cannot have read a request on the connection. */
	public static boolean refusedHandshake(Throwable ex) {
		return handshakeAlert(ex) != null;
	}

	private static @Nullable String handshakeAlert(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException) {
				Matcher alert = ALERT.matcher(String.valueOf(cause.getMessage()));
				if (alert.find() && HANDSHAKE_ALERTS.contains(alert.group(1))) {
					return alert.group(1);
				}
			}
		}
		return null;
	}

}
