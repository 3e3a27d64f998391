package io.aurora.intelligence.config;

import java.net.URI;
import java.time.Duration;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

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

}
