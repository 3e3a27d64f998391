package io.aurora.intelligence.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.aurora.intelligence.auditor.Outcome;
import io.aurora.intelligence.strategist.Featurizer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a running service over HTTP with the simulated market: posts each request to
 * {@code /decisions}, draws the outcome of the chosen offering, posts it to {@code /feedback}, and
 * reports the regret of the service's choices. Given a port, it also serves the simulated Ψ as a
 * Ψ-field ({@code GET /state}) on loopback, for a service started with {@code PSI_URL} pointing there. Given rules, it
 * plays shadow mode instead: every decision is a shadow one, the rules place each task, and the feedback names where it
 * ran, so the regret of the service's answers, which placed nothing, is set beside the rules'.
 */
final class HttpDriver {

	/** How long a run waits for the service's first read of the served Ψ before it starts anyway. */
	private static final Duration FIRST_READ = Duration.ofSeconds(30);

	private final URI base;

	private final int psiPort;

	private final @Nullable String apiKey;

	private final Duration firstRead;

	private final Baselines.Rules.@Nullable Kind rules;

	private volatile double coherence;

	private volatile double density;

	private final CountDownLatch read = new CountDownLatch(1);

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = new JsonMapper();

	/**
	 * A driver of the service at {@code base}, serving Ψ on {@code psiPort} (0: none) and sending
	 * {@code apiKey} (null: none) as a bearer token.
	 */
	HttpDriver(URI base, int psiPort, @Nullable String apiKey) {
		this(base, psiPort, apiKey, FIRST_READ);
	}

	/** A driver that plays shadow mode, {@code rules} placing every task, when they are given. */
	HttpDriver(URI base, int psiPort, @Nullable String apiKey, Baselines.Rules.@Nullable Kind rules) {
		this(base, psiPort, apiKey, FIRST_READ, rules);
	}

	/** A driver that waits {@code firstRead} for the service's first read of the served Ψ. */
	HttpDriver(URI base, int psiPort, @Nullable String apiKey, Duration firstRead) {
		this(base, psiPort, apiKey, firstRead, null);
	}

	/** As {@link #HttpDriver(URI, int, String, Duration)}, playing shadow mode when {@code rules} are given. */
	HttpDriver(URI base, int psiPort, @Nullable String apiKey, Duration firstRead, Baselines.Rules.@Nullable Kind rules) {
		this.base = base;
		this.psiPort = psiPort;
		this.apiKey = apiKey;
		this.firstRead = firstRead;
		this.rules = rules;
	}

