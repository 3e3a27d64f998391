package io.aurora.intelligence.psi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.aurora.intelligence.config.TricklingServer;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ψ-field fetches that fail: readings out of range, error answers, redirects, answers past the size cap or the
 * timeout, and refused connections, each an error rather than a reading.
 */
class PsiCacheFailureTests extends AbstractPsiCacheTests {

	@Test
	void readingsOutsideTheUnitIntervalAreRefusedAndTheLastGoodOneKept() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		cache.refresh();
		psi.enqueue(json(200, "{\"Psi\":82,\"C\":68}"));
		cache.refresh();
		assertThat(cache.lastFetch().result()).isEqualTo("error");
		assertThat(cache.lastFetch().error()).isEqualTo("Ψ-field reading's 'Psi' is outside [0, 1]");
		assertThat(cache.current().density()).isEqualTo(0.82);
		psi.enqueue(json(200, "{\"density\":0.5,\"coherence\":-3}"));
		cache.refresh();
		assertThat(cache.lastFetch().error()).isEqualTo("Ψ-field reading's 'coherence' is outside [0, 1]");
		assertThat(cache.current().coherence()).isEqualTo(0.68);
	}

	@Test
	void failuresKeepTheLastGoodReading() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		psi.enqueue(json(500, "{}"));
		psi.enqueue(json(200, "{\"Psi\":\"high\"}"));
		psi.enqueue(json(200, "garbage"));
		psi.enqueue(new MockResponse.Builder().code(200).body("{\"Psi\":0.1,\"C\":0.1}").headersDelay(2, TimeUnit.SECONDS).build());
		List<String> reasons = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			cache.refresh();
			reasons.add(cache.lastFetch().error());
		}
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(4);
		assertThat(cache.current().density()).isEqualTo(0.82);
		assertThat(cache.lastFetch().result()).isEqualTo("error");
		assertThat(reasons).as("short reasons for the open /status: no exception class, no echo of the answer")
			.containsExactly(null, "Ψ-field answered 500", "Ψ-field reading has no numeric 'Psi' or 'density'",
					"Ψ-field answered malformed JSON", "no answer within PSI_TIMEOUT_MS, or the connection broke");
	}

	@Test
	void aRedirectIsAnErrorNotAReading() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		psi.enqueue(new MockResponse.Builder().code(302).addHeader("Location", psi.url("/elsewhere").toString())
			.addHeader("Content-Type", "application/json").body("{\"Psi\":0.1,\"C\":0.1}").build());
		cache.refresh();
		cache.refresh();
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
		assertThat(cache.current().density()).isEqualTo(0.82);
		assertThat(psi.getRequestCount()).isEqualTo(2);
	}

	@Test
	void anAnswerLargerThanTheCapIsAnErrorNotAReading() {
		psi.enqueue(json(200, "{\"Psi\":0.82,\"C\":0.68}"));
		psi.enqueue(json(200, "{\"Psi\":0.1,\"C\":0.1,\"pad\":\"" + "x".repeat(64 * 1024) + "\"}"));
		psi.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.chunkedBody("{\"Psi\":0.1,\"C\":0.1,\"pad\":\"" + "x".repeat(64 * 1024) + "\"}", 1024).build());
		psi.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.chunkedBody("[".repeat(70 * 1024), 1024).build());
		cache.refresh();
		for (int i = 0; i < 2; i++) {
			cache.refresh();
			assertThat(cache.lastFetch().error()).as("answer %d", i).isEqualTo("Ψ-field answer exceeds 65536 bytes");
		}
		cache.refresh();
		assertThat(cache.lastFetch().error()).as("a flood of brackets meets the reader's depth limit first")
			.isEqualTo("Ψ-field answered JSON past the reader's limits (nested too deep, or too long)");
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(3);
		assertThat(cache.current().density()).isEqualTo(0.82);
	}

	@Test
	void anEndlessAnswerIsCutOffAtTheCapNotReadToItsEnd() {
		psi.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.body("{\"pad\":\"" + "x".repeat(8 * 1024 * 1024) + "\"}").throttleBody(64 * 1024, 100, TimeUnit.MILLISECONDS).build());
		PsiCache patient = cache(URI.create(psi.url("/").toString()), 5, Duration.ofSeconds(30));
		long start = System.nanoTime();
		patient.refresh();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("reading all 8 MiB takes 12 s").isLessThan(5000);
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
	}

	@Test
	void anAnswerTrickledSlowerThanTheTimeoutIsCutOffAtTheTimeout() {
		psi.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
			.body("{\"Psi\":0.1,\"C\":0.1,\"pad\":\"" + "x".repeat(10_000) + "\"}").throttleBody(100, 100, TimeUnit.MILLISECONDS)
			.build());
		long start = System.nanoTime();
		cache.refresh();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("reading it all takes 10 s").isLessThan(5000);
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
	}

	@Test
	void anAnswerWhoseHeadIsTrickledIsCutOffAtTheTimeout() throws IOException {
		try (TricklingServer trickling = new TricklingServer(50)) {
			PsiCache slow = cache(trickling.url());
			long start = System.nanoTime();
			slow.refresh();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("the whole head takes 8 s").isLessThan(4000);
			assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
			assertThat(slow.current().source()).isEqualTo("neutral");
		}
	}

	@Test
	void slowFetchIsBoundedByTheTimeout() {
		psi.enqueue(new MockResponse.Builder().code(200).body("{\"Psi\":0.1,\"C\":0.1}").headersDelay(3, TimeUnit.SECONDS).build());
		long start = System.nanoTime();
		cache.refresh();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
	}

	@Test
	void anExchangeCancelledWhileGettingItsConnectionIsATimeoutNotAnUnexplainedFailure() {
		RuntimeException cancelled = new org.springframework.web.client.ResourceAccessException("I/O error",
				new java.io.IOException(new IllegalStateException("Endpoint not acquired / already released")));
		String connecting = "no connection within PSI_TIMEOUT_MS: the host lookup or the connect took longer";
		assertThat(PsiCache.reason(cancelled)).isEqualTo(connecting);
		RuntimeException bare = new IllegalStateException("Endpoint not acquired / already released");
		assertThat(PsiCache.reason(bare)).isEqualTo(connecting);
		assertThat(PsiCache.reason(new IllegalStateException("something else"))).isEqualTo("the fetch failed unexpectedly");
	}

	@Test
	void refusedConnectionCountsAsError() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		PsiCache dead = cache(URI.create("http://127.0.0.1:" + port));
		dead.refresh();
		assertThat(telemetry.cacheCounts().errors()).isEqualTo(1);
		assertThat(dead.lastFetch().error()).isEqualTo("Ψ-field refused the connection");
		assertThat(dead.current().source()).isEqualTo("neutral");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aFailureWhoseReasonChangesIsLoggedAgainAtMostOnceAMinute(CapturedOutput output) {
		psi.enqueue(json(500, "{}"));
		psi.enqueue(json(200, "garbage"));
		psi.enqueue(json(500, "{}"));
		psi.enqueue(json(200, "{\"Psi\":\"high\"}"));
		psi.enqueue(json(200, "garbage"));
		cache.refresh();
		cache.refresh();
		now.addAndGet(TimeUnit.SECONDS.toNanos(61));
		cache.refresh();
		cache.refresh();
		cache.refresh();
		assertThat(output.getAll().lines().filter(line -> line.contains("Ψ-field fetch")).toList()).satisfiesExactly(
				first -> assertThat(first).contains("Ψ-field fetch failed (Ψ-field answered 500)"),
				changed -> assertThat(changed).contains("Ψ-field fetches still fail, now for another reason "
						+ "(Ψ-field reading has no numeric 'Psi' or 'density')"));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aFetchTheStopInterruptsIsNeitherCountedNorLoggedAsTheFieldsFailure(CapturedOutput output) throws Exception {
		CountDownLatch fetching = new CountDownLatch(1);
		PsiClient.PsiApi blocked = () -> {
			fetching.countDown();
			try {
				Thread.sleep(60_000);
			}
			catch (InterruptedException ex) {
				// as the client's connection pool and DNS lookup answer an interrupt
				throw new CancellationException("Operation aborted");
			}
			throw new IllegalStateException("never interrupted");
		};
		PsiCache stopping = new PsiCache(new PsiClient(blocked), telemetry, 5, now::get, Clock.systemUTC());
		stopping.start();
		assertThat(fetching.await(10, TimeUnit.SECONDS)).as("a fetch is in flight").isTrue();
		stopping.stop();
		assertThat(telemetry.cacheCounts().errors()).isZero();
		assertThat(output.getAll()).doesNotContain("Ψ-field fetch failed");
	}

}
