package io.aurora.intelligence.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import io.opentelemetry.exporter.internal.TlsUtil;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

/**
 * OpenTelemetry's TLS variables for a collector whose certificate a private authority signed, or that asks for the
 * client's: {@code OTEL_EXPORTER_OTLP_CERTIFICATE} (the authorities' PEM file), {@code OTEL_EXPORTER_OTLP_CLIENT_KEY}
 * and {@code OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE} (the client's PKCS #8 key and its certificate chain), each also in
 * the traces' own form ({@code OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE}, …), which wins. The files are read and checked
 * at start, as the exporter will read them; a file missing, unreadable or holding no usable PEM stops the start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OtlpHttpSpanExporterBuilder.class)
class OpenTelemetryTls {

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

	/** Gives the span exporter the authorities and the client's key and certificate that the variables name. */
	@Bean
	OtlpHttpSpanExporterBuilderCustomizer collectorTls(Environment environment) {
		return builder -> {
			Pems pems = read(environment::getProperty);
			if (pems.authorities() != null) {
				builder.setTrustedCertificates(pems.authorities());
			}
			if (pems.clientKey() != null && pems.clientCertificate() != null) {
				builder.setClientTls(pems.clientKey(), pems.clientCertificate());
			}
		};
	}

	/**
	 * Checks the files the variables name as the exporter will read them: the authorities as X.509 certificates,
	 * the client's key (PKCS #8, RSA or EC) with its certificate; the key and its certificate come together.
	 */
	static void check(Function<String, @Nullable String> variables) {
		Pems pems = read(variables);
		if (pems.authorities() != null) {
			try {
				TlsUtil.trustManager(pems.authorities());
			}
			catch (SSLException | RuntimeException ex) {
				String variable = variable(variables, CERTIFICATE);
				throw refused(variable, "is '" + variables.apply(variable).strip() + "', which holds no PEM certificate the exporter can read");
			}
		}
		if ((pems.clientKey() == null) != (pems.clientCertificate() == null)) {
			String set = variable(variables, pems.clientKey() != null ? CLIENT_KEY : CLIENT_CERTIFICATE);
			String missing = pems.clientKey() != null ? CLIENT_CERTIFICATE : CLIENT_KEY;
			throw new InvalidOpenTelemetryVariableException(set, set + " is set, but " + missing + " is not: a client presents its key and its "
					+ "certificate together");
		}
		if (pems.clientKey() != null && pems.clientCertificate() != null) {
			try {
				TlsUtil.keyManager(pems.clientKey(), pems.clientCertificate());
			}
			catch (SSLException | RuntimeException ex) {
				throw new InvalidOpenTelemetryVariableException(variable(variables, CLIENT_KEY), variable(variables, CLIENT_KEY) + " and "
						+ variable(variables, CLIENT_CERTIFICATE) + " hold no PKCS #8 RSA or EC key (BEGIN PRIVATE KEY) with its PEM "
						+ "certificate (their text is not shown: a key is a secret)");
			}
		}
	}

	/** The three files' contents, each null where its variables are unset. */
	record Pems(byte @Nullable [] authorities, byte @Nullable [] clientKey, byte @Nullable [] clientCertificate) {

	}

	private static Pems read(Function<String, @Nullable String> variables) {
		return new Pems(bytes(variables, CERTIFICATE), bytes(variables, CLIENT_KEY), bytes(variables, CLIENT_CERTIFICATE));
	}

	private static byte @Nullable [] bytes(Function<String, @Nullable String> variables, String general) {
		String variable = variable(variables, general);
		String path = variables.apply(variable);
		if (!OpenTelemetryVariables.set(path)) {
			return null;
		}
		String name = path.strip();
		try {
			Path file = Path.of(name);
			if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
				throw refused(variable, "is '" + name + "', which is no file of at most " + MAX_BYTES / (1024 * 1024) + " MiB");
			}
			return Files.readAllBytes(file);
		}
		catch (IOException | InvalidPathException ex) {
			throw refused(variable, "is '" + name + "', a file that cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/** The traces' own variable where it is set, else the general one. */
	private static String variable(Function<String, @Nullable String> variables, String general) {
		String own = tracesOwn(general);
		return OpenTelemetryVariables.set(variables.apply(own)) ? own : general;
	}

	private static String tracesOwn(String variable) {
		return variable.replace("OTEL_EXPORTER_OTLP_", "OTEL_EXPORTER_OTLP_TRACES_");
	}

	private static InvalidOpenTelemetryVariableException refused(String variable, String why) {
		return new InvalidOpenTelemetryVariableException(variable, variable + " " + why);
	}

}
