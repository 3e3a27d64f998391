package io.aurora.intelligence;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own problems carry a type of their own, which {@code GET /problems} describes, while
 * plain HTTP problems stay {@code about:blank}, as RFC 9457 has it for titles that are reason phrases.
 */
class ProblemTypesEndToEndTests extends AbstractEndToEndTests {

	@Test
	void eachOfTheServicesOwnProblemsNamesATypeThatIsDescribed() {
		TestHttp.Response unknown = http.post("/feedback",
				"{\"trace_id\":\"tr_0123456789abcdef0123456789abcdef\",\"outcome\":{\"latency_ms\":40,\"cost\":0.1,\"failures\":0,\"slo_hit\":true}}");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("type").asString()).isEqualTo("/problems/unknown-trace");
		TestHttp.Response invalid = http.post("/decisions", "{\"task_id\":\"\",\"candidates\":[]}");
		assertThat(invalid.json().get("type").asString()).isEqualTo("/problems/invalid-request");
		TestHttp.Response adminOff = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/model"))
			.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(adminOff.status()).isEqualTo(403);
		assertThat(adminOff.json().get("type").asString()).isEqualTo("/problems/admin-endpoints-are-off");

		JsonNode all = http.get("/problems").json();
		List<String> types = all.valueStream().map(type -> type.get("type").asString()).toList();
		assertThat(types).contains("/problems/unknown-trace", "/problems/invalid-request", "/problems/idempotency-key-reused",
				"/problems/store-unavailable").doesNotHaveDuplicates();
		assertThat(types).allSatisfy(type -> assertThat(type).matches("/problems/[a-z0-9-]+"));
		for (JsonNode type : all) {
			TestHttp.Response described = http.get(type.get("type").asString());
			assertThat(described.status()).as(type.toString()).isEqualTo(200);
			assertThat(described.json().get("title")).isEqualTo(type.get("title"));
			assertThat(described.json().get("description").asString()).isNotBlank();
		}
		TestHttp.Response none = http.get("/problems/no-such-problem");
		assertThat(none.status()).isEqualTo(404);
		assertThat(none.json().path("type").asString()).as("written out, to compare").isEqualTo("about:blank");
	}

	@Test
	void plainHttpProblemsStayAboutBlank() {
		TestHttp.Response missing = http.get("/nowhere");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("title").asString()).isEqualTo("Not Found");
		assertThat(missing.json().path("type").asString()).as("written out, to compare").isEqualTo("about:blank");
	}

}
