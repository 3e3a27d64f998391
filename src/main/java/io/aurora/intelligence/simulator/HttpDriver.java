package io.aurora.intelligence.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.aurora.intelligence.auditor.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a running service over HTTP with the simulated market: posts each request to
 * {@code /decisions}, draws the outcome of the chosen offering, posts it to {@code /feedback}, and
 * reports the regret of the service's choices.
 */
final class HttpDriver {

	private final URI base;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = new JsonMapper();

	HttpDriver(URI base) {
		this.base = base;
	}

	void run(Scenario scenario, int steps, long seed, PrintStream print) throws IOException, InterruptedException {
		Market market = new Market();
		Workload workload = new Workload(scenario, seed, steps, market);
		double[] regret = new double[steps];
		long start = System.nanoTime();
		for (int t = 0; t < steps; t++) {
			Request r = workload.request(t);
			List<Map<String, Object>> candidates = new ArrayList<>();
			List<Offering> offered = new ArrayList<>();
			double best = Double.NEGATIVE_INFINITY;
			for (int index : r.candidates()) {
				Offering o = workload.offering(index, t);
				offered.add(o);
				candidates.add(Map.of("provider", o.provider(), "sku", o.sku()));
				best = Math.max(best, market.expectedReward(r, o));
			}
			Map<String, Object> decisionBody = new LinkedHashMap<>();
			decisionBody.put("task_id", "sim-" + scenario.label() + "-" + t);
			decisionBody.put("context", r.context());
			decisionBody.put("candidates", candidates);
			JsonNode decision = post("/decisions", decisionBody);
			String provider = decision.at("/chosen/provider").asString();
			String sku = decision.at("/chosen/sku").asString();
			Offering chosen = offered.stream().filter(o -> o.provider().equals(provider) && o.sku().equals(sku))
				.findFirst().orElseThrow(() -> new IllegalStateException("service chose a candidate it was not offered"));
			regret[t] = best - market.expectedReward(r, chosen);
			Outcome outcome = market.draw(r, chosen, new SplittableRandom(seed * 7_919 + t));
			Map<String, Object> outcomeBody = new LinkedHashMap<>();
			outcomeBody.put("latency_ms", outcome.latencyMs());
			outcomeBody.put("cost", outcome.cost());
			outcomeBody.put("failures", outcome.failures());
			outcomeBody.put("slo_hit", outcome.sloHit());
			post("/feedback", Map.of("trace_id", decision.get("trace_id").asString(), "outcome", outcomeBody));
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		RegretSummary summary = RegretSummary.of("service at " + base, regret, workload.shiftStep());
		print.printf(Locale.ROOT, "%nscenario %s over HTTP, %d decisions, seed %d: mean regret %.4f, last quarter %.4f, "
				+ "after shift %.4f, recovery %d; %.0f decision+feedback pairs/s%n", scenario.label(), steps, seed,
				summary.mean(), summary.lastQuarter(), summary.afterShift(), summary.recovery(), steps / seconds);
	}

	private JsonNode post(String path, Object body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body());
	}

}
