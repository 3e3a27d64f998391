package io.aurora.intelligence;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of both POST endpoints against the running service: whatever JSON arrives,
 * the answer is a 2xx or a 4xx problem+json, never a 5xx and never a stack trace.
 */
class HostileInputTests {

	private static NeighbourStubs neighbours;

	private static RunningService service;

	@BeforeContainer
	static void start() throws Exception {
		neighbours = new NeighbourStubs();
		service = RunningService.start(Files.createTempDirectory("aurora-fuzz").resolve("d.db"), neighbours, Map.of());
	}

	@AfterContainer
	static void stop() {
		service.close();
		neighbours.close();
	}

	@Property(tries = 300)
	void anyJsonToDecisionsIsAnsweredWithoutA5xx(@ForAll("json") Object body) {
		assertSane(service.http.post("/decisions", TestHttp.JSON.writeValueAsString(body)));
	}

	@Property(tries = 300)
	void anyJsonToFeedbackIsAnsweredWithoutA5xx(@ForAll("json") Object body) {
		assertSane(service.http.post("/feedback", TestHttp.JSON.writeValueAsString(body)));
	}

	@Property(tries = 400)
	void nearlyValidDecisionsAreAnsweredWithoutA5xx(@ForAll("decisions") Map<String, Object> body) {
		assertSane(service.http.post("/decisions", TestHttp.JSON.writeValueAsString(body)));
	}

	@Property(tries = 150)
	void validDecisionsAndOnesWithASingleFaultAreAnsweredWithoutA5xx(@ForAll("validOrOneFault") Map<String, Object> body) {
		TestHttp.Response response = service.http.post("/decisions", TestHttp.JSON.writeValueAsString(body));
		assertSane(response);
		Statistics.label("status").collect(response.status());
		Statistics.label("status").coverage(coverage -> {
			coverage.check(200).percentage(p -> p >= 30);
			coverage.check(400).percentage(p -> p >= 10);
		});
	}

	@Property(tries = 300)
	void nearlyValidFeedbackIsAnsweredWithoutA5xx(@ForAll("outcomes") Object outcome) {
		String traceId = service.http.decide(AuroraIntelligenceApplicationTests.SEED_DECISION).get("trace_id").asString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("trace_id", traceId);
		body.put("outcome", outcome);
		assertSane(service.http.post("/feedback", TestHttp.JSON.writeValueAsString(body)));
	}

	@Property(tries = 200)
	void garbageBytesAreAnsweredWithoutA5xx(@ForAll("garbage") String body) {
		assertSane(service.http.post("/decisions", body));
		assertSane(service.http.post("/feedback", body));
	}

