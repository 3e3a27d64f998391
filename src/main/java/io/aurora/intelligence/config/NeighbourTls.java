package io.aurora.intelligence.config;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;

/**
 * The TLS a neighbour's client connects with over {@code https://}: the JVM's own authorities, or, where Spring Boot's
 * SSL bundle of the neighbour's name is set ({@code SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE}, …), that
 * bundle's authorities instead, and its key and certificate for a neighbour that asks for the client's. A bundle set
 * to reload on update is taken by each new connection once its files change.
 */
public final class NeighbourTls implements TlsSocketStrategy {

	private static final Logger log = LoggerFactory.getLogger(NeighbourTls.class);

	/** The bundle of the Aurora Router's client. */
	public static final String ROUTER = "router";

	/** The bundle of the Ψ-field's client. */
	public static final String PSI = "psi";

	/** Spring Boot's bundles of PEM files, by their properties' and variables' kind. */
	static final String PEM = "pem";

	/** Spring Boot's bundles of Java keystores (JKS or PKCS #12). */
	static final String JKS = "jks";

	/** A PEM bundle's settings checked at start, by their properties' endings. */
	private static final List<String> FILES = List.of("truststore.certificate", "keystore.certificate", "keystore.private-key");

	/** A Java keystore bundle's (JKS or PKCS #12) files checked at start. */
	private static final List<String> STORES = List.of("truststore.location", "keystore.location");

	/** The settings of Spring Boot's Java keystore bundles, by their properties' endings. */
	private static final List<String> STORE_SETTINGS = List.of("truststore.location", "truststore.password", "truststore.type",
			"truststore.provider", "keystore.location", "keystore.password", "keystore.type", "keystore.provider", "key.alias",
			"key.password", "options.ciphers", "options.enabled-protocols", "protocol", "reload-on-update");

	/** The settings of Spring Boot's PEM bundles, by their properties' endings. */
	private static final List<String> SETTINGS = List.of("truststore.certificate", "truststore.private-key",
			"truststore.private-key-password", "truststore.type", "truststore.password", "keystore.certificate", "keystore.private-key",
			"keystore.private-key-password", "keystore.type", "keystore.password", "keystore.verify-keys", "key.alias", "key.password",
			"options.ciphers", "options.enabled-protocols", "protocol", "reload-on-update");

	private final AtomicReference<TlsSocketStrategy> current;

	private NeighbourTls(TlsSocketStrategy first) {
		this.current = new AtomicReference<>(first);
	}

	/**
	 * The TLS of the bundle {@code name} for the neighbour at {@code url}, followed as it is reloaded, or null where no
	 * such bundle is set (the JVM's own authorities then); a bundle that cannot be used stops the start, naming it.
	 */
	public static @Nullable TlsSocketStrategy of(@Nullable SslBundles bundles, String name, URI url) {
		if (bundles == null || !bundles.getBundleNames().contains(name)) {
			return null;
		}
		if (!"https".equalsIgnoreCase(url.getScheme())) {
			log.warn("The SSL bundle {} is set, but its neighbour's URL is no https:// one: it is not used", name);
		}
		NeighbourTls tls = new NeighbourTls(strategy(name, bundles.getBundle(name)));
		bundles.addBundleUpdateHandler(name, updated -> {
			try {
				tls.current.set(strategy(name, updated));
				log.info("The SSL bundle {} was reloaded: new connections use its files", name);
			}
			catch (UnusableBundleException ex) {
				log.warn("The SSL bundle {} was reloaded, but {}; connections go on using the files read before", name,
						ex.getMessage().substring(ex.getMessage().indexOf("cannot be used")));
			}
		});
		return tls;
	}

	/**
	 * The environment variables that set the neighbours' bundles, such as
	 * {@code SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE} or {@code SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_LOCATION}.
	 */
	static Set<String> variables() {
		Set<String> variables = new TreeSet<>();
		for (String bundle : List.of(ROUTER, PSI)) {
			SETTINGS.forEach(setting -> variables.add(variable(PEM, bundle, setting)));
			STORE_SETTINGS.forEach(setting -> variables.add(variable(JKS, bundle, setting)));
		}
		return variables;
	}

