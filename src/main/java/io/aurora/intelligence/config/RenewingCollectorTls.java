package io.aurora.intelligence.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.pem.PemContent;

import io.aurora.intelligence.config.OpenTelemetryTls.Material;

/**
 * The TLS the span exporter connects to the collector with, from the files OpenTelemetry's TLS variables name, read
 * again when one of them changes (a renewed Secret), so that each new connection takes the renewed certificates
 * without a restart. Renewed files that cannot be used are logged once for each state of the files that lasts past a
 * grace of {@link #GRACE_NANOS}, and the files read before stay in use.
 */
final class RenewingCollectorTls {

	private static final Logger log = LoggerFactory.getLogger(RenewingCollectorTls.class);

	/**
	 * How long files refused as they stand are left before they are read again: a file's time may not change between
	 * two quick writes of the same size, so a refused reading is tried again after a while, without a further WARN.
	 */
	private static final long RETRY_NANOS = 10_000_000_000L;

	/**
	 * How long renewed files may stay refused before a WARN says so: a key and its certificate replaced one after the
	 * other are refused for the moment between the two writes, which the exporter's checks before each batch may meet.
	 */
	static final long GRACE_NANOS = 2_000_000_000L;

	private final Function<String, @Nullable String> variables;

	private final List<String> variableNames;

	private final SSLContext context;

	private final CollectorTlsManagers.Trust trust = new CollectorTlsManagers.Trust(this);

	private volatile Generation current;

	private volatile @Nullable Generation previous;

	private final LongSupplier nanoTime;

	private @Nullable List<@Nullable Stamp> refused;

	private long refusedAt;

	private long firstRefusedAt;

	private boolean warned;

	private RenewingCollectorTls(Function<String, @Nullable String> variables, List<String> variableNames,
			List<@Nullable Stamp> stamps, Material material, LongSupplier nanoTime) throws GeneralSecurityException {
		this.variables = variables;
		this.nanoTime = nanoTime;
		this.variableNames = variableNames;
		this.current = generation(0, material, stamps);
		SSLContext delegate = SSLContext.getInstance("TLS");
		delegate.init(material.clientKey() == null ? null : new KeyManager[] { new CollectorTlsManagers.Keys(this) },
				new TrustManager[] { this.trust }, null);
		this.context = CollectorTlsManagers.checkingFirst(delegate, this::current);
	}

	/**
	 * The exporter's TLS from the files {@code variables} name, or null where none is named; a file that cannot be used
	 * is thrown, as the start-up check would have refused it. The files are stamped before they are read, so that a
	 * change while they are read is taken by the next connection.
	 */
	static @Nullable RenewingCollectorTls of(Function<String, @Nullable String> variables) throws GeneralSecurityException {
		return of(variables, System::nanoTime);
	}

	/** The exporter's TLS as {@link #of(Function)} gives it, with the clock its grace and retries go by. */
	static @Nullable RenewingCollectorTls of(Function<String, @Nullable String> variables, LongSupplier nanoTime)
			throws GeneralSecurityException {
		List<String> names = List.of(OpenTelemetryTls.CERTIFICATE, OpenTelemetryTls.CLIENT_KEY, OpenTelemetryTls.CLIENT_CERTIFICATE)
			.stream().map(general -> OpenTelemetryTls.variable(variables, general)).toList();
		List<@Nullable Stamp> stamps = stamps(variables, names);
		Material material = OpenTelemetryTls.read(variables, refusal -> {
			throw refusal;
		});
		return material.any() ? new RenewingCollectorTls(variables, names, stamps, material, nanoTime) : null;
	}

	/** The context new connections are made with; its managers follow the files. */
	SSLContext context() {
		return this.context;
	}

	/** The authorities new connections trust, following the files. */
	X509ExtendedTrustManager trustManager() {
		return this.trust;
	}

	/** The files' state now, read again and made current where they changed and can be used. */
	Generation current() {
		Generation now = this.current;
		List<@Nullable Stamp> stamps = stamps();
		if (stamps.equals(now.stamps())) {
			return now;
		}
		synchronized (this) {
			boolean refusedBefore = stamps.equals(this.refused);
			long at = this.nanoTime.getAsLong();
			if (this.current != now || refusedBefore && at - this.refusedAt < (this.warned ? RETRY_NANOS : GRACE_NANOS)) {
				return this.current;
			}
			List<String> reasons = new ArrayList<>();
			Material material = OpenTelemetryTls.read(this.variables, refusal -> reasons.add(refusal.getMessage()));
			if (!stamps.equals(stamps())) {
				// Written to while read: the next check reads the files again once they stand still.
				return now;
			}
			if (reasons.isEmpty()) {
				try {
					Generation renewed = generation(now.number() + 1, material, stamps);
					this.previous = now;
					this.current = renewed;
					forgetSessions();
					log.info("The collector's TLS files changed: new connections to it use them");
					return renewed;
				}
				catch (GeneralSecurityException | RuntimeException ex) {
					reasons.add(ex.getClass().getSimpleName());
				}
			}
			this.refusedAt = at;
			if (!refusedBefore) {
				// The other file may be on its way: said only if it has not come within the grace.
				this.refused = stamps;
				this.firstRefusedAt = at;
				this.warned = false;
				return now;
			}
			if (this.warned || at - this.firstRefusedAt < GRACE_NANOS) {
				return now;
			}
			this.warned = true;
			log.warn("The collector's TLS files changed, but cannot be used ({}); connections go on using the files read before",
					String.join("; ", reasons));
			return now;
		}
	}

