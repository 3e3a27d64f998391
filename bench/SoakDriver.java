import java.io.*;
import java.net.URI;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Open-loop soak driver (bench/soak.sh runs it): decisions at a fixed rate, each timed from when it was due,
 * so that a stall is counted in full. Args: outDir group rate url1[,url2...] [feedbackOtherShare].
 * Decisions go round-robin over the urls; 80% get feedback 0.2–20 s later (to the next url with probability
 * feedbackOtherShare); 3% carry an Idempotency-Key, a third of which are repeated 1–30 s later. Every 30 s it
 * appends a line to outDir/driver_group.csv (count, p50, p99, max of decisions and feedback, status counts);
 * outDir/acks_group.tsv lists every acknowledged decision and feedback.
 */
public class SoakDriver {
  static final String[] REGIONS = {"us-west","us-east","eu-west","ap-south"};
  static final String[][] OFF = {{"akash","A8"},{"vast","V4"},{"ionet","H100"},{"render","R1"},{"lambda","L1"}};
  static class Win { final ConcurrentHashMap<String,AtomicLong> codes = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Long> dLat = new ConcurrentLinkedQueue<>(), fLat = new ConcurrentLinkedQueue<>();
    void code(String k){ codes.computeIfAbsent(k, x->new AtomicLong()).incrementAndGet(); } }
  static volatile Win win = new Win();
  static final AtomicInteger inflight = new AtomicInteger();
  static final AtomicLong seq = new AtomicLong();
  static PrintWriter acks;
  static synchronized void ack(String s){ acks.println(s); }
  static final ScheduledExecutorService sched = Executors.newScheduledThreadPool(2);
  static final Random rnd = new Random(42);
  static HttpClient client;
  static String[] urls; static double other;
  static final int MAX_INFLIGHT = 400;

