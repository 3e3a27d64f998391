import java.io.BufferedWriter;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop soak driver (bench/soak.sh runs it): decisions at a fixed rate, each timed from when it was due,
 * so that a stall is counted in full. Args: outDir group rate url1[,url2...] [feedbackOtherShare].
 * Decisions go round-robin over the urls; 80% get feedback 0.2–20 s later (to the next url with probability
 * feedbackOtherShare); 3% carry an Idempotency-Key, a third of which are repeated 1–30 s later. Every 30 s it
 * appends a line to outDir/driver_group.csv (count, p50, p99, max of decisions and feedback, status counts);
 * outDir/acks_group.tsv lists every acknowledged decision and feedback.
 */
public class SoakDriver {

	private static final String[] REGIONS = { "us-west", "us-east", "eu-west", "ap-south" };

	private static final String[][] OFFERS = { { "akash", "A8" }, { "vast", "V4" }, { "ionet", "H100" },
			{ "render", "R1" }, { "lambda", "L1" } };

	private static final String TRACE_KEY = "\"trace_id\":\"";

	/** Requests in flight past which a due decision is dropped (and counted) rather than sent. */
	private static final int MAX_IN_FLIGHT = 400;

	private static final AtomicInteger inFlight = new AtomicInteger();

	private static final AtomicLong sequence = new AtomicLong();