	/** Drops the sessions made with the files read before, so that a new connection makes a full handshake. */
	private void forgetSessions() {
		SSLSessionContext sessions = this.context.getClientSessionContext();
		for (byte[] id : Collections.list(sessions.getIds())) {
			var session = sessions.getSession(id);
			if (session != null) {
				session.invalidate();
			}
		}
	}

	private List<@Nullable Stamp> stamps() {
		return stamps(this.variables, this.variableNames);
	}

	private static List<@Nullable Stamp> stamps(Function<String, @Nullable String> variables, List<String> names) {
		List<@Nullable Stamp> stamps = new ArrayList<>(names.size());
		for (String name : names) {
			stamps.add(Stamp.of(variables.apply(name)));
		}
		return stamps;
	}

	private static Generation generation(int number, Material material, List<@Nullable Stamp> stamps) throws GeneralSecurityException {
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		if (material.authorities() == null) {
			trust.init((KeyStore) null);
		}
		else {
			KeyStore authorities = emptyStore();
			int index = 0;
			for (X509Certificate authority : certificates(material.authorities())) {
				authorities.setCertificateEntry("authority-" + index++, authority);
			}
			trust.init(authorities);
		}
		X509ExtendedTrustManager trustManager = first(trust.getTrustManagers(), X509ExtendedTrustManager.class);
		String alias = "collector-client-" + number;
		X509ExtendedKeyManager keyManager = null;
		if (material.clientKey() != null && material.clientCertificate() != null) {
			PrivateKey key = Objects.requireNonNull(PemContent.of(new String(material.clientKey(), StandardCharsets.ISO_8859_1))
				.getPrivateKey());
			keyManager = keyManager(key, certificates(material.clientCertificate()), alias);
		}
		return new Generation(number, stamps, trustManager, keyManager, alias);
	}

	/** The JVM's key manager holding {@code key} and its certificate {@code chain} under {@code alias}. */
	static X509ExtendedKeyManager keyManager(PrivateKey key, List<X509Certificate> chain, String alias) throws GeneralSecurityException {
		KeyStore client = emptyStore();
		client.setKeyEntry(alias, key, new char[0], chain.toArray(X509Certificate[]::new));
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(client, new char[0]);
		return first(keys.getKeyManagers(), X509ExtendedKeyManager.class);
	}

	private static List<X509Certificate> certificates(byte[] pem) {
		return OpenTelemetryTls.certificates(new String(pem, StandardCharsets.ISO_8859_1));
	}

	private static KeyStore emptyStore() throws GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try {
			store.load(null, null);
		}
		catch (IOException ex) {
			throw new GeneralSecurityException(ex);
		}
		return store;
	}

	private static <T> T first(Object[] managers, Class<T> type) throws GeneralSecurityException {
		for (Object manager : managers) {
			if (type.isInstance(manager)) {
				return type.cast(manager);
			}
		}
		throw new GeneralSecurityException("no " + type.getSimpleName());
	}

	/**
	 * One reading of the files: the authorities trusted, the client's key under an alias of its own, and the files'
	 * stamps when they were read.
	 */
	record Generation(int number, List<@Nullable Stamp> stamps, X509ExtendedTrustManager trust,
			@Nullable X509ExtendedKeyManager keys, String alias) {

		/**
		 * Whether {@code chosen} is this generation's alias as its key manager gave it: as stored by the JDK's
		 * {@code SunX509}, or with the prefix of its {@code PKIX} ({@code 1.0.collector-client-3}).
		 */
		boolean chose(@Nullable String chosen) {
			return chosen != null && ClientKeyAlias.names(chosen, this.alias);
		}

	}

	/**
	 * What tells a file's change: its modification time, size and identity (a Secret's files are swapped by a link).
	 * Null where the file cannot be read.
	 */
	record Stamp(String path, @Nullable FileTime modified, long size, @Nullable Object key) {

		static @Nullable Stamp of(@Nullable String path) {
			if (!OpenTelemetryVariables.set(path)) {
				return null;
			}
			try {
				BasicFileAttributes attributes = Files.readAttributes(Path.of(path.strip()), BasicFileAttributes.class);
				return new Stamp(path, attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
			}
			catch (IOException | InvalidPathException ex) {
				return new Stamp(path, null, -1, null);
			}
		}

	}

	/** The client's key of the generation that chose {@code alias}, or null where it is not one of the last two. */
	@Nullable X509ExtendedKeyManager keysFor(@Nullable String alias) {
		Generation now = this.current;
		Generation before = this.previous;
		Generation chose = now.chose(alias) ? now : before != null && before.chose(alias) ? before : null;
		return chose == null ? null : chose.keys();
	}

}
