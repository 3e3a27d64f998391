// Usage: java bench/ScrapeFlood.java http://127.0.0.1:PORT/metrics SERVICE_PID SECONDS [CONNECTIONS, default 16] (after a 3 s warm-up).
import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/** Floods one URL from 16 connections (or as many as given) for a few seconds and reports requests/s and the service's CPU per request. */
public class ScrapeFlood {
	static long cpuTicks(long pid) throws Exception {
		String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
		return Long.parseLong(f[11]) + Long.parseLong(f[12]);
	}
	public static void main(String[] a) throws Exception {
		if (a.length != 3 && a.length != 4) {
			System.err.println("usage: java bench/ScrapeFlood.java URL SERVICE_PID SECONDS [CONNECTIONS]");
			System.exit(2);
		}
		String url = a[0]; long pid = Long.parseLong(a[1]); int seconds = Integer.parseInt(a[2]);
		int connections = a.length == 4 ? Integer.parseInt(a[3]) : 16;
		HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		AtomicLong n = new AtomicLong(); AtomicBoolean stop = new AtomicBoolean();
		ExecutorService pool = Executors.newFixedThreadPool(connections);
		HttpRequest r = HttpRequest.newBuilder(URI.create(url)).build();
		for (int i = 0; i < connections; i++) pool.submit(() -> { while (!stop.get()) { try { c.send(r, HttpResponse.BodyHandlers.discarding()); n.incrementAndGet(); } catch (Exception e) { } } return null; });
		Thread.sleep(3000); long n0 = n.get(); long t0 = cpuTicks(pid); long s0 = System.nanoTime();
		Thread.sleep(seconds * 1000L); long n1 = n.get(); long t1 = cpuTicks(pid); double secs = (System.nanoTime() - s0) / 1e9;
		stop.set(true); pool.shutdown();
		long reqs = n1 - n0; double cpuUs = (t1 - t0) * 10_000.0 / reqs;
		System.out.printf("%s: %.0f req/s, service CPU %.0f µs/request%n", url, reqs / secs, cpuUs);
		System.exit(0);
	}
}