	/** The environment variable of the setting that the property ending {@code setting} names in a bundle of {@code kind}. */
	static String variable(String kind, String bundle, String setting) {
		return ("SPRING_SSL_BUNDLE_" + kind + "_" + bundle + "_" + setting).replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

	@Override
	public SSLSocket upgrade(Socket socket, String target, int port, @Nullable Object attachment, HttpContext context)
			throws IOException {
		return current.get().upgrade(socket, target, port, attachment, context);
	}

	/**
	 * Whether {@code key} is the private half of {@code certificate}'s public key: what it signs, that key verifies. RSA
	 * (PKCS #1 v1.5 or PSS), EC and EdDSA keys are checked; a key of another algorithm is taken as belonging, and left
	 * to the handshake.
	 */
	static boolean belong(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
		if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
			return false;
		}
		String algorithm = switch (key.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "RSASSA-PSS" -> "RSASSA-PSS";
			case "EC" -> "SHA256withECDSA";
			case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
			default -> null;
		};
		if (algorithm == null) {
			return true;
		}
		byte[] nonce = "aurora-intelligence checks its client key".getBytes(StandardCharsets.US_ASCII);
		Signature signer = Signature.getInstance(algorithm);
		Signature verifier = Signature.getInstance(algorithm);
		if (key instanceof RSAKey rsa && "RSASSA-PSS".equals(algorithm)) {
			// A PSS key may be bound to its parameters; one that is not takes SHA-256's, as TLS 1.3 signs with them.
			AlgorithmParameterSpec parameters = rsa.getParams() != null ? rsa.getParams()
					: new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);
			signer.setParameter(parameters);
			verifier.setParameter(parameters);
		}
		signer.initSign(key);
		signer.update(nonce);
		byte[] signature = signer.sign();
		verifier.initVerify(certificate.getPublicKey());
		verifier.update(nonce);
		return verifier.verify(signature);
	}

	private static TlsSocketStrategy strategy(String name, SslBundle bundle) {
		String kind = bundle.getStores() instanceof JksSslStoreBundle ? JKS : PEM;
		String store = "truststore";
		try {
			bundle.getStores().getTrustStore();
			store = "keystore";
			bundle.getStores().getKeyStore();
			store = "bundle";
			checkClientKey(name, kind, bundle);
			return new DefaultClientTlsStrategy(ClientKeyAlias.sslContext(bundle), bundle.getOptions().getEnabledProtocols(),
					bundle.getOptions().getCiphers(), SSLBufferMode.STATIC, null);
		}
		catch (UnusableBundleException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// The cause's class only: its message may quote a setting's value, which may be a key given in place of a path.
			throw new UnusableBundleException(name, kind, "cannot be used (" + NestedExceptionUtils.getMostSpecificCause(ex).getClass()
				.getSimpleName() + "): a file its " + store + " names is missing, unreadable or "
					+ (JKS.equals(kind) ? "no keystore its type and password open" : "holds no usable PEM"), ex);
		}
	}

	/**
	 * Refuses a client certificate without its key, or a key its certificate was not issued for. The key is opened as
	 * Spring Boot opens it: with the key's password, else the keystore's, under the bundle's alias where one is set.
	 */
	private static void checkClientKey(String name, String kind, SslBundle bundle) {
		KeyStore keys = bundle.getStores().getKeyStore();
		if (keys == null) {
			return;
		}
		String chosen = bundle.getKey().getAlias();
		try {
			String secret = bundle.getKey().getPassword() != null ? bundle.getKey().getPassword() : bundle.getStores().getKeyStorePassword();
			char[] password = secret == null ? null : secret.toCharArray();
			boolean found = false;
			for (String alias : chosen != null ? List.of(chosen) : Collections.list(keys.aliases())) {
				if (keys.isKeyEntry(alias)) {
					// Without an alias, the JVM may present any key entry the neighbour's request fits, so each is checked.
					Key key = keys.getKey(alias, password);
					if (key instanceof PrivateKey privateKey && keys.getCertificate(alias) instanceof X509Certificate certificate
							&& !belong(privateKey, certificate)) {
						throw new UnusableBundleException(name, kind, "cannot be used: its private key"
								+ (JKS.equals(kind) ? " '" + alias + "'" : "") + " is not the one its keystore certificate was issued for", null);
					}
					found = true;
				}
			}
			if (found) {
				return;
			}
		}
		catch (GeneralSecurityException ex) {
			throw new UnusableBundleException(name, kind, "cannot be used: its client key cannot be read ("
					+ ex.getClass().getSimpleName() + (JKS.equals(kind) ? "; the key is opened with KEY_PASSWORD, else KEYSTORE_PASSWORD" : "")
					+ ")", ex);
		}
		throw new UnusableBundleException(name, kind, "cannot be used: " + (chosen != null ? "its key alias names no private key"
				: "it has a keystore certificate but no private key") + ", and a client presents both", null);
	}

	/** A neighbour's SSL bundle whose authorities, key or certificate cannot be used. */
	static final class UnusableBundleException extends IllegalStateException {

		private final String bundle;

		private final String kind;

		UnusableBundleException(String bundle, String kind, String why, @Nullable Throwable cause) {
			super("The SSL bundle " + bundle + " (spring.ssl.bundle." + kind + "." + bundle + ".*) " + why, cause);
			this.bundle = bundle;
			this.kind = kind;
		}

	}

	/** Reports an unusable bundle in Spring Boot's short start-up failure report, naming its settings that name no file. */
	static final class Analyzer extends AbstractFailureAnalyzer<UnusableBundleException> {

		private final Environment environment;

		/** Spring Boot's failure analyzers are made by their one constructor. */
		Analyzer(Environment environment) {
			this.environment = environment;
		}

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, UnusableBundleException cause) {
			StringBuilder description = new StringBuilder(cause.getMessage()).append('.');
			boolean stores = JKS.equals(cause.kind);
			for (String variable : unreadable(environment, cause.kind, cause.bundle)) {
				description.append("\n    ").append(variable).append(" names no readable file.");
			}
			String prefix = variable(cause.kind, cause.bundle, "");
			return new FailureAnalysis(description.toString(), "Make " + prefix + "* name " + (stores
					? "readable keystores (the authorities in TRUSTSTORE_LOCATION; a client's key and its certificate in "
							+ "KEYSTORE_LOCATION), each with its TYPE (JKS or PKCS12) and PASSWORD"
					: "readable PEM files (the authorities in TRUSTSTORE_CERTIFICATE; a client's key and its certificate in "
							+ "KEYSTORE_PRIVATE_KEY and KEYSTORE_CERTIFICATE, together)")
					+ ", or unset them to use the JVM's own authorities.", cause);
		}

	}

	/**
	 * A refusal for each setting of the neighbours' bundles that names no readable file, for {@link SettingsCheck} to
	 * report beside other settings' refusals; alone, such a file is reported when its bundle is loaded.
	 */
	static List<IllegalArgumentException> unreadable(Environment environment) {
		List<IllegalArgumentException> refusals = new ArrayList<>();
		for (String bundle : List.of(ROUTER, PSI)) {
			for (String kind : List.of(PEM, JKS)) {
				for (String variable : unreadable(environment, kind, bundle)) {
					refusals.add(new IllegalArgumentException(variable + " names no readable file, so the SSL bundle " + bundle
							+ " cannot be used"));
				}
			}
		}
		return refusals;
	}

	/** The variables of the bundle {@code bundle} of {@code kind} whose setting names no readable file. */
	private static List<String> unreadable(Environment environment, String kind, String bundle) {
		List<String> variables = new ArrayList<>();
		for (String file : JKS.equals(kind) ? STORES : FILES) {
			String value = environment.getProperty("spring.ssl.bundle." + kind + "." + bundle + "." + file);
			if (value != null && !value.isBlank() && !value.contains("-----BEGIN") && !value.startsWith("classpath:") && !readable(value)) {
				variables.add(variable(kind, bundle, file));
			}
		}
		return variables;
	}

	private static boolean readable(String location) {
		try {
			Path path = Path.of(location.strip().replaceFirst("^file:", ""));
			return Files.isRegularFile(path) && Files.isReadable(path);
		}
		catch (InvalidPathException ex) {
			return false;
		}
	}

}
