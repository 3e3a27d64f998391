package io.aurora.intelligence.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class BoundedDnsResolverTests {

	private static final long BOUND = TimeUnit.MILLISECONDS.toNanos(200);

	private final AtomicLong now = new AtomicLong();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger lookups = new AtomicInteger();

	@AfterEach
	void releaseHangingLookups() {
		release.countDown();
	}

	private InetAddress[] hang(String host) throws UnknownHostException {
		lookups.incrementAndGet();
		try {
			release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new UnknownHostException(host);
	}

	private static InetAddress[] address(String ip) throws UnknownHostException {
		return new InetAddress[] { InetAddress.getByName(ip) };
	}

	@Test
	void firstLookupOfAHostWaitsNoLongerThanTheBound() {
		BoundedDnsResolver dns = new BoundedDnsResolver(this::hang, BOUND, now::get);
		long start = System.nanoTime();
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> dns.resolve("router.local"))
			.withMessageContaining("no DNS answer within 200 ms");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
	}

	@Test
	void aLookupWaitsNoLongerThanWhatIsLeftOfItsCall() {
		BoundedDnsResolver dns = new BoundedDnsResolver(this::hang, TimeUnit.SECONDS.toNanos(30), now::get);
		long start = System.nanoTime();
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> CallDeadline.within(start + BOUND, () -> dns.resolve("router.local")))
			.withMessageContaining("what was left of the call");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("not the 30 s bound").isLessThan(5_000);
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> CallDeadline.within(System.nanoTime() - 1, () -> dns.resolve("router.local")))
			.withMessageContaining("within 0 ms");
	}

	@Test
	void concurrentFirstLookupsShareOneQuery() throws Exception {
		BoundedDnsResolver dns = new BoundedDnsResolver(this::hang, BOUND, now::get);
		Thread other = new Thread(() -> {
			try {
				dns.resolve("router.local");
			}
			catch (UnknownHostException expected) {
				// the lookup hangs
			}
		});
		other.start();
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> dns.resolve("router.local"));
		other.join();
		assertThat(lookups).hasValue(1);
	}

	@Test
	void aKnownAnswerIsServedAtOnceWhileAnOldOneIsRefreshedInTheBackground() throws Exception {
		AtomicReference<BoundedDnsResolver.Lookup> lookup = new AtomicReference<>(host -> address("10.0.0.1"));
		long bound = TimeUnit.SECONDS.toNanos(2);
		BoundedDnsResolver dns = new BoundedDnsResolver(host -> lookup.get().resolve(host), bound, now::get);
		assertThat(dns.resolve("router.local")).containsExactly(address("10.0.0.1"));
		lookup.set(this::hang);
		now.addAndGet(TimeUnit.SECONDS.toNanos(BoundedDnsResolver.REFRESH_AFTER_S + 1));
		long start = System.nanoTime();
		assertThat(dns.resolve("router.local")).containsExactly(address("10.0.0.1"));
		assertThat(dns.resolve("router.local")).containsExactly(address("10.0.0.1"));
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("stale answers are served at once, not after the 2 s bound").isLessThan(1000);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).dontCatchUncaughtExceptions()
			.until(() -> lookups.get() > 0);
		Thread.sleep(100);
		assertThat(lookups).as("one refresh for both calls").hasValue(1);
	}

	@Test
	void aRefreshReplacesTheAnswerAndAFailedOneKeepsIt() throws Exception {
		AtomicReference<BoundedDnsResolver.Lookup> lookup = new AtomicReference<>(host -> address("10.0.0.1"));
		BoundedDnsResolver dns = new BoundedDnsResolver(host -> lookup.get().resolve(host), BOUND, now::get);
		dns.resolve("router.local");
		lookup.set(host -> {
			throw new UnknownHostException(host);
		});
		now.addAndGet(TimeUnit.SECONDS.toNanos(BoundedDnsResolver.REFRESH_AFTER_S + 1));
		assertThat(dns.resolve("router.local")).containsExactly(address("10.0.0.1"));
		lookup.set(host -> address("10.0.0.2"));
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).dontCatchUncaughtExceptions()
			.untilAsserted(() -> assertThat(dns.resolve("router.local")).containsExactly(address("10.0.0.2")));
	}

	@Test
	void aLookupThatFailsIsReportedAsUnknownHost() {
		BoundedDnsResolver dns = new BoundedDnsResolver(host -> {
			throw new UnknownHostException("no such host " + host);
		}, BOUND, now::get);
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> dns.resolve("nowhere.local"))
			.withMessage("no such host nowhere.local");
	}

	@Test
	@Timeout(10)
	void aClientWhoseDnsHangsFailsWithinTheBound() throws IOException {
		try (CloseableHttpClient http = HttpServiceClients.pooledClient(Duration.ofMillis(200), null,
				new BoundedDnsResolver(this::hang, BOUND, now::get))) {
			long start = System.nanoTime();
			assertThatExceptionOfType(UnknownHostException.class)
				.isThrownBy(() -> http.execute(new HttpGet("http://router.local:8080/route"), response -> null));
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("not the hang's 10 s").isLessThan(5000);
		}
	}

}
