package io.aurora.intelligence.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How a stop lets kept-alive callers go, bound from {@code SHUTDOWN_DRAIN_MS}.
 *
 * @param drainMs for up to this long after a stop begins, before graceful shutdown, every request is
 * still served but answered with {@code Connection: close}, so that callers holding a connection open
 * reconnect (elsewhere, behind a Service) instead of sending their next request into a closing socket;
 * the drain ends early once no connection is open; 0 turns it off; at most 10 s, so that a stop fits
 * the manifests' 45 s grace period
 */
@Validated
@ConfigurationProperties("aurora.shutdown")
record ShutdownProperties(@Min(0) @Max(10_000) long drainMs) {
}
