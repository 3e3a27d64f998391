package io.aurora.intelligence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

import javax.net.ssl.SSLSocketFactory;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Loopback stand-ins for the Ψ-field and the Aurora Router, answering as the real ones do. Registered as a class's
 * {@code @RegisterExtension} field, they stop after its last test.
 */
final class NeighbourStubs implements AutoCloseable, AfterAllCallback {

	final MockWebServer psi = new MockWebServer();

	final MockWebServer router = new MockWebServer();

	NeighbourStubs() {
		this(null);
	}

	/** Stubs served over {@code https://} with {@code tls} where given, asking for the client's certificate. */
	NeighbourStubs(@Nullable SSLSocketFactory tls) {
		if (tls != null) {
			for (MockWebServer server : new MockWebServer[] { psi, router }) {
				server.useHttps(tls);
				server.requireClientAuth();
			}
		}
		psi.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return "/state".equals(request.getTarget())
						? json(200, "{\"Psi\":0.82,\"C\":0.68,\"U\":0.1,\"Phi\":0.5,\"H\":1.0,\"PE\":0.05,\"M\":0.2,"
								+ "\"dt_eff\":0.1,\"k\":7,\"timestamp\":\"2026-11-29T10:00:00Z\"}")
						: json(404, "{}");
			}
		});
		router.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return "/route".equals(request.getTarget())
						? json(200, "{\"score\":0.87,\"status\":\"placed\",\"estimated_latency_ms\":40}")
						: json(404, "{}");
			}
		});
		try {
			psi.start();
			router.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Makes the router answer each request with what {@code answer} returns for it. */
	void routeWith(Function<RecordedRequest, MockResponse> answer) {
		router.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer.apply(request);
			}
		});
	}

	/** Makes the Ψ-field answer each request with what {@code answer} returns for it. */
	void psiWith(Function<RecordedRequest, MockResponse> answer) {
		psi.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer.apply(request);
			}
		});
	}

	String psiUrl() {
		return psi.url("/").toString();
	}

	String routerUrl() {
		return router.url("/").toString();
	}

	static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

	@Override
	public void close() {
		psi.close();
		router.close();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

}
