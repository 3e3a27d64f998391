package io.aurora.intelligence.config;

import java.io.IOException;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.NestedExceptionUtils;

/**
 * The TLS a neighbour's client connects with over {@code https://}: the JVM's own authorities, or, where Spring Boot's
 * SSL bundle of the neighbour's name is set ({@code SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE}, …), that
 * bundle's authorities, and its key and certificate for a neighbour that asks for the client's. A bundle set to reload
 * on update is taken by each new connection once its files change.
 */
public final class NeighbourTls implements TlsSocketStrategy {

	/** The bundle of the Aurora Router's client. */
	public static final String ROUTER = "router";

	/** The bundle of the Ψ-field's client. */
	public static final String PSI = "psi";

	private final AtomicReference<TlsSocketStrategy> current;

	private NeighbourTls(TlsSocketStrategy first) {
		this.current = new AtomicReference<>(first);
	}

	/**
	 * The TLS of the bundle {@code name}, followed as it is reloaded, or null where no such bundle is set (the JVM's
	 * own authorities then); a bundle whose files cannot be used stops the start, naming it.
	 */
	public static @Nullable TlsSocketStrategy of(@Nullable SslBundles bundles, String name) {
		if (bundles == null || !bundles.getBundleNames().contains(name)) {
			return null;
		}
		NeighbourTls tls = new NeighbourTls(strategy(name, bundles.getBundle(name)));
		bundles.addBundleUpdateHandler(name, updated -> tls.current.set(strategy(name, updated)));
		return tls;
	}

	@Override
	public SSLSocket upgrade(Socket socket, String target, int port, @Nullable Object attachment, HttpContext context)
			throws IOException {
		return current.get().upgrade(socket, target, port, attachment, context);
	}

	private static TlsSocketStrategy strategy(String name, SslBundle bundle) {
		try {
			return new DefaultClientTlsStrategy(bundle.createSslContext(), bundle.getOptions().getEnabledProtocols(),
					bundle.getOptions().getCiphers(), SSLBufferMode.STATIC, null);
		}
		catch (RuntimeException ex) {
			throw new UnusableBundleException(name, ex);
		}
	}

	/** A neighbour's SSL bundle whose authorities, key or certificate cannot be used. */
	static final class UnusableBundleException extends IllegalStateException {

		private final String bundle;

		UnusableBundleException(String bundle, RuntimeException cause) {
			// The cause's class only: its message may quote a setting's value, which may be a key given in place of a path.
			super("The SSL bundle " + bundle + " (spring.ssl.bundle.pem." + bundle + ".*) cannot be used ("
					+ NestedExceptionUtils.getMostSpecificCause(cause).getClass().getSimpleName() + "): a file it names is missing, "
					+ "unreadable or holds no usable PEM", cause);
			this.bundle = bundle;
		}

	}

	/** Reports an unusable bundle in Spring Boot's short start-up failure report. */
	static final class Analyzer extends AbstractFailureAnalyzer<UnusableBundleException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, UnusableBundleException cause) {
			String variables = "SPRING_SSL_BUNDLE_PEM_" + cause.bundle.toUpperCase(Locale.ROOT) + "_*";
			return new FailureAnalysis(cause.getMessage() + ".", "Make " + variables + " name readable PEM files (the authorities in "
					+ "TRUSTSTORE_CERTIFICATE; a client key and its certificate in KEYSTORE_PRIVATE_KEY and KEYSTORE_CERTIFICATE), "
					+ "or unset them to use the JVM's own authorities.", cause);
		}

	}

}
