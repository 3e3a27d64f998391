package io.aurora.intelligence.config;

import java.net.URI;
import java.time.Duration;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class HttpServiceClientsTests {

	interface Echo {

		@GetExchange("/echo")
		String echo();

	}

	@Test
	void aClosedClientHasReleasedItsConnections() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			server.start();
			server.enqueue(new MockResponse.Builder().code(200).body("hello").build());
			HttpServiceClients.Declarative<Echo> client = HttpServiceClients.create(Echo.class, RestClient.builder(),
					URI.create(server.url("/").toString()), Duration.ofMillis(500));
			assertThat(client.api().echo()).isEqualTo("hello");
			client.close();
			assertThatException().isThrownBy(() -> client.api().echo()).withStackTraceContaining("shut down");
		}
	}

	@ParameterizedTest
	@CsvSource({ "http://aurora-router:8080, true", "http://psi_field:8000, true", "https://router.example/api/v1/, true",
			"http://[::1]:8080/, true", "http://10.0.0.7, true", "HTTP://Router:80, true", "psi-field:8000, false",
			"ftp://router/, false", "http://:8080/, false", "http://user@/, false", "/route, false" })
	void aBaseUrlNeedsHttpOrHttpsAndAHost(String url, boolean usable) {
		assertThat(HttpServiceClients.usableBaseUrl(URI.create(url))).isEqualTo(usable);
	}

}
