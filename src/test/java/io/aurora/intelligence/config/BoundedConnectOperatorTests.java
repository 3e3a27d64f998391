package io.aurora.intelligence.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A neighbour whose host name has several addresses, none answering: the connect gives up within one
 * timeout in all, where Apache HttpClient alone would wait one timeout per address.
 */
class BoundedConnectOperatorTests {

	@Test
	@Timeout(20)
	void hostWithSeveralSilentAddressesFailsWithinOneTimeout() throws IOException {
		try (SilentPort silent = new SilentPort()) {
			hostWithSeveralAddressesFailsWithinOneTimeout(silent.port());
		}
	}

	private void hostWithSeveralAddressesFailsWithinOneTimeout(int port) throws IOException {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		DnsResolver threeAddresses = new DnsResolver() {

			@Override
			public InetAddress[] resolve(String host) {
				return new InetAddress[] { loopback, loopback, loopback };
			}

			@Override
			public String resolveCanonicalHostname(String host) throws java.net.UnknownHostException {
				return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
			}

		};
		try (CloseableHttpClient http = HttpServiceClients.pooledClient(Duration.ofMillis(2000), Duration.ofSeconds(10),
				threeAddresses)) {
			long start = System.nanoTime();
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> http.execute(new HttpGet("http://router.local:" + port + "/route"), response -> null))
				.isInstanceOfAny(ConnectTimeoutException.class, SocketTimeoutException.class);
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("one 2 s timeout, not three")
				.isGreaterThanOrEqualTo(1900)
				.isLessThan(5500);
		}
	}

}
