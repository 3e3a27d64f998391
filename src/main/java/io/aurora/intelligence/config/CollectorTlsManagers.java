package io.aurora.intelligence.config;

import java.net.Socket;
import java.security.KeyManagementException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jspecify.annotations.Nullable;

/**
 * The pieces of the collector's TLS that follow its files: a context that checks them before each new connection's
 * engine is made (a resumed session would ask neither manager), and key and trust managers that ask the current
 * reading.
 */
final class CollectorTlsManagers {

	private CollectorTlsManagers() {
	}

	/** {@code delegate}, running {@code check} before each engine or socket factory it makes. */
	static SSLContext checkingFirst(SSLContext delegate, Runnable check) {
		return new SSLContext(new CheckingSpi(delegate, check), delegate.getProvider(), delegate.getProtocol()) {
		};
	}

	/** The service provider of {@link #checkingFirst}: the delegate's, each new engine after the check. */
	private static final class CheckingSpi extends SSLContextSpi {

		private final SSLContext delegate;

		private final Runnable check;

		CheckingSpi(SSLContext delegate, Runnable check) {
			this.delegate = delegate;
			this.check = check;
		}

		@Override
		protected void engineInit(KeyManager @Nullable [] km, TrustManager @Nullable [] tm, @Nullable SecureRandom sr)
				throws KeyManagementException {
			throw new KeyManagementException("the collector's TLS context is made ready when it is made");
		}

		@Override
		protected SSLSocketFactory engineGetSocketFactory() {
			this.check.run();
			return this.delegate.getSocketFactory();
		}

		@Override
		protected SSLServerSocketFactory engineGetServerSocketFactory() {
			return this.delegate.getServerSocketFactory();
		}

		@Override
		protected SSLEngine engineCreateSSLEngine() {
			this.check.run();
			return this.delegate.createSSLEngine();
		}

		@Override
		protected SSLEngine engineCreateSSLEngine(String host, int port) {
			this.check.run();
			return this.delegate.createSSLEngine(host, port);
		}

		@Override
		protected SSLSessionContext engineGetServerSessionContext() {
			return this.delegate.getServerSessionContext();
		}

		@Override
		protected SSLSessionContext engineGetClientSessionContext() {
			return this.delegate.getClientSessionContext();
		}

		@Override
		protected SSLParameters engineGetDefaultSSLParameters() {
			return this.delegate.getDefaultSSLParameters();
		}

		@Override
		protected SSLParameters engineGetSupportedSSLParameters() {
			return this.delegate.getSupportedSSLParameters();
		}

	}

	/** The client's key and certificate, as the current generation chooses them; a chosen alias names its generation. */
	static final class Keys extends X509ExtendedKeyManager {

		private final RenewingCollectorTls tls;

		Keys(RenewingCollectorTls tls) {
			this.tls = tls;
		}


		@Override
		public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
			X509ExtendedKeyManager keys = this.tls.current().keys();
			return keys == null ? null : keys.getClientAliases(keyType, issuers);
		}

		@Override
		public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
			X509ExtendedKeyManager keys = this.tls.current().keys();
			return keys == null ? null : keys.chooseClientAlias(keyType, issuers, socket);
		}

		@Override
		public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
			X509ExtendedKeyManager keys = this.tls.current().keys();
			return keys == null ? null : keys.chooseEngineClientAlias(keyType, issuers, engine);
		}

		@Override
		public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
			return null;
		}

		@Override
		public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
			return null;
		}

		@Override
		public X509Certificate @Nullable [] getCertificateChain(String alias) {
			X509ExtendedKeyManager keys = this.tls.keysFor(alias);
			return keys == null ? null : keys.getCertificateChain(alias);
		}

		@Override
		public @Nullable PrivateKey getPrivateKey(String alias) {
			X509ExtendedKeyManager keys = this.tls.keysFor(alias);
			return keys == null ? null : keys.getPrivateKey(alias);
		}

	}

	/** The authorities the current generation trusts; a client only, it checks no client's certificate. */
	static final class Trust extends X509ExtendedTrustManager {

		private final RenewingCollectorTls tls;

		Trust(RenewingCollectorTls tls) {
			this.tls = tls;
		}


		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.tls.current().trust().checkServerTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
			this.tls.current().trust().checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
			this.tls.current().trust().checkServerTrusted(chain, authType, engine);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("the collector's TLS is a client's and checks no client");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
			throw new CertificateException("the collector's TLS is a client's and checks no client");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
			throw new CertificateException("the collector's TLS is a client's and checks no client");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.tls.current().trust().getAcceptedIssuers();
		}

	}

}
