package io.aurora.intelligence.config;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Connects within one connect timeout in all. Apache HttpClient tries a host's addresses in turn and
 * gives each attempt the whole timeout, so a host with several addresses that do not answer would
 * hold the caller for one timeout per address; here every attempt gets only what is left of the
 * timeout, counted from the start of the connect, host lookup included.
 */
public final class BoundedConnectOperator extends DefaultHttpClientConnectionOperator {

	/** The deadline of the connect in progress on this thread, in {@link System#nanoTime()} terms. */
	private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

	private BoundedConnectOperator(SchemePortResolver ports, DnsResolver dns, TlsSocketStrategy tls) {
		super(BoundedConnectOperator::socket, ports, dns,
				RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
	}

	/** A connection manager builder whose connections are made by this operator. */
	static PoolingHttpClientConnectionManagerBuilder connectionManager() {
		return new PoolingHttpClientConnectionManagerBuilder() {

			@Override
			protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
					TlsSocketStrategy tls) {
				return new BoundedConnectOperator(ports, dns, tls);
			}

		};
	}

	@Override
	public void connect(ManagedHttpClientConnection connection, HttpHost host, @Nullable NamedEndpoint name,
			@Nullable InetSocketAddress local, @Nullable Timeout timeout, @Nullable SocketConfig config,
			@Nullable Object attachment, @Nullable HttpContext context) throws IOException {
		if (timeout == null || !timeout.isEnabled()) {
			connectOrSay(connection, host, name, local, timeout, config, attachment, context);
			return;
		}
		DEADLINE.set(System.nanoTime() + timeout.toNanoseconds());
		try {
			connectOrSay(connection, host, name, local, timeout, config, attachment, context);
		}
		finally {
			DEADLINE.remove();
		}
	}

	/**
	 * Connects (TCP, then TLS and its host-name check for https), telling a failure here, before any request was sent,
	 * by a {@link ConnectException}, or by a {@link ConnectTimeoutException} when time ran out (the TLS handshake's
	 * included): a caller may then know that nothing reached the server. A refusal and an unknown host keep their types.
	 */
	private void connectOrSay(ManagedHttpClientConnection connection, HttpHost host, @Nullable NamedEndpoint name,
			@Nullable InetSocketAddress local, @Nullable Timeout timeout, @Nullable SocketConfig config,
			@Nullable Object attachment, @Nullable HttpContext context) throws IOException {
		try {
			super.connect(connection, host, name, local, timeout, config, attachment, context);
		}
		catch (ConnectTimeoutException | ConnectException | UnknownHostException ex) {
			throw ex;
		}
		catch (InterruptedIOException ex) {
			ConnectTimeoutException timedOut = new ConnectTimeoutException("connect timed out: " + ex.getMessage());
			timedOut.initCause(ex);
			throw timedOut;
		}
		catch (IOException ex) {
			throw NotConnectedException.of(ex);
		}
	}

	/** A connection that could not be made for another reason than a refusal or a timeout (a TLS handshake, say). */
	public static final class NotConnectedException extends ConnectException {

		private NotConnectedException(String message) {
			super(message);
		}

		static NotConnectedException of(IOException cause) {
			NotConnectedException ex = new NotConnectedException("could not connect: " + cause.getMessage());
			ex.initCause(cause);
			return ex;
		}

	}

	private static Socket socket(@Nullable Proxy proxy) {
		return proxy == null ? new DeadlineSocket() : new DeadlineSocket(proxy);
	}

	/** A socket whose connect waits no longer than what is left of the connect in progress. */
	private static final class DeadlineSocket extends Socket {

		DeadlineSocket() {
		}

		DeadlineSocket(Proxy proxy) {
			super(proxy);
		}

		@Override
		public void connect(SocketAddress endpoint, int timeoutMs) throws IOException {
			Long deadline = DEADLINE.get();
			if (deadline == null) {
				super.connect(endpoint, timeoutMs);
				return;
			}
			long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (leftMs <= 0) {
				throw new SocketTimeoutException("Connect timed out: no time left for " + endpoint);
			}
			super.connect(endpoint, (int) Math.min(timeoutMs == 0 ? Integer.MAX_VALUE : timeoutMs, leftMs));
		}

	}

}
