package io.aurora.intelligence.config;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Builds {@code @HttpExchange} clients for the neighbours on Apache HttpClient 5: a pool of kept-alive
 * connections, with connecting, waiting for a pooled connection and every wait for response data
 * bounded by one timeout. (Spring's adapter for the JDK client measured 15 times slower under
 * concurrency here; see docs/BENCHMARKS.md.) Compression, cookies, retries and per-call observations
 * are off: these are small JSON calls on the decision path, counted by the service's own metrics. An
 * answer longer than {@value #MAX_ANSWER_BYTES} bytes, or still arriving when the timeout has passed
 * since the call was sent, fails the call, so a neighbour that trickles or streams without end
 * neither fills the heap nor holds the caller.
 */
public final class HttpServiceClients {

	static final int MAX_CONNECTIONS = 256;

	static final int MAX_ANSWER_BYTES = 64 * 1024;

	/** Aborts answers still being read at their deadline. */
	private static final ScheduledExecutorService DEADLINES = deadlines();

	private HttpServiceClients() {
	}

	/** One daemon thread; a cancelled deadline leaves its queue at once rather than when it would have run. */
	private static ScheduledExecutorService deadlines() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
			Thread t = new Thread(r, "neighbour-deadlines");
			t.setDaemon(true);
			return t;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	/** A client for {@code api} at {@code baseUrl}, bounded by {@code timeout}. */
	public static <T> T create(Class<T> api, RestClient.Builder builder, URI baseUrl, Duration timeout) {
		ClientHttpRequestFactory factory = ClientHttpRequestFactoryBuilder.httpComponents()
			.withHttpClientCustomizer(client -> client.disableContentCompression().disableCookieManagement()
				.disableAutomaticRetries().disableConnectionState())
			.withConnectionManagerCustomizer(pool -> pool.setMaxConnTotal(MAX_CONNECTIONS).setMaxConnPerRoute(MAX_CONNECTIONS))
			.withDefaultRequestConfigCustomizer(request -> request.setConnectionRequestTimeout(Timeout.of(timeout)))
			.build(HttpClientSettings.defaults().withTimeouts(timeout, timeout));
		RestClient rest = builder.clone().baseUrl(baseUrl.toString()).requestFactory(factory)
			.requestInterceptor((request, body, execution) -> {
				long deadline = System.nanoTime() + timeout.toNanos();
				return new BoundedResponse(execution.execute(request, body), deadline);
			})
			.observationRegistry(ObservationRegistry.NOOP).build();
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build().createClient(api);
	}

	/**
	 * A response whose body fails once it grows past {@value #MAX_ANSWER_BYTES} bytes, or is still
	 * being read when the call's timeout has passed since it was sent.
	 */
	private static final class BoundedResponse implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final long deadline;

		private @Nullable InputStream body;

		private @Nullable ScheduledFuture<?> abort;

		BoundedResponse(ClientHttpResponse response, long deadline) {
			this.response = response;
			this.deadline = deadline;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return response.getHeaders();
		}

		@Override
		public InputStream getBody() throws IOException {
			if (body == null) {
				InputStream in = response.getBody();
				body = new BoundedStream(in);
				if (in instanceof EofSensorInputStream connection) {
					abort = DEADLINES.schedule(() -> abortQuietly(connection), deadline - System.nanoTime(),
							TimeUnit.NANOSECONDS);
				}
			}
			return body;
		}

		@Override
		public void close() {
			if (abort != null) {
				abort.cancel(false);
			}
			response.close();
		}

		private static void abortQuietly(EofSensorInputStream connection) {
			try {
				connection.abort();
			}
			catch (IOException ex) {
				// the connection is being dropped either way
			}
		}

	}

	/**
	 * Counts what is read and fails past {@value #MAX_ANSWER_BYTES} bytes, aborting the connection so
	 * that closing the response does not read the rest of an endless answer.
	 */
	private static final class BoundedStream extends FilterInputStream {

		private long read;

		BoundedStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			count(b < 0 ? 0 : 1);
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count(Math.max(n, 0));
			return n;
		}

		private void count(int n) throws IOException {
			read += n;
			if (read > MAX_ANSWER_BYTES) {
				if (in instanceof EofSensorInputStream connection) {
					connection.abort();
				}
				throw new IOException("answer exceeds " + MAX_ANSWER_BYTES + " bytes");
			}
		}

	}

}
