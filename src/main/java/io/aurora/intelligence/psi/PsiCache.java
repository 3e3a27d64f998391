package io.aurora.intelligence.psi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import io.aurora.intelligence.config.HttpServiceClients;
import io.aurora.intelligence.config.Periodic;
import io.aurora.intelligence.config.TlsFailures;
import io.aurora.intelligence.telemetry.MetricNames;
import io.aurora.intelligence.telemetry.Telemetry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.UnknownContentTypeException;

/**
 * Serves Ψ readings without ever blocking a decision on the Ψ-field. A background task refreshes the
 * reading every half TTL; a lookup that finds no fresh reading counts as a miss, asks for an early
 * refresh (at most one a second), and is served the last good reading, or the neutral 0.5/0.5 before
 * any exists.
 */
public class PsiCache implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PsiCache.class);

	/** A miss asks for an early refresh at most this often, so a dead Ψ-field is not hammered. */
	static final long EARLY_REFRESH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** While fetches fail, a change in why is logged at most this often, so a flapping cause does not flood the log. */
	static final long REASON_CHANGE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final PsiClient client;

	private final Telemetry telemetry;

	private final long ttlNanos;

	private final LongSupplier nanoClock;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile @Nullable Fetched last;

	private volatile boolean lastFetchFailed;

	/** The reason the last WARN gave, and when, while fetches fail; a new reason is logged at most once a minute. */
	private @Nullable String warnedReason;

	private long warnedAt;

	/** Set while the service stops: what a fetch fails with then is the stop's doing. */
	private volatile boolean stopping;

	private volatile @Nullable LastFetch lastFetch;

	private final Clock clock;

	private volatile long lastAttempt = Long.MIN_VALUE / 2;

	private final Periodic refresher;

	private final int ttlSeconds;

	PsiCache(PsiClient client, Telemetry telemetry, int ttlSeconds, LongSupplier nanoClock, Clock clock) {
		this.ttlSeconds = ttlSeconds;
		this.clock = clock;
		this.client = client;
		this.telemetry = telemetry;
		this.ttlNanos = TimeUnit.SECONDS.toNanos(ttlSeconds);
		this.nanoClock = nanoClock;
		this.refresher = new Periodic("psi-refresh", this::refreshOnce, 0,
				Math.max(ttlNanos / 2, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
		telemetry.gauge(MetricNames.PSI_CACHE_AGE, "Seconds since the last good Ψ reading", () -> {
			Double age = state().ageSeconds();
			return age == null ? Double.NaN : age;
		});
		telemetry.gauge(MetricNames.PSI_CACHE_VALID, "Whether the Ψ reading is within its TTL", () -> state().valid() ? 1 : 0);
		telemetry.gauge(MetricNames.PSI_CACHE_TTL, "Ψ cache TTL in seconds", () -> ttlSeconds);
	}

	/** The reading a decision uses now, counted as a cache hit or miss; never blocks on the network. */
	public PsiReading current() {
		PsiReading reading = peek();
		countDecision(reading);
		return reading;
	}

	/**
	 * The reading to use now for something other than a decision (the next state of a feedback), not
	 * counted in the cache's hits and misses, which are decisions'.
	 */
	public PsiReading peek() {
		Fetched f = last;
		if (f != null) {
			long age = nanoClock.getAsLong() - f.at();
			if (age <= ttlNanos) {
				return f.reading().servedAs(age / 1e9, "live");
			}
		}
		refreshAsync();
		return f == null ? PsiReading.NEUTRAL : f.reading().servedAs((nanoClock.getAsLong() - f.at()) / 1e9, "stale");
	}

	/**
	 * Counts a reading taken with {@link #peek} as the cache hit (a live reading) or miss it was, once
	 * the decision it served was made; a request refused meanwhile counts neither.
	 */
	public void countDecision(PsiReading reading) {
		if ("live".equals(reading.source())) {
			telemetry.cacheHit();
		}
		else {
			telemetry.cacheMiss();
		}
	}

	/** Fetches a reading now, on the calling thread; failures are counted and logged, never thrown. */
	void refresh() {
		try {
			PsiReading reading = client.fetch();
			last = new Fetched(reading, nanoClock.getAsLong());
			lastFetch = new LastFetch("ok", null, clock.instant());
			if (lastFetchFailed) {
				log.info("Ψ-field answers again");
			}
			lastFetchFailed = false;
		}
		catch (RuntimeException ex) {
			if (stopping) {
				log.debug("Ψ-field fetch cut short by the stop: {}", ex.toString());
				return;
			}
			telemetry.cacheError();
			String why = reason(ex);
			lastFetch = new LastFetch("error", why, clock.instant());
			Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
			// The HTTP client's own word for a deadline that struck while connecting says nothing to an operator.
			String cause = cancelledExchange(root) ? "" : ": " + root;
			long now = nanoClock.getAsLong();
			if (!lastFetchFailed) {
				log.warn("Ψ-field fetch failed ({}), serving {}{}", why,
						last != null ? "the last good reading" : "the neutral reading 0.5/0.5 until one arrives", cause);
				warnedReason = why;
				warnedAt = now;
			}
			else if (!why.equals(warnedReason) && now - warnedAt >= REASON_CHANGE_LOG_INTERVAL_NANOS) {
				log.warn("Ψ-field fetches still fail, now for another reason ({}){}", why, cause);
				warnedReason = why;
				warnedAt = now;
			}
			lastFetchFailed = true;
		}
		catch (Error err) {
			// Shown on /status too, then left to the refresher, which logs it and goes on.
			telemetry.cacheError();
			lastFetch = new LastFetch("error", "the fetch failed inside the service", clock.instant());
			lastFetchFailed = true;
			throw err;
		}
	}

	/**
	 * Why a fetch failed, in a few words fit for the open {@code /status}: no exception class, no
	 * library's advice, no echo of what the neighbour answered.
	 */
	static String reason(RuntimeException ex) {
		if (ex instanceof PsiClient.InvalidReadingException) {
			return String.valueOf(ex.getMessage());
		}
		if (ex instanceof RestClientResponseException response) {
			return "Ψ-field answered " + response.getStatusCode().value();
		}
		if (ex instanceof UnknownContentTypeException unknown) {
			return "Ψ-field answered no JSON (" + unknown.getContentType() + ")";
		}
		String tls = TlsFailures.describe(ex);
		if (tls != null) {
			return "Ψ-field: " + tls;
		}
		if (HttpServiceClients.closedBeforeSent(ex)) {
			return "Ψ-field closed the connection before the request was sent (a TLS 1.3 one does when it refuses the client's "
					+ "certificate)";
		}
		Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
		if (root instanceof StreamConstraintsException) {
			return "Ψ-field answered JSON past the reader's limits (nested too deep, or too long)";
		}
		if (root instanceof JacksonException) {
			return "Ψ-field answered malformed JSON";
		}
		if (root instanceof ConnectException) {
			return "Ψ-field refused the connection";
		}
		if (root instanceof UnknownHostException) {
			return "Ψ-field host name is unknown";
		}
		if (root instanceof IOException io && String.valueOf(io.getMessage()).startsWith("answer exceeds")) {
			return "Ψ-field " + io.getMessage();
		}
		if (cancelledExchange(root)) {
			return "no connection within PSI_TIMEOUT_MS: the host lookup or the connect took longer";
		}
		if (root instanceof IOException) {
			return "no answer within PSI_TIMEOUT_MS, or the connection broke";
		}
		return "the fetch failed unexpectedly";
	}

	/**
	 * Whether the HTTP client reports an exchange its deadline cancelled while it was still getting its connection
	 * (a slow host lookup or connect): an {@link IllegalStateException} about the connection's endpoint.
	 */
	private static boolean cancelledExchange(Throwable root) {
		return root instanceof IllegalStateException && String.valueOf(root.getMessage()).startsWith("Endpoint not acquired");
	}

	private void refreshAsync() {
		long now = nanoClock.getAsLong();
		if (now - lastAttempt >= EARLY_REFRESH_INTERVAL_NANOS && refresher.isRunning()
				&& refreshing.compareAndSet(false, true)) {
			lastAttempt = now;
			refresher.runSoon();
		}
	}

	/** One refresh on the refresher's thread, scheduled or asked for by a miss. */
	private void refreshOnce() {
		try {
			refresh();
		}
		finally {
			refreshing.set(false);
		}
	}

	/** How the last fetch went, for {@code /status}; null before the first. */
	public @Nullable LastFetch lastFetch() {
		return lastFetch;
	}

	/** The state of the cache for {@code /status}. */
	public CacheState state() {
		Fetched f = last;
		Double age = f == null ? null : (nanoClock.getAsLong() - f.at()) / 1e9;
		return new CacheState(age, age != null && age * 1e9 <= ttlNanos, ttlSeconds);
	}

	@Override
	public void start() {
		stopping = false;
		refresher.start();
	}

	/** Stops fetching; a fetch the stop interrupts is no Ψ-field failure, so it is neither counted nor logged. */
	@Override
	public void stop() {
		stopping = true;
		refresher.stop();
	}

	@Override
	public boolean isRunning() {
		return refresher.isRunning();
	}

	private record Fetched(PsiReading reading, long at) {
	}

	/**
	 * Age, validity and TTL of the cached reading.
	 *
	 * @param ageSeconds seconds since the last good reading, null before the first
	 * @param valid whether that reading is within its TTL
	 * @param ttlSeconds the configured TTL
	 */
	public record CacheState(@Nullable Double ageSeconds, boolean valid, long ttlSeconds) {
	}

	/**
	 * The last fetch from the Ψ-field.
	 *
	 * @param result {@code ok} or {@code error}
	 * @param error why it gave no reading, null when it did
	 * @param at when it ended
	 */
	public record LastFetch(String result, @Nullable String error, Instant at) {
	}

}
