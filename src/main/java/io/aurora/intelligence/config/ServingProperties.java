package io.aurora.intelligence.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the service serves its connections and its open operator endpoints, bound from
 * {@code SHUTDOWN_DRAIN_MS} and {@code METRICS_CACHE_MS}.
 *
 * @param drainMs for up to this long after a stop begins, before graceful shutdown, every request is
 * still served but answered with {@code Connection: close}, so that callers holding a connection open
 * reconnect (elsewhere, behind a Service) instead of sending their next request into a closing socket;
 * the drain ends early once no connection is open; 0 turns it off; at most 10 s, so that a stop fits
 * the manifests' 90 s grace period
 * @param metricsCacheMs how long a {@code /metrics} scrape is served again to later scrapes, so that a
 * flood of them cannot take the CPU decisions need; 0 scrapes anew every time
 */
@Validated
@ConfigurationProperties("aurora.serving")
record ServingProperties(@Min(0) @Max(10_000) long drainMs, @Min(0) @Max(60_000) long metricsCacheMs) {
}
