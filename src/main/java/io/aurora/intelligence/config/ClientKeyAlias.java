package io.aurora.intelligence.config;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * A client key manager that presents the key entry a bundle's {@code key.alias} names, and no other: Spring Boot's
 * bundles use the alias to choose a server's key only, and leave a client's choice to the JVM, which takes the first
 * entry the neighbour's request fits.
 */
final class ClientKeyAlias extends X509ExtendedKeyManager {

	private final X509ExtendedKeyManager delegate;

	private final String alias;

	private ClientKeyAlias(X509ExtendedKeyManager delegate, String alias) {
		this.delegate = delegate;
		this.alias = alias;
	}

	/** The context {@code bundle} makes, its client key managers held to its key alias where one is set. */
	static SSLContext sslContext(SslBundle bundle) {
		String alias = bundle.getKey().getAlias();
		if (alias == null || bundle.getStores().getKeyStore() == null) {
			return bundle.createSslContext();
		}
		KeyManager[] keys = bundle.getManagers().getKeyManagers().clone();
		for (int i = 0; i < keys.length; i++) {
			if (keys[i] instanceof X509ExtendedKeyManager manager) {
				keys[i] = new ClientKeyAlias(manager, alias);
			}
		}
		try {
			SSLContext context = SSLContext.getInstance(bundle.getProtocol());
			context.init(keys, bundle.getManagers().getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The SSL context could not be made", ex);
		}
	}

	/**
	 * Whether {@code given}, an alias as a key manager gives it, names the key store's entry {@code alias}: the alias
	 * itself, or with the prefix of the JDK's {@code PKIX} key manager ({@code 1.0.alias}), in any case, as JKS and
	 * PKCS #12 stores keep their aliases in lower case and look them up in any case.
	 */
	static boolean names(String given, String alias) {
		String entry = alias.toLowerCase(Locale.ROOT);
		String named = given.toLowerCase(Locale.ROOT);
		return named.equals(entry) || named.endsWith("." + entry);
	}

	/** The alias's entry as the delegate names it (the JDK's PKIX key manager adds a prefix), if it fits a key type asked for. */
	private @Nullable String chosen(String[] keyTypes, Principal @Nullable [] issuers) {
		for (String keyType : keyTypes) {
			String[] aliases = this.delegate.getClientAliases(keyType, issuers);
			if (aliases != null) {
				for (String candidate : aliases) {
					if (names(candidate, this.alias)) {
						return candidate;
					}
				}
			}
		}
		return null;
	}

	@Override
	public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
		String chosen = chosen(new String[] { keyType }, issuers);
		return chosen == null ? null : new String[] { chosen };
	}

	@Override
	public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		return chosen(keyType, issuers);
	}

	@Override
	public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
		return chosen(keyType, issuers);
	}

	@Override
	public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
		return this.delegate.getServerAliases(keyType, issuers);
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		return this.delegate.chooseServerAlias(keyType, issuers, socket);
	}

	@Override
	public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
		return this.delegate.chooseEngineServerAlias(keyType, issuers, engine);
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(String alias) {
		return this.delegate.getCertificateChain(alias);
	}

	@Override
	public @Nullable PrivateKey getPrivateKey(String alias) {
		return this.delegate.getPrivateKey(alias);
	}

}
