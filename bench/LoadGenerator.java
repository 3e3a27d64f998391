import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load generator: N connections, each sending its next request as soon as the last one
 * is answered, for a fixed time per phase. Phases: GET /healthz (the framework ceiling), POST
 * /decisions, POST /feedback (one per trace id collected by earlier decisions; before each feedback
 * phase untimed decisions top the reserve up to twice what the decisions phase produced, so the
 * feedback phase does not run out early). After the fixed warm-ups it alternates decisions and
 * feedback until the service's JIT compiler is nearly idle. Prints successful requests/s with
 * p50/p99, the phase's length, each process's CPU time per request, and the ratios to /healthz.
 * With {@code --only keyed} it alternates plain decisions and decisions with a fresh
 * {@code Idempotency-Key} each, and reports the keyed ones' throughput as a share of the plain ones'.
 * Run: {@code java bench/LoadGenerator.java --url http://127.0.0.1:18090 --connections 16 --duration 15}.
 */
public class LoadGenerator {

	private static final String TRACE_KEY = "\"trace_id\":\"";

	/** A request unanswered this long counts as an error, so a stalled service cannot hang a phase. */
	private static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(10);

	private static final String[] REGIONS = { "us-west", "us-east", "eu-west", "ap-south" };

	private static final String[][] OFFERINGS = { { "akash", "A8" }, { "vast", "V4" }, { "ionet", "H100" },
			{ "render", "R1" }, { "lambda", "L1" } };

	record Result(String phase, long requests, long errors, double seconds, long p50, long p99, long max, long[] cpuNanos) {

		double rate() {
			return requests / seconds;
		}

	}

	interface Call {

		HttpRequest next(int worker, long i);

	}

	public static void main(String[] args) throws Exception {
		String url = option(args, "--url", "http://127.0.0.1:18090");
		int connections = Integer.parseInt(option(args, "--connections", "16"));
		int duration = Integer.parseInt(option(args, "--duration", "15"));
		int warmup = Integer.parseInt(option(args, "--warmup", "5"));
		ConcurrentLinkedQueue<String> traces = new ConcurrentLinkedQueue<>();
		parsePids(option(args, "--pids", ""));
		Call healthz = (w, i) -> HttpRequest.newBuilder(URI.create(url + "/healthz")).timeout(REQUEST_TIMEOUT).GET().build();
		Call decide = (w, i) -> post(url + "/decisions", decision(w, i));
		Call feedback = (w, i) -> {
			String trace = traces.poll();
			return trace == null ? null : post(url + "/feedback", "{\"trace_id\":\"" + trace
					+ "\",\"outcome\":{\"latency_ms\":" + (20 + i % 200) + ",\"cost\":0.12,\"failures\":0,\"slo_hit\":true}}");
		};
		System.out.printf(Locale.ROOT, "%d connections, %d s warm-up then %d s per phase against %s%n", connections, warmup,
				duration, url);
		if (option(args, "--only", "").equals("decisions")) {
			run("warm-up", decide, connections, warmup, null);
			int phases = Integer.parseInt(option(args, "--rounds", "1"));
			for (int phase = 0; phase < phases; phase++) {
				String at = phases == 1 ? ""
						: java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").format(java.time.LocalTime.now(java.time.ZoneOffset.UTC)) + " ";
				run(at + "POST /decisions", decide, connections, duration, traces);
			}
			return;
		}
		if (option(args, "--only", "").equals("keyed")) {
			compareKeyed(url, decide, connections, warmup, duration, Integer.parseInt(option(args, "--rounds", "3")));
			return;
		}
		if (option(args, "--only", "").equals("feedback")) {
			run("warm-up", decide, connections, warmup, traces);
			run("warm-up", feedback, connections, warmup, null);
			run("warm-up", decide, connections, duration, traces);
			run("POST /feedback", feedback, connections, duration, null);
			return;
		}
		int rounds = Integer.parseInt(option(args, "--rounds", "3"));
		run("warm-up", healthz, connections, warmup, null);
		run("warm-up", decide, connections, warmup, traces);
		run("warm-up", feedback, connections, warmup / 2, null);
		settle(decide, feedback, connections, traces);
		List<Result[]> results = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			Result h = run("GET /healthz", healthz, connections, duration, null);
			Result d = run("POST /decisions", decide, connections, duration, traces);
			while (traces.size() < 2 * d.rate() * duration) {
				run("warm-up", decide, connections, 1, traces);
			}
			Result f = run("POST /feedback", feedback, connections, duration, null);
			results.add(new Result[] { h, d, f });
		}
		System.out.println();
		System.out.println("| round | endpoint | requests/s | p50 ms | p99 ms | max ms | errors | vs /healthz of the round |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
		double[][] ratios = new double[2][rounds];
		for (int round = 0; round < rounds; round++) {
			Result[] r = results.get(round);
			for (int e = 0; e < 3; e++) {
				System.out.printf(Locale.ROOT, "| %d | %s | %.0f | %.2f | %.2f | %.1f | %d | %.0f%% |%n", round + 1, r[e].phase(),
						r[e].rate(), r[e].p50() / 1e6, r[e].p99() / 1e6, r[e].max() / 1e6, r[e].errors(),
						100 * r[e].rate() / r[0].rate());
			}
			ratios[0][round] = r[1].rate() / r[0].rate();
			ratios[1][round] = r[2].rate() / r[0].rate();
		}
		Arrays.sort(ratios[0]);
		Arrays.sort(ratios[1]);
		System.out.printf(Locale.ROOT, "%nmedian over %d rounds: /decisions %.0f%% of /healthz, /feedback %.0f%% of /healthz%n",
				rounds, 100 * median(ratios[0]), 100 * median(ratios[1]));
	}

	/**
	 * Alternates decisions without and with a fresh {@code Idempotency-Key} each (which the service claims
	 * before deciding: one more group-committed write per decision), and prints the keyed
	 * phase's throughput as a share of the plain one's in the same round.
	 */
	private static void compareKeyed(String url, Call decide, int connections, int warmup, int duration, int rounds)
			throws Exception {
		String run = java.util.UUID.randomUUID().toString();
		AtomicLong sent = new AtomicLong();
		Call keyed = (w, i) -> post(url + "/decisions", decision(w, i), "Idempotency-Key", run + "-" + sent.incrementAndGet());
		run("warm-up", decide, connections, warmup, null);
		run("warm-up", keyed, connections, warmup, null);
		double[] ratios = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			Result plain = run("POST /decisions", decide, connections, duration, null);
			Result withKey = run("keyed /decisions", keyed, connections, duration, null);
			ratios[round] = withKey.rate() / plain.rate();
			System.out.printf(Locale.ROOT, "round %d: keyed decisions at %.0f%% of plain ones, p99 %.2f ms against %.2f ms%n",
					round + 1, 100 * ratios[round], withKey.p99() / 1e6, plain.p99() / 1e6);
		}
		Arrays.sort(ratios);
		System.out.printf(Locale.ROOT, "%nmedian over %d rounds: keyed decisions at %.0f%% of plain ones%n", rounds,
				100 * median(ratios));
	}

	/**
	 * Warms up until the service is in steady state: alternates 5 s of decisions and of feedback until
	 * the service's JIT-compiler threads used under 2% of its CPU in one such cycle (at most 120 s).
	 */
	private static void settle(Call decide, Call feedback, int connections, ConcurrentLinkedQueue<String> traces)
			throws Exception {
		int service = CPU_NAMES.indexOf("service");
		if (servicePid < 0 || service < 0) {
			return;
		}
		long start = System.nanoTime();
		double share;
		do {
			Result d = run("warm-up", decide, connections, 5, traces);
			Result f = run("warm-up", feedback, connections, 5, null);
			long jit = d.cpuNanos()[CPU_NAMES.size() - 2] + f.cpuNanos()[CPU_NAMES.size() - 2];
			share = (double) jit / Math.max(1, d.cpuNanos()[service] + f.cpuNanos()[service]);
		}
		while (share >= 0.02 && System.nanoTime() - start < Duration.ofSeconds(120).toNanos());
		System.out.printf(Locale.ROOT, "steady state after %.0f s more warm-up: JIT %.1f%% of the service's CPU in the last 10 s%n",
				(System.nanoTime() - start) / 1e9, 100 * share);
	}

	private static Result run(String phase, Call call, int connections, int seconds, ConcurrentLinkedQueue<String> traces)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		AtomicLong errors = new AtomicLong();
		List<Future<long[]>> workers = new ArrayList<>();
		if (!"warm-up".equals(phase)) {
			System.out.println("measuring " + phase);
		}
		long[] cpuBefore = cpu();
		long start = System.nanoTime();
		for (int w = 0; w < connections; w++) {
			int worker = w;
			workers.add(pool.submit(() -> {
				HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
				long[] latencies = new long[1 << 16];
				int n = 0;
				for (long i = 0; System.nanoTime() < deadline; i++) {
					HttpRequest request = call.next(worker, i);
					if (request == null) {
						break;
					}
					long t0 = System.nanoTime();
					HttpResponse<String> response;
					try {
						response = client.send(request, HttpResponse.BodyHandlers.ofString());
					}
					catch (java.io.IOException ex) {
						errors.incrementAndGet();
						continue;
					}
					long elapsed = System.nanoTime() - t0;
					if (response.statusCode() != 200) {
						errors.incrementAndGet();
						continue;
					}
					if (traces != null) {
						String body = response.body();
						int at = body.indexOf(TRACE_KEY);
						if (at >= 0) {
							int from = at + TRACE_KEY.length();
							traces.add(body.substring(from, body.indexOf('"', from)));
						}
					}
					if (n == latencies.length) {
						latencies = Arrays.copyOf(latencies, n * 2);
					}
					latencies[n++] = elapsed;
				}
				return Arrays.copyOf(latencies, n);
			}));
		}
		List<long[]> all = new ArrayList<>();
		for (Future<long[]> f : workers) {
			all.add(f.get());
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		long[] cpuUsed = cpu();
		for (int p = 0; p < cpuUsed.length; p++) {
			cpuUsed[p] -= cpuBefore[p];
		}
		pool.shutdown();
		long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		if (merged.length == 0) {
			return new Result(phase, 0, errors.get(), elapsed, 0, 0, 0, cpuUsed);
		}
		Result r = new Result(phase, merged.length, errors.get(), elapsed, percentile(merged, 0.50),
				percentile(merged, 0.99), merged[merged.length - 1], cpuUsed);
		if (!"warm-up".equals(phase)) {
			StringBuilder perRequest = new StringBuilder();
			for (int p = 0; p < cpuUsed.length; p++) {
				perRequest.append(String.format(Locale.ROOT, "  %s %.0f", CPU_NAMES.get(p), cpuUsed[p] / 1e3 / merged.length));
			}
			System.out.printf(Locale.ROOT,
					"%-16s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %6.1f ms  errors %d  %.1f s  CPU µs/request:%s%n", phase,
					r.rate(), r.p50() / 1e6, r.p99() / 1e6, r.max() / 1e6, r.errors(), r.seconds(), perRequest);
		}
		return r;
	}

	private static final List<String> CPU_NAMES = new ArrayList<>(List.of("generator"));

	private static final List<long[]> CPU_PIDS = new ArrayList<>();

	/** The service's JVM, whose JIT-compiler and garbage-collector threads are also reported on their own. */
	private static long servicePid = -1;

	/** Parses {@code name=pid+pid,name=pid}: processes whose CPU time is reported per request. */
	private static void parsePids(String spec) {
		for (String part : spec.split(",")) {
			String[] kv = part.split("=");
			if (kv.length == 2) {
				CPU_NAMES.add(kv[0]);
				CPU_PIDS.add(Arrays.stream(kv[1].split("\\+")).filter(x -> !x.isBlank()).mapToLong(Long::parseLong).toArray());
				if ("service".equals(kv[0])) {
					servicePid = CPU_PIDS.get(CPU_PIDS.size() - 1)[0];
				}
			}
		}
		if (servicePid > 0) {
			CPU_NAMES.add("(of which JIT");
			CPU_NAMES.add("GC)");
		}
	}

	/** CPU ticks of one process's threads whose names start with any of {@code prefixes}, in nanoseconds. */
	private static long threadCpu(long pid, String... prefixes) {
		long total = 0;
		try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
			for (java.nio.file.Path task : tasks.toList()) {
				try {
					String stat = java.nio.file.Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					if (Arrays.stream(prefixes).anyMatch(name::startsWith)) {
						String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
					}
				}
				catch (java.io.IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (java.io.IOException ex) {
			// not on Linux, or the process is gone
		}
		return total;
	}

	/** CPU time used so far by this generator and by each named group of processes (Linux /proc, 100 Hz ticks). */
	private static long[] cpu() {
		long[] result = new long[CPU_NAMES.size()];
		result[0] = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
		for (int g = 0; g < CPU_PIDS.size(); g++) {
			for (long pid : CPU_PIDS.get(g)) {
				try {
					String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
					String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					result[g + 1] += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
				}
				catch (java.io.IOException | RuntimeException ex) {
					// the process is gone or not on Linux: report what can be read
				}
			}
		}
		if (servicePid > 0) {
			result[result.length - 2] = threadCpu(servicePid, "C1 CompilerThre", "C2 CompilerThre");
			result[result.length - 1] = threadCpu(servicePid, "GC Thread", "G1 ", "VM Thread");
		}
		return result;
	}

	private static String decision(int worker, long i) {
		long k = worker * 1_000_003L + i;
		StringBuilder candidates = new StringBuilder();
		int count = 2 + (int) (k % 4);
		for (int c = 0; c < count; c++) {
			String[] o = OFFERINGS[(int) ((k + c) % OFFERINGS.length)];
			candidates.append(c == 0 ? "" : ",").append("{\"provider\":\"").append(o[0]).append("\",\"sku\":\"")
				.append(o[1]).append("\"}");
		}
		return "{\"task_id\":\"load-" + k + "\",\"context\":{\"cpu\":" + (2 << (k % 5)) + ",\"memory_gb\":" + (8 << (k % 4))
				+ ",\"latency_ms\":" + (40 + k % 200) + ",\"region\":\"" + REGIONS[(int) (k % REGIONS.length)]
				+ "\"},\"candidates\":[" + candidates + "]}";
	}

	/** The median of sorted values: the middle one, or the mean of the middle two. */
	private static double median(double[] sorted) {
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/** The nearest-rank percentile: the smallest sample at or above {@code q} of them all. */
	private static long percentile(long[] sorted, double q) {
		return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
	}

	/** A JSON POST, with more headers given as name, value, name, value... */
	private static HttpRequest post(String url, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json");
		if (headers.length > 0) {
			request.headers(headers);
		}
		return request.POST(HttpRequest.BodyPublishers.ofString(json)).build();
	}

	private static String option(String[] args, String name, String fallback) {
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals(name)) {
				return args[i + 1];
			}
		}
		return fallback;
	}

}