	private static final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);

	private static final Random random = new Random(42);

	private static volatile Window window = new Window();

	private static PrintWriter acks;

	private static HttpClient client;

	private static String[] urls;

	private static double feedbackElsewhere;

	/** One 30 s window's latencies (ns) and status counts. */
	private static final class Window {

		final ConcurrentHashMap<String, AtomicLong> codes = new ConcurrentHashMap<>();

		final ConcurrentLinkedQueue<Long> decisions = new ConcurrentLinkedQueue<>();

		final ConcurrentLinkedQueue<Long> feedback = new ConcurrentLinkedQueue<>();

		void count(String code) {
			codes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
		}

	}

	public static void main(String[] args) throws Exception {
		String out = args[0];
		String group = args[1];
		double rate = Double.parseDouble(args[2]);
		urls = args[3].split(",");
		feedbackElsewhere = args.length > 4 ? Double.parseDouble(args[4]) : 0;
		client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
		acks = new PrintWriter(new BufferedWriter(new FileWriter(out + "/acks_" + group + ".tsv", true), 1 << 16));
		PrintWriter csv = new PrintWriter(new FileWriter(out + "/driver_" + group + ".csv", true), true);
		csv.println("utc,epoch,dec_n,dec_p50_ms,dec_p99_ms,dec_max_ms,fb_n,fb_p50_ms,fb_p99_ms,fb_max_ms,inflight,codes");
		later.scheduleAtFixedRate(() -> report(csv), 30, 30, TimeUnit.SECONDS);
		long periodNanos = (long) (1e9 / rate);
		long next = System.nanoTime();
		while (true) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			long due = next;
			next += periodNanos;
			if (System.nanoTime() - next > 5_000_000_000L) {
				// After a long stall of the driver itself, go on from now instead of sending a burst.
				next = System.nanoTime();
			}
			long i = sequence.getAndIncrement();
			if (inFlight.get() >= MAX_IN_FLIGHT) {
				window.count("dec_dropped");
				continue;
			}
			double keyDraw;
			synchronized (random) {
				keyDraw = random.nextDouble();
			}
			decide((int) (i % urls.length), body(i), keyDraw < 0.03 ? "soak-" + UUID.randomUUID() : null, due, null);
		}
	}

	/** Appends the window that ends now to the CSV, and flushes the acknowledgements. */
	private static void report(PrintWriter csv) {
		Window ended = window;
		window = new Window();
		long[] d = sorted(ended.decisions);
		long[] f = sorted(ended.feedback);
		StringBuilder codes = new StringBuilder();
		new TreeMap<>(ended.codes).forEach((code, n) -> codes.append(code).append('=').append(n).append(' '));
		csv.printf(Locale.ROOT, "%s,%d,%d,%.2f,%.2f,%.2f,%d,%.2f,%.2f,%.2f,%d,%s%n", Instant.now(),
				System.currentTimeMillis() / 1000, d.length, quantile(d, .5), quantile(d, .99), quantile(d, 1), f.length,
				quantile(f, .5), quantile(f, .99), quantile(f, 1), inFlight.get(), codes.toString().trim());
		ack(null);
	}

	/** Writes one line of acknowledgements; {@code null} flushes them. */
	private static synchronized void ack(String line) {
		if (line == null) {
			acks.flush();
		}
		else {
			acks.println(line);
		}
	}

	private static long[] sorted(Collection<Long> nanos) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		return sorted;
	}

	/** The nearest-rank quantile in ms, NaN for an empty window. */
	private static double quantile(long[] sorted, double q) {
		return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
	}

	/** Decision {@code i}: 2–5 candidates and a context that varies with it. */
	private static String body(long i) {
		StringBuilder candidates = new StringBuilder();
		for (int c = 0; c < 2 + i % 4; c++) {
			String[] offer = OFFERS[(int) ((i + c) % OFFERS.length)];
			candidates.append(c == 0 ? "" : ",").append("{\"provider\":\"").append(offer[0]).append("\",\"sku\":\"")
				.append(offer[1]).append("\"}");
		}
		return "{\"task_id\":\"soak-" + i + "\",\"context\":{\"cpu\":" + (2 << (i % 5)) + ",\"memory_gb\":" + (8 << (i % 4))
				+ ",\"latency_ms\":" + (40 + i % 200) + ",\"region\":\"" + REGIONS[(int) (i % 4)] + "\"},\"candidates\":["
				+ candidates + "]}";
	}

	private static String traceId(String answer) {
		int at = answer.indexOf(TRACE_KEY);
		return at < 0 ? null : answer.substring(at + TRACE_KEY.length(), answer.indexOf('"', at + TRACE_KEY.length()));
	}

	private static String oneLine(String body) {
		return body.replace('\t', ' ').replace('\n', ' ');
	}

	/**
	 * Sends a decision due at {@code due} to {@code urls[url]}; {@code firstTrace} is the first answer's trace when it
	 * repeats a keyed decision, whose answer must then be that one, replayed.
	 */
	private static void decide(int url, String body, String key, long due, String firstTrace) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls[url] + "/decisions")).timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		inFlight.incrementAndGet();
		client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, ex) -> {
			inFlight.decrementAndGet();
			Window now = window;
			if (ex != null) {
				now.count("dec_exc_" + ex.getClass().getSimpleName());
				return;
			}
			now.decisions.add(System.nanoTime() - due);
			int status = response.statusCode();
			String trace = status == 200 ? traceId(response.body()) : null;
			if (firstTrace != null) {
				boolean replayed = response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
				now.count("idem_repeat_" + status + (status == 200 ? (replayed && firstTrace.equals(trace) ? "_same" : "_MISMATCH") : ""));
				if (status != 200) {
					ack("R\t" + System.currentTimeMillis() + "\t" + key + "\t" + status + "\t" + oneLine(response.body()));
				}
				return;
			}
			now.count("dec_" + status + (key != null ? "_keyed" : ""));
			if (status != 200 || trace == null) {
				ack("E\t" + System.currentTimeMillis() + "\t" + status + "\t" + oneLine(response.body()));
				return;
			}
			ack("D\t" + System.currentTimeMillis() + "\t" + trace + "\t" + url + (key != null ? "\t" + key : ""));
			followUp(url, body, key, trace);
		});
	}

	/** Schedules an answered decision's feedback (80%) and, for a keyed one, its repeat (a third). */
	private static void followUp(int url, String body, String key, String trace) {
		double feedbackDraw;
		double placeDraw;
		double repeatDraw;
		synchronized (random) {
			feedbackDraw = random.nextDouble();
			placeDraw = random.nextDouble();
			repeatDraw = random.nextDouble();
		}
		if (key != null && repeatDraw < 0.34) {
			// The same key and body, on another replica when there is one.
			int other = (url + 1) % urls.length;
			later.schedule(() -> decide(other, body, key, System.nanoTime(), trace), 1 + (long) (repeatDraw * 30), TimeUnit.SECONDS);
		}
		if (feedbackDraw < 0.8) {
			int to = urls.length > 1 && placeDraw < feedbackElsewhere ? (url + 1) % urls.length : url;
			later.schedule(() -> feedback(to, trace), 200 + (long) (placeDraw * 19_800), TimeUnit.MILLISECONDS);
		}
	}

	private static void feedback(int url, String trace) {
		long k = sequence.get();
		long sent = System.nanoTime();
		String body = "{\"trace_id\":\"" + trace + "\",\"outcome\":{\"latency_ms\":" + (20 + k % 200) + ",\"cost\":"
				+ ((k % 50) / 100.0) + ",\"failures\":" + (k % 7 == 0 ? 1 : 0) + ",\"slo_hit\":" + (k % 5 != 0) + "}}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(urls[url] + "/feedback")).timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
		inFlight.incrementAndGet();
		client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, ex) -> {
			inFlight.decrementAndGet();
			Window now = window;
			if (ex != null) {
				now.count("fb_exc_" + ex.getClass().getSimpleName());
				ack("F\t" + System.currentTimeMillis() + "\t" + trace + "\texc\t" + url);
				return;
			}
			now.feedback.add(System.nanoTime() - sent);
			now.count("fb_" + response.statusCode());
			ack("F\t" + System.currentTimeMillis() + "\t" + trace + "\t" + response.statusCode() + "\t" + url);
			if (response.statusCode() != 200) {
				ack("X\t" + System.currentTimeMillis() + "\t" + trace + "\t" + oneLine(response.body()));
			}
		});
	}

}
