package io.aurora.intelligence.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A neighbour whose host name has several addresses, none answering: the connect gives up within one
 * timeout in all, where Apache HttpClient alone would wait one timeout per address.
 */
class BoundedConnectOperatorTests {

	private final List<Socket> queued = new ArrayList<>();

	private ServerSocket silent;

	@AfterEach
	void close() throws IOException {
		for (Socket s : queued) {
			s.close();
		}
		if (silent != null) {
			silent.close();
		}
	}

	@Test
	@Timeout(20)
	void hostWithSeveralSilentAddressesFailsWithinOneTimeout() throws IOException {
		int port = silentPort();
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

	/**
	 * A port whose listen queue is full, so that the kernel drops new connection attempts and they wait
	 * for their timeout, as with a host that does not answer.
	 */
	private int silentPort() throws IOException {
		silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
		for (int i = 0; i < 16; i++) {
			Socket s = new Socket();
			try {
				s.connect(address, 200);
				queued.add(s);
			}
			catch (SocketTimeoutException full) {
				s.close();
				return silent.getLocalPort();
			}
			catch (java.net.ConnectException refused) {
				s.close();
				break;
			}
		}
		assumeThat(false).as("this kernel does not leave connections to a full listen queue unanswered").isTrue();
		return -1;
	}

}