	void run(Scenario scenario, int steps, long seed, PrintStream print) throws IOException, InterruptedException {
		checkAccess();
		if (psiPort == 0) {
			play(scenario, steps, seed, print);
			return;
		}
		Workload first = new Workload(scenario, seed, steps, new Market());
		coherence = first.request(0).coherence();
		density = first.request(0).density();
		HttpServer psi = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), psiPort), 0);
		psi.createContext("/state", exchange -> {
			byte[] body = String.format(Locale.ROOT, "{\"Psi\": %.6f, \"C\": %.6f}", density, coherence)
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
			read.countDown();
		});
		psi.start();
		try {
			print.printf(Locale.ROOT, "serving the simulated Ψ at http://127.0.0.1:%d/state (the service's PSI_URL)%n",
					psi.getAddress().getPort());
			if (!read.await(firstRead.toMillis(), TimeUnit.MILLISECONDS)) {
				print.printf(Locale.ROOT, "the service has not read it in %d s; is its PSI_URL http://127.0.0.1:%d?%n",
						firstRead.toSeconds(), psiPort);
			}
			play(scenario, steps, seed, print);
		}
		finally {
			psi.stop(0);
		}
	}

	private void play(Scenario scenario, int steps, long seed, PrintStream print) throws IOException, InterruptedException {
		Market market = new Market();
		Workload workload = new Workload(scenario, seed, steps, market);
		double[] regret = new double[steps];
		Baselines.Rules shadowing = rules == null ? null : new Baselines.Rules(rules);
		double[] rulesRegret = new double[steps];
		int agreed = 0;
		double psiGap = 0;
		long start = System.nanoTime();
		for (int t = 0; t < steps; t++) {
			Request r = workload.request(t);
			coherence = r.coherence();
			density = r.density();
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
			if (shadowing != null) {
				decisionBody.put("shadow", true);
			}
			JsonNode decision = post("/decisions", decisionBody);
			String provider = decision.at("/chosen/provider").asString();
			String sku = decision.at("/chosen/sku").asString();
			Offering chosen = offered.stream().filter(o -> o.provider().equals(provider) && o.sku().equals(sku))
				.findFirst().orElseThrow(() -> new IllegalStateException("service chose a candidate it was not offered"));
			regret[t] = best - market.expectedReward(r, chosen);
			psiGap += Math.abs(decision.at("/explanations/psi_coherence").asDouble() - r.coherence())
					+ Math.abs(decision.at("/explanations/psi_density").asDouble() - r.density());
			Offering ran = chosen;
			if (shadowing != null) {
				shadowing.show(r, offered);
				ran = offered.get(shadowing.choose(Featurizer.features(r.context(), r.coherence(), r.density()),
						offered.stream().map(Offering::action).toList(), new SplittableRandom(t)).index());
				rulesRegret[t] = best - market.expectedReward(r, ran);
				agreed += ran.equals(chosen) ? 1 : 0;
			}
			Outcome outcome = market.draw(r, ran, new SplittableRandom(seed * 7_919 + t));
			Map<String, Object> outcomeBody = new LinkedHashMap<>();
			outcomeBody.put("latency_ms", outcome.latencyMs());
			outcomeBody.put("cost", outcome.cost());
			outcomeBody.put("failures", outcome.failures());
			outcomeBody.put("slo_hit", outcome.sloHit());
			Map<String, Object> feedbackBody = new LinkedHashMap<>();
			feedbackBody.put("trace_id", decision.get("trace_id").asString());
			feedbackBody.put("outcome", outcomeBody);
			if (shadowing != null) {
				feedbackBody.put("ran", Map.of("provider", ran.provider(), "sku", ran.sku()));
			}
			post("/feedback", feedbackBody);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		RegretSummary summary = RegretSummary.of("service at " + base, regret, workload.shiftStep());
		String shift = workload.shiftStep() < 0 ? ""
				: String.format(Locale.ROOT, ", after shift %.4f, recovery (decisions) %s", summary.afterShift(),
						summary.recoveryColumn(steps - workload.shiftStep(), true));
		String psi = psiPort == 0 ? ""
				: read.getCount() > 0 ? "; the service never read the simulated Ψ, so how far its Ψ lagged is not known"
						: String.format(Locale.ROOT,
								"; mean gap between the Ψ the service used and the simulated Ψ %.4f (coherence plus density)",
								psiGap / steps);
		print.printf(Locale.ROOT, "%nscenario %s over HTTP, %d decisions, seed %d: mean regret %.4f, last quarter %.4f%s; "
				+ "%.0f decision+feedback pairs/s%s%n", scenario.label(), steps, seed, summary.mean(), summary.lastQuarter(), shift,
				steps / seconds, psi);
		if (shadowing != null) {
			RegretSummary placed = RegretSummary.of(shadowing.name(), rulesRegret, workload.shiftStep());
			print.printf(Locale.ROOT, "shadow mode: %s placed every task; their mean regret %.4f, last quarter %.4f%s, "
					+ "against the service's answers' above, which placed nothing; the service answered the rules' "
					+ "pick on %d of %d%n", shadowing.name(), placed.mean(), placed.lastQuarter(),
					workload.shiftStep() < 0 ? "" : String.format(Locale.ROOT, ", after shift %.4f", placed.afterShift()),
					agreed, steps);
		}
	}

	/**
	 * Sends an empty feedback before any decision: a service that wants a key the driver lacks (or refuses the one
	 * it has) answers 401, and the run stops before it has written decisions that could not be given their feedback.
	 */
	private void checkAccess() throws IOException, InterruptedException {
		HttpResponse<String> response = send("/feedback", Map.of());
		if (response.statusCode() == 401) {
			throw new IllegalStateException("the service at " + base + (apiKey == null
					? " requires its API key for feedback: set AURORA_API_KEY to it" : " refused the AURORA_API_KEY given"));
		}
	}

	private JsonNode post(String path, Object body) throws IOException, InterruptedException {
		HttpResponse<String> response = send(path, body);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body());
	}

	private HttpResponse<String> send(String path, Object body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json");
		if (apiKey != null) {
			request.header("Authorization", "Bearer " + apiKey);
		}
		try {
			return client.send(request.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (ConnectException ex) {
			throw new IOException("cannot connect to the service at " + base + "; is it running there?", ex);
		}
	}

}