  public static void main(String[] a) throws Exception {
    String out = a[0], group = a[1]; double rate = Double.parseDouble(a[2]); urls = a[3].split(",");
    other = a.length > 4 ? Double.parseDouble(a[4]) : 0;
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    acks = new PrintWriter(new BufferedWriter(new FileWriter(out + "/acks_" + group + ".tsv", true), 1 << 16));
    PrintWriter csv = new PrintWriter(new FileWriter(out + "/driver_" + group + ".csv", true), true);
    csv.println("utc,epoch,dec_n,dec_p50_ms,dec_p99_ms,dec_max_ms,fb_n,fb_p50_ms,fb_p99_ms,fb_max_ms,inflight,codes");
    sched.scheduleAtFixedRate(() -> {
      Win w = win; win = new Win();
      long[] d = sorted(w.dLat), f = sorted(w.fLat);
      StringBuilder c = new StringBuilder(); new TreeMap<>(w.codes).forEach((k,v)->c.append(k).append('=').append(v).append(' '));
      csv.printf(Locale.ROOT, "%s,%d,%d,%.2f,%.2f,%.2f,%d,%.2f,%.2f,%.2f,%d,%s%n", Instant.now().toString(), System.currentTimeMillis()/1000,
        d.length, q(d,.5), q(d,.99), q(d,1), f.length, q(f,.5), q(f,.99), q(f,1), inflight.get(), c.toString().trim());
      synchronized (SoakDriver.class) { acks.flush(); }
    }, 30, 30, TimeUnit.SECONDS);
    long periodNs = (long)(1e9 / rate); long next = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      if (now < next) { long s = next - now; Thread.sleep(s / 1_000_000, (int)(s % 1_000_000)); }
      long intended = next; next += periodNs;
      if (System.nanoTime() - next > 5_000_000_000L) next = System.nanoTime(); // don't burst after a long stall
      long i = seq.getAndIncrement();
      if (inflight.get() >= MAX_INFLIGHT) { win.code("dec_dropped"); continue; }
      decide(i, intended);
    }
  }
  static long[] sorted(Collection<Long> c){ long[] r = c.stream().mapToLong(Long::longValue).toArray(); Arrays.sort(r); return r; }
  static double q(long[] s, double p){ if (s.length==0) return Double.NaN; int k = (int)Math.ceil(p*s.length)-1; return s[Math.max(0,k)]/1e6; }
  static String body(long k) {
    StringBuilder cands = new StringBuilder(); int count = 2 + (int)(k % 4);
    for (int c = 0; c < count; c++) { String[] o = OFF[(int)((k + c) % OFF.length)];
      cands.append(c==0?"":",").append("{\"provider\":\"").append(o[0]).append("\",\"sku\":\"").append(o[1]).append("\"}"); }
    return "{\"task_id\":\"soak-" + k + "\",\"context\":{\"cpu\":" + (2 << (k % 5)) + ",\"memory_gb\":" + (8 << (k % 4))
      + ",\"latency_ms\":" + (40 + k % 200) + ",\"region\":\"" + REGIONS[(int)(k % 4)] + "\"},\"candidates\":[" + cands + "]}";
  }
  static String trace(String b){ int p = b.indexOf("\"trace_id\":\""); return p < 0 ? null : b.substring(p+12, b.indexOf('"', p+12)); }
  static void decide(long i, long intended) {
    int ri = (int)(i % urls.length); String url = urls[ri];
    double r; synchronized (rnd) { r = rnd.nextDouble(); }
    String key = r < 0.03 ? "soak-" + UUID.randomUUID() : null;
    String b = body(i);
    send(url, b, key, intended, false, null, ri);
  }
  static void send(String url, String b, String key, long intended, boolean repeat, String firstTrace, int ri) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url + "/decisions")).timeout(Duration.ofSeconds(15))
      .header("Content-Type","application/json").POST(HttpRequest.BodyPublishers.ofString(b));
    if (key != null) rb.header("Idempotency-Key", key);
    inflight.incrementAndGet();
    client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((resp, ex) -> {
      inflight.decrementAndGet(); long lat = System.nanoTime() - intended; Win w = win;
      if (ex != null) { w.code("dec_exc_" + ex.getClass().getSimpleName()); return; }
      w.dLat.add(lat); int st = resp.statusCode();
      String t = st == 200 ? trace(resp.body()) : null;
      if (repeat) {
        boolean replayed = resp.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
        w.code("idem_repeat_" + st + (st == 200 ? (replayed && firstTrace.equals(t) ? "_same" : "_MISMATCH") : ""));
        if (st != 200) ack("R\t" + System.currentTimeMillis() + "\t" + key + "\t" + st + "\t" + resp.body().replace('\t',' ').replace('\n',' '));
        return;
      }
      w.code("dec_" + st + (key != null ? "_keyed" : ""));
      if (st != 200 || t == null) { ack("E\t" + System.currentTimeMillis() + "\t" + st + "\t" + resp.body().replace('\t',' ').replace('\n',' ')); return; }
      ack("D\t" + System.currentTimeMillis() + "\t" + t + "\t" + ri + (key != null ? "\t" + key : ""));
      double r1, r2, r3; synchronized (rnd) { r1 = rnd.nextDouble(); r2 = rnd.nextDouble(); r3 = rnd.nextDouble(); }
      if (key != null && r3 < 0.34) { // repeat the same key+body, on another replica when there is one
        int rj = (ri + 1) % urls.length;
        sched.schedule(() -> send(urls[rj], b, key, System.nanoTime(), true, t, rj), 1 + (long)(r3 * 30), TimeUnit.SECONDS);
      }
      if (r1 < 0.8) {
        int fj = (urls.length > 1 && r2 < other) ? (ri + 1) % urls.length : ri;
        long delayMs = 200 + (long)(r2 * 19800);
        sched.schedule(() -> feedback(urls[fj], t, fj), delayMs, TimeUnit.MILLISECONDS);
      }
    });
  }
  static void feedback(String url, String t, int fj) {
    long k = seq.get(); long intended = System.nanoTime();
    String b = "{\"trace_id\":\"" + t + "\",\"outcome\":{\"latency_ms\":" + (20 + k % 200) + ",\"cost\":" + ((k % 50) / 100.0)
      + ",\"failures\":" + (k % 7 == 0 ? 1 : 0) + ",\"slo_hit\":" + (k % 5 != 0) + "}}";
    HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/feedback")).timeout(Duration.ofSeconds(15))
      .header("Content-Type","application/json").POST(HttpRequest.BodyPublishers.ofString(b)).build();
    inflight.incrementAndGet();
    client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, ex) -> {
      inflight.decrementAndGet(); Win w = win;
      if (ex != null) { w.code("fb_exc_" + ex.getClass().getSimpleName()); ack("F\t" + System.currentTimeMillis() + "\t" + t + "\texc\t" + fj); return; }
      w.fLat.add(System.nanoTime() - intended); w.code("fb_" + resp.statusCode());
      ack("F\t" + System.currentTimeMillis() + "\t" + t + "\t" + resp.statusCode() + "\t" + fj);
      if (resp.statusCode() != 200) ack("X\t" + System.currentTimeMillis() + "\t" + t + "\t" + resp.body().replace('\t',' ').replace('\n',' '));
    });
  }
}