	/** A 2xx, or a 4xx problem+json with a title and a type of the service's own or about:blank, and never a stack trace. */
	static void assertSane(TestHttp.Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 499);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
		if (response.status() != 200) {
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().has("title")).as(response.body()).isTrue();
			assertThat(response.json().path("type").asString())
				.as("the service's own type, or about:blank written out alike by Spring MVC, the filters and Tomcat: "
						+ response.body())
				.satisfiesAnyOf((type) -> assertThat(type).startsWith("/problems/"),
						(type) -> assertThat(type).isEqualTo("about:blank"));
		}
	}

	@Provide
	Arbitrary<Object> json() {
		return value(3);
	}

	private static Arbitrary<Object> value(int depth) {
		Arbitrary<Object> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
				Arbitraries.integers().map(i -> (Object) i), Arbitraries.doubles().map(d -> (Object) d),
				Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just(null),
				Arbitraries.of("task_id", "candidates", "provider", "sku", "context", "outcome", "trace_id", "latency_ms",
						"tr_00", "-1", "1e309", "NaN").map(s -> (Object) s));
		if (depth == 0) {
			return scalar;
		}
		Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) l);
		Arbitrary<Object> map = Arbitraries.maps(keys(), value(depth - 1)).ofMaxSize(5).map(m -> (Object) m);
		return Arbitraries.oneOf(scalar, list, map);
	}

	private static Arbitrary<String> keys() {
		return Arbitraries.oneOf(Arbitraries.of("task_id", "context", "candidates", "provider", "sku", "metadata", "cpu",
				"memory_gb", "mem", "latency_ms", "region", "trace_id", "outcome", "cost", "failures", "slo_hit"),
				Arbitraries.strings().ofMaxLength(12));
	}

	@Provide
	Arbitrary<Map<String, Object>> decisions() {
		Arbitrary<Object> anything = value(2);
		Arbitrary<Object> context = Arbitraries.maps(Arbitraries.of("cpu", "memory_gb", "mem", "latency_ms", "region", "gpu"),
				Arbitraries.oneOf(anything, Arbitraries.of("32Gi", "500m", "-4", "1e400", "", "us-west").map(s -> (Object) s)))
			.ofMaxSize(6).map(m -> (Object) m);
		Arbitrary<Object> candidate = Combinators.combine(Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s), anything),
				Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s), anything), anything)
			.as((p, s, m) -> {
				Map<String, Object> c = new LinkedHashMap<>();
				c.put("provider", p);
				c.put("sku", s);
				c.put("metadata", m);
				return (Object) c;
			});
		Arbitrary<Object> namesWithNulls = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(x -> (Object) x),
				Arbitraries.just(null)).list().ofMaxSize(4).map(l -> (Object) l);
		Arbitrary<Object> constraints = Arbitraries.maps(Arbitraries.of("regions", "max_price", "exclude_providers",
				"max_latency_ms", "min_slo_rate", "other"), Arbitraries.oneOf(anything, namesWithNulls)).ofMaxSize(5)
			.map(m -> (Object) m)
			.injectNull(0.3);
		Arbitrary<Object> objectives = Arbitraries.maps(Arbitraries.of("latency", "cost", "reliability", "speed"),
				Arbitraries.oneOf(anything, Arbitraries.doubles().map(d -> (Object) d))).ofMaxSize(4)
			.map(m -> (Object) m)
			.injectNull(0.3);
		return Combinators.combine(Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s), anything),
				context, candidate.list().ofMaxSize(6).map(l -> (Object) l), constraints, objectives)
			.as((task, ctx, candidates, limits, weights) -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("task_id", task);
				body.put("context", ctx);
				body.put("candidates", candidates);
				if (limits != null) {
					body.put("constraints", limits);
				}
				if (weights != null) {
					body.put("objectives", weights);
				}
				return body;
			});
	}

	/** Valid decisions (about half) and decisions with one realistic fault, so the deep paths run too. */
	@Provide
	Arbitrary<Map<String, Object>> validOrOneFault() {
		Arbitrary<Object> context = Combinators.combine(Arbitraries.of(2, 4, 8, "500m", "16"), Arbitraries.of(16, "32Gi", 0.5),
				Arbitraries.of(50, 200, 1000), Arbitraries.of("us-west", "eu-west", "global"))
			.as((cpu, mem, latency, region) -> (Object) new LinkedHashMap<String, Object>(
					Map.of("cpu", cpu, "memory_gb", mem, "latency_ms", latency, "region", region)));
		Arbitrary<Map<String, Object>> candidate = Combinators.combine(Arbitraries.of("akash", "vast", "ionet", "render"),
				Arbitraries.of("A8", "V4", "X1"), Arbitraries.doubles().between(0, 5))
			.as((provider, sku, price) -> new LinkedHashMap<>(
					Map.of("provider", provider, "sku", sku, "metadata", Map.of("price_usd_per_hour", price))));
		Arbitrary<List<Map<String, Object>>> candidates = candidate.list().ofMinSize(1).ofMaxSize(5)
			.uniqueElements(c -> c.get("provider") + "/" + c.get("sku"));
		return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20), context, candidates,
				Arbitraries.integers().between(0, 15))
			.as((task, ctx, offered, fault) -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("task_id", task);
				body.put("context", ctx);
				body.put("candidates", new ArrayList<>(offered));
				applyFault(body, fault);
				return body;
			});
	}

	@SuppressWarnings("unchecked")
	private static void applyFault(Map<String, Object> body, int fault) {
		List<Object> candidates = (List<Object>) body.get("candidates");
		Map<String, Object> context = (Map<String, Object>) body.get("context");
		switch (fault) {
			case 8 -> body.put("task_id", "");
			case 9 -> candidates.add(candidates.get(0));
			case 10 -> context.put("cpu", "lots");
			case 11 -> body.put("objectives", Map.of("cost", -1));
			case 12 -> body.put("constraints", Map.of("regions", List.of("mars")));
			case 13 -> context.put("region", "r".repeat(100));
			case 14 -> body.put("candidates", List.of());
			case 15 -> ((Map<String, Object>) candidates.get(0)).put("sku", "A8\u0000");
			default -> {
			}
		}
	}

	@Provide
	Arbitrary<Object> outcomes() {
		Arbitrary<Object> number = Arbitraries.oneOf(Arbitraries.doubles().map(d -> (Object) d),
				Arbitraries.integers().map(i -> (Object) i), Arbitraries.of("42", "fast", "", "1e999").map(s -> (Object) s),
				Arbitraries.just(null));
		return Arbitraries.maps(Arbitraries.of("latency_ms", "cost", "failures", "slo_hit", "extra"),
				Arbitraries.oneOf(number, Arbitraries.of(true, false).map(b -> (Object) b), value(1)))
			.ofMaxSize(5).map(m -> (Object) m);
	}

	@Provide
	Arbitrary<String> garbage() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
				Arbitraries.strings().withChars("{}[]\":,0123456789eE.-+ntrufalsx\\").ofMaxLength(200),
				Arbitraries.of("{", "[", "\"", "{\"task_id\":", "{\"a\":1}}", "\u0000", "{\"task_id\":\"\\ud800\"}"));
	}

}
