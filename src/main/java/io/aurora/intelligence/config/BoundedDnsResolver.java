package io.aurora.intelligence.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves neighbour host names so that a slow or dead DNS server cannot hold a call past its bound:
 * lookups run on a thread of their own, answers are kept and served at once, and an answer older than
 * {@value #REFRESH_AFTER_S} s is refreshed in the background while it is still served. Only the first
 * lookup of a host waits, and at most the bound; a failed refresh keeps the last addresses. (A hard
 * deadline cannot stop a lookup: the JDK's resolver ignores interrupts and closed sockets.)
 */
final class BoundedDnsResolver implements DnsResolver {

	static final int REFRESH_AFTER_S = 30;

	/** Resolves one host name, blocking. */
	@FunctionalInterface
	interface Lookup {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	private static final Executor LOOKUPS = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "dns-lookup");
		t.setDaemon(true);
		return t;
	});

	private final Lookup lookup;

	private final long boundNanos;

	private final LongSupplier nanoClock;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<InetAddress[]>> inFlight = new ConcurrentHashMap<>();

	BoundedDnsResolver(long boundNanos) {
		this(SystemDefaultDnsResolver.INSTANCE::resolve, boundNanos, System::nanoTime);
	}

	BoundedDnsResolver(Lookup lookup, long boundNanos, LongSupplier nanoClock) {
		this.lookup = lookup;
		this.boundNanos = boundNanos;
		this.nanoClock = nanoClock;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		Answer known = answers.get(host);
		if (known != null) {
			if (nanoClock.getAsLong() - known.at() > TimeUnit.SECONDS.toNanos(REFRESH_AFTER_S)) {
				lookUp(host);
			}
			return known.addresses().clone();
		}
		long wait = CallDeadline.remainingNanos(boundNanos);
		try {
			return lookUp(host).get(Math.max(wait, 0), TimeUnit.NANOSECONDS).clone();
		}
		catch (TimeoutException ex) {
			throw new UnknownHostException(host + ": no DNS answer within " + TimeUnit.NANOSECONDS.toMillis(Math.max(wait, 0))
					+ " ms" + (wait < boundNanos ? ", what was left of the call" : ""));
		}
		catch (ExecutionException ex) {
			throw ex.getCause() instanceof UnknownHostException unknown ? unknown
					: new UnknownHostException(host + ": " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnknownHostException(host + ": interrupted while resolving");
		}
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
	}

	/** The lookup of {@code host} in flight, started if there is none; a success replaces the kept answer. */
	private CompletableFuture<InetAddress[]> lookUp(String host) {
		CompletableFuture<InetAddress[]> started = new CompletableFuture<>();
		CompletableFuture<InetAddress[]> running = inFlight.putIfAbsent(host, started);
		if (running != null) {
			return running;
		}
		LOOKUPS.execute(() -> {
			InetAddress[] addresses;
			try {
				addresses = lookup.resolve(host);
				answers.put(host, new Answer(addresses, nanoClock.getAsLong()));
			}
			catch (Throwable ex) {
				inFlight.remove(host, started);
				started.completeExceptionally(ex);
				return;
			}
			// Done before completing, so that a caller who sees the answer can start the next refresh.
			inFlight.remove(host, started);
			started.complete(addresses);
		});
		return started;
	}

	private record Answer(InetAddress[] addresses, long at) {
	}

}
