package io.aurora.intelligence.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

/**
 * OpenTelemetry's TLS variables for a collector whose certificate a private authority signed, or that asks for the
 * client's: {@code OTEL_EXPORTER_OTLP_CERTIFICATE} (the authorities' PEM file, trusted instead of the JVM's own),
 * {@code OTEL_EXPORTER_OTLP_CLIENT_KEY} and {@code OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE} (the client's key, PKCS #8,
 * PKCS #1 or SEC 1, and its certificate chain), each also in the traces' own form ({@code OTEL_EXPORTER_OTLP_TRACES_…}),
 * which wins. The files are read and checked at start, and read again when they change; a key's text or path is never
 * quoted.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OtlpHttpSpanExporterBuilder.class)
class OpenTelemetryTls {

	private static final Logger log = LoggerFactory.getLogger(OpenTelemetryTls.class);

	static final String CERTIFICATE = "OTEL_EXPORTER_OTLP_CERTIFICATE";

	static final String CLIENT_KEY = "OTEL_EXPORTER_OTLP_CLIENT_KEY";

	static final String CLIENT_CERTIFICATE = "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE";

	/** The most a PEM file may hold; an authorities' bundle is a few hundred KiB at most. */
	static final long MAX_BYTES = 4 * 1024 * 1024;

	/** Every TLS variable read, with the traces' own forms. */
	static Set<String> names() {
		return Set.of(CERTIFICATE, CLIENT_KEY, CLIENT_CERTIFICATE, tracesOwn(CERTIFICATE), tracesOwn(CLIENT_KEY),
				tracesOwn(CLIENT_CERTIFICATE));
	}

	/**
	 * Gives the span exporter the authorities and the client's key and certificate that the variables name, read again
	 * for new connections once their files are renewed.
	 */
	@Bean
	OtlpHttpSpanExporterBuilderCustomizer collectorTls(Environment environment, CollectorReconnection reconnection) {
		return builder -> {
			RenewingCollectorTls tls;
			try {
				tls = RenewingCollectorTls.of(environment::getProperty);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("The JVM cannot make a TLS context for the collector", ex);
			}
			if (tls != null) {
				String endpoint = environment.getProperty(OpenTelemetryVariables.PROPERTY, "");
				if (!endpoint.regionMatches(true, 0, "https:", 0, 6)) {
					log.warn("The OpenTelemetry TLS variables are set, but spans go to {} without TLS: they are not used", endpoint);
				}
				else {
					reconnection.follow(tls);
				}
				builder.setSslContext(tls.context(), tls.trustManager());
			}
		};
	}

	/**
	 * Builds the exporter again on new connections once the TLS files are renewed; static, as a post-processor of beans
	 * is made before the configuration's instance.
	 */
	@Bean
	static CollectorReconnection collectorReconnection() {
		return new CollectorReconnection();
	}

	/**
	 * What the files the variables name give the exporter, each checked as it will read it; each file refused is given to
	 * {@code refused} and left out. A client's key and certificate come together, and must belong together.
	 */
	static Material read(Function<String, @Nullable String> variables, Consumer<InvalidOpenTelemetryVariableException> refused) {
		byte[] authorities = null;
		String authoritiesVariable = variable(variables, CERTIFICATE);
		String authoritiesText = text(variables, authoritiesVariable, refused);
		if (authoritiesText != null) {
			if (certificates(authoritiesText).isEmpty()) {
				refused.accept(refusal(authoritiesVariable, variables, "holds no PEM certificate the exporter can read"));
			}
			else {
				authorities = authoritiesText.getBytes(StandardCharsets.ISO_8859_1);
			}
		}
		String keyVariable = variable(variables, CLIENT_KEY);
		String certificateVariable = variable(variables, CLIENT_CERTIFICATE);
		boolean keySet = OpenTelemetryVariables.set(variables.apply(keyVariable));
		if (keySet != OpenTelemetryVariables.set(variables.apply(certificateVariable))) {
			String set = keySet ? keyVariable : certificateVariable;
			refused.accept(new InvalidOpenTelemetryVariableException(set, set + " is set, but " + (keySet ? CLIENT_CERTIFICATE : CLIENT_KEY)
					+ " is not: a client presents its key and its certificate together"));
			return new Material(authorities, null, null);
		}
		String keyText = text(variables, keyVariable, refused);
		String certificateText = text(variables, certificateVariable, refused);
		if (keyText == null || certificateText == null) {
			return new Material(authorities, null, null);
		}
		PrivateKey key = privateKey(keyVariable, keyText, refused);
		List<X509Certificate> chain = certificates(certificateText);
		if (chain.isEmpty()) {
			refused.accept(refusal(certificateVariable, variables, "holds no PEM certificate"));
			return new Material(authorities, null, null);
		}
		if (key == null) {
			return new Material(authorities, null, null);
		}
		byte[] certificate = certificateText.getBytes(StandardCharsets.ISO_8859_1);
		byte[] pkcs8;
		try {
			pkcs8 = pkcs8(key);
			RenewingCollectorTls.keyManager(key, chain, "check");
			if (!NeighbourTls.belong(key, chain.get(0))) {
				refused.accept(new InvalidOpenTelemetryVariableException(keyVariable, keyVariable + "'s key is not the one "
						+ certificateVariable + "'s first certificate was issued for"));
				return new Material(authorities, null, null);
			}
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			refused.accept(new InvalidOpenTelemetryVariableException(keyVariable, keyVariable + "'s key and " + certificateVariable
					+ "'s certificate cannot be used together: an RSA, EC or EdDSA key with its certificate is needed"));
			return new Material(authorities, null, null);
		}
		return new Material(authorities, pkcs8, certificate);
	}

	/**
	 * What the exporter is given: the authorities' PEM, the client's key as PKCS #8 PEM and its certificate chain's
	 * PEM, each null where unset or refused.
	 */
	record Material(byte @Nullable [] authorities, byte @Nullable [] clientKey, byte @Nullable [] clientCertificate) {

		boolean any() {
			return authorities != null || clientKey != null;
		}

	}

	/** The private key in {@code text}, whatever PEM form it came in, or null once refused. */
	private static @Nullable PrivateKey privateKey(String variable, String text, Consumer<InvalidOpenTelemetryVariableException> refused) {
		try {
			PrivateKey key = PemContent.of(text).getPrivateKey();
			if (key != null) {
				return key;
			}
		}
		catch (RuntimeException ex) {
			// reported below, as any other file that holds no key
		}
		refused.accept(new InvalidOpenTelemetryVariableException(variable, variable + "'s file holds no unencrypted PEM private key "
				+ "(its text is not shown: a key is a secret)"));
		return null;
	}

	/** {@code key} as the PKCS #8 PEM the exporter reads. */
	private static byte[] pkcs8(PrivateKey key) {
		return ("-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(key.getEncoded())
				+ "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
	}

	/** The certificates of the PEM {@code text}, none where it holds none or cannot be read. */
	static List<X509Certificate> certificates(String text) {
		try {
			List<X509Certificate> certificates = PemContent.of(text).getCertificates();
			return certificates == null ? List.of() : certificates;
		}
		catch (RuntimeException ex) {
			return List.of();
		}
	}

	/** The text of the file {@code variable} names, or null where it is unset or its file refused. */
	private static @Nullable String text(Function<String, @Nullable String> variables, String variable,
			Consumer<InvalidOpenTelemetryVariableException> refused) {
		String value = variables.apply(variable);
		if (!OpenTelemetryVariables.set(value)) {
			return null;
		}
		try {
			Path file = Path.of(value.strip());
			if (!Files.exists(file)) {
				refused.accept(refusal(variable, variables, "names no file that exists"));
			}
			else if (!Files.isRegularFile(file)) {
				refused.accept(refusal(variable, variables, "names a directory or a device, not a file"));
			}
			else if (Files.size(file) > MAX_BYTES) {
				refused.accept(refusal(variable, variables, "names a file of " + Files.size(file) / (1024 * 1024) + " MiB, over the "
						+ MAX_BYTES / (1024 * 1024) + " MiB a PEM file may have"));
			}
			else {
				return Files.readString(file, StandardCharsets.ISO_8859_1);
			}
		}
		catch (IOException | InvalidPathException ex) {
			refused.accept(refusal(variable, variables, "names a file that cannot be read (" + ex.getClass().getSimpleName() + ")"));
		}
		return null;
	}

	/**
	 * A refusal of {@code variable}'s file, quoting the path it holds where that is safe to print: never a key's, nor a
	 * value holding PEM text or a line break rather than a path.
	 */
	private static InvalidOpenTelemetryVariableException refusal(String variable, Function<String, @Nullable String> variables,
			String why) {
		String value = String.valueOf(variables.apply(variable)).strip();
		boolean quotable = !variable.endsWith("CLIENT_KEY") && !value.contains("-----") && value.indexOf('\n') < 0
				&& value.indexOf('\r') < 0 && value.length() <= 1024;
		String shown = quotable ? " ('" + value + "')"
				: " (its value is not shown: " + (variable.endsWith("CLIENT_KEY") ? "it may be the key itself" : "it is no path") + ")";
		return new InvalidOpenTelemetryVariableException(variable, variable + shown + " " + why);
	}

	/** The traces' own variable where it is set, else the general one. */
	static String variable(Function<String, @Nullable String> variables, String general) {
		String own = tracesOwn(general);
		return OpenTelemetryVariables.set(variables.apply(own)) ? own : general;
	}

	private static String tracesOwn(String variable) {
		return variable.replace("OTEL_EXPORTER_OTLP_", "OTEL_EXPORTER_OTLP_TRACES_");
	}

}
