package io.aurora.intelligence.config;

import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * What every neighbour client shares: Apache HttpClient 5 with a pool of kept-alive connections, host
 * names resolved without waiting on DNS past the bound ({@link BoundedDnsResolver}), and a hard
 * deadline on each exchange (connecting, the response head and the body) at which one daemon thread
 * cancels it, so a neighbour that is slow, or trickles its answer byte by byte, cannot hold the caller
 * past it. Idle connections are closed after {@code CLOSE_AFTER_IDLE}, and each is used for at most
 * {@code TIME_TO_LIVE}. The router's client, on the decision path, reads without a socket timeout, since on virtual
 * threads every timed read arms and disarms a timer (4% of a decision's CPU in the profiles of
 * docs/BENCHMARKS.md); the Ψ client, on a thread of its own, keeps one. Answers longer than
 * {@value #MAX_ANSWER_BYTES} bytes fail the call, and so do lines longer than {@value #MAX_LINE_BYTES} bytes or
 * more than {@value #MAX_HEADERS} header fields, so an endless one cannot fill the heap. Compression,
 * cookies, retries, redirects and per-call observations are off: these are small JSON calls, counted
 * by the service's own metrics. (Spring's adapter for the JDK client measured 15 times slower under
 * concurrency here.)
 */
public final class HttpServiceClients {

	/** The largest neighbour answer read, in bytes. */
	public static final int MAX_ANSWER_BYTES = 64 * 1024;

	/** The longest status, header, chunk-size or trailer line read; a longer one fails the call. */
	public static final int MAX_LINE_BYTES = 8 * 1024;

	/** The most header (or trailer) fields read; more fail the call. */
	public static final int MAX_HEADERS = 100;

	/**
	 * How long a pooled connection may sit idle before it is checked (a read of at most 1 ms) on its next lease:
	 * a neighbour closing idle connections sooner than HttpClient's default of 2 s, as a Python server's keep-alive
	 * of 1 or 2 s does, would otherwise fail a call on every connection it closed meanwhile.
	 */
	static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofMilliseconds(500);

	/**
	 * How long a pooled connection may sit idle before a background thread closes it, so that a burst's
	 * connections, and those the neighbour closed meanwhile, are not held open (and in {@code CLOSE_WAIT})
	 * until the next burst.
	 */
	static final TimeValue CLOSE_AFTER_IDLE = TimeValue.ofSeconds(30);

	/**
	 * How long a connection is used at most: then it is closed on its release and the next call connects
	 * anew, so that calls spread over neighbour replicas added behind a Service after the pool filled.
	 */
	static final TimeValue TIME_TO_LIVE = TimeValue.ofMinutes(5);

	/** The connections a pooled client keeps to its neighbour. */
	public static final int MAX_CONNECTIONS = 256;

	private static final ScheduledExecutorService DEADLINES = deadlineThread();

	private HttpServiceClients() {
	}

	/**
	 * Whether {@code url} can be a neighbour's base URL: http or https with a host (an authority, so that
	 * names with underscores pass too), a port from 1 to 65535 if it names one, no user or password, which
	 * the HTTP client refuses to send, and no query or fragment, which the paths put after it would drop;
	 * {@code null} is left to {@code @NotNull}.
	 */
	public static boolean usableBaseUrl(@Nullable URI url) {
		if (url == null) {
			return true;
		}
		String authority = url.getRawAuthority();
		if (authority == null || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
				|| authority.contains("@") || url.getRawQuery() != null || url.getRawFragment() != null
				|| url.getPort() == 0 || url.getPort() > 65535) {
			return false;
		}
		String hostAndPort = authority;
		if (hostAndPort.startsWith("[")) {
			return hostAndPort.indexOf(']') > 1;
		}
		int colon = hostAndPort.lastIndexOf(':');
		return !(colon < 0 ? hostAndPort : hostAndPort.substring(0, colon)).isEmpty();
	}

	/** The thread that cancels exchanges at their deadline; a deadline cancelled before it runs leaves its queue at once. */
	public static ScheduledExecutorService deadlines() {
		return DEADLINES;
	}

	/**
	 * A pooled client: connecting (host lookup and every address tried, together; a TLS handshake after
	 * it has a bound of its own) and waiting for a pooled connection are bounded by {@code timeout}, and
	 * each wait for data by {@code readTimeout}. Without a read timeout, reads
	 * are unbounded and the caller must bound each exchange with a deadline (see {@link #deadlines()}).
	 */
	public static CloseableHttpClient pooledClient(Duration timeout, @Nullable Duration readTimeout) {
		return pooledClient(timeout, readTimeout, (TlsSocketStrategy) null);
	}

	/** As {@link #pooledClient(Duration, Duration)}, connecting over {@code https://} with {@code tls} where given. */
	public static CloseableHttpClient pooledClient(Duration timeout, @Nullable Duration readTimeout, @Nullable TlsSocketStrategy tls) {
		return pooledClient(timeout, readTimeout, new BoundedDnsResolver(timeout.toNanos()), CLOSE_AFTER_IDLE, TIME_TO_LIVE, tls);
	}

	static CloseableHttpClient pooledClient(Duration timeout, @Nullable Duration readTimeout, DnsResolver dns) {
		return pooledClient(timeout, readTimeout, dns, CLOSE_AFTER_IDLE, TIME_TO_LIVE, null);
	}

	static CloseableHttpClient pooledClient(Duration timeout, @Nullable Duration readTimeout, DnsResolver dns,
			TimeValue closeAfterIdle, TimeValue timeToLive, @Nullable TlsSocketStrategy tls) {
		Timeout bound = Timeout.of(timeout);
		Timeout reads = readTimeout == null ? Timeout.DISABLED : Timeout.of(readTimeout);
		PoolingHttpClientConnectionManagerBuilder connections = BoundedConnectOperator.connectionManager();
		if (tls != null) {
			connections.setTlsSocketStrategy(tls);
		}
		return HttpClients.custom()
			.setConnectionManager(connections
				.setMaxConnTotal(MAX_CONNECTIONS)
				.setMaxConnPerRoute(MAX_CONNECTIONS)
				.setDnsResolver(dns)
				.setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
					.http1Config(Http1Config.custom().setMaxLineLength(MAX_LINE_BYTES).setMaxHeaderCount(MAX_HEADERS).build())
					.build())
				.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(bound).setSocketTimeout(reads)
					.setValidateAfterInactivity(VALIDATE_AFTER_IDLE).setTimeToLive(timeToLive).build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(bound).setResponseTimeout(reads).build())
			.evictIdleConnections(closeAfterIdle)
			.evictExpiredConnections()
			.disableContentCompression()
			.disableCookieManagement()
			.disableAutomaticRetries()
			.disableConnectionState()
			.disableRedirectHandling()
			.build();
	}

	/**
	 * Whether writing a request failed because the neighbour had already closed the connection ({@code EPIPE}, which only
	 * a write meets), so it cannot have read the whole request: as a TLS 1.3 neighbour does that refuses the client's
	 * certificate, or one that closed an idle pooled connection. This holds for requests whose body's length is given
	 * ({@code Content-Length}), as every request here is: the bytes that end one are in the write that failed, or later.
	 */
	public static boolean closedBeforeSent(Throwable ex) {
		SocketException broken = cause(ex, SocketException.class);
		return broken != null && String.valueOf(broken.getMessage()).startsWith("Broken pipe");
	}

	/** {@code ex} or the first of its causes that is a {@code type}, or null: how a neighbour's call failed. */
	public static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * A declarative client for {@code api} at {@code baseUrl}, every exchange bounded by {@code timeout}
	 * as a whole, with the pool of connections it owns. It reads JSON with Jackson's defaults (a custom
	 * converter, which comes before the application's), not with the strictness the service applies to
	 * its own request bodies: a neighbour's answer is taken as leniently as it always was. Only a 2xx
	 * answer is one: a redirect (not followed) or a 1xx fails like a 4xx or 5xx.
	 */
	public static <T> Declarative<T> create(Class<T> api, RestClient.Builder builder, URI baseUrl, Duration timeout) {
		return create(api, builder, baseUrl, timeout, null);
	}

	/** As {@link #create(Class, RestClient.Builder, URI, Duration)}, connecting over {@code https://} with {@code tls} where given. */
	public static <T> Declarative<T> create(Class<T> api, RestClient.Builder builder, URI baseUrl, Duration timeout,
			@Nullable TlsSocketStrategy tls) {
		DeadlineRequestFactory factory = new DeadlineRequestFactory(timeout, tls);
		RestClient rest = builder.clone().baseUrl(baseUrl.toString()).requestFactory(factory)
			.configureMessageConverters(converters -> converters.registerDefaults().addCustomConverter(new JacksonJsonHttpMessageConverter()))
			.requestInterceptor((request, body, execution) -> new CappedResponse(execution.execute(request, body)))
			.defaultStatusHandler(status -> !status.is2xxSuccessful(), (request, response) -> {
				throw new RestClientResponseException("answered " + response.getStatusCode().value(),
						response.getStatusCode(), response.getStatusText(), null, null, null);
			})
			.observationRegistry(ObservationRegistry.NOOP).build();
		return new Declarative<>(HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build().createClient(api),
				factory);
	}

	/**
	 * A declarative client and the pool of connections behind it, which {@link #close} releases.
	 *
	 * @param api the client
	 * @param connections what owns the pool
	 */
	public record Declarative<T>(T api, DisposableBean connections) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			connections.destroy();
		}

	}

	/**
	 * Cancels each request at its deadline, counted from when the request is made, which the client does
	 * just before sending it. The deadline is not withdrawn when the exchange ends early (these clients
	 * make one call per cache period); reached then, it finds nothing to cancel, since the connection is
	 * back in the pool and no longer the request's.
	 */
	private static final class DeadlineRequestFactory extends HttpComponentsClientHttpRequestFactory {

		private final long timeoutNanos;

		DeadlineRequestFactory(Duration timeout, @Nullable TlsSocketStrategy tls) {
			super(pooledClient(timeout, timeout, tls));
			this.timeoutNanos = timeout.toNanos();
		}

		@Override
		protected ClassicHttpRequest createHttpUriRequest(HttpMethod method, URI uri) {
			ClassicHttpRequest request = super.createHttpUriRequest(method, uri);
			if (request instanceof HttpUriRequestBase cancellable) {
				DEADLINES.schedule(cancellable::cancel, timeoutNanos, TimeUnit.NANOSECONDS);
			}
			return request;
		}

	}

	private static ScheduledExecutorService deadlineThread() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, "neighbour-deadlines");
			t.setDaemon(true);
			return t;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

}
