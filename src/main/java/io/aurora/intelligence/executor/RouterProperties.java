package io.aurora.intelligence.executor;

import java.net.URI;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Aurora Router client, bound from {@code AURORA_ROUTER_URL}, {@code ROUTER_TIMEOUT_MS}
 * and {@code ROUTER_COOLDOWN_S}.
 *
 * @param url base URL of the router; {@code POST {url}/route} is called
 * @param timeoutMs bound on one call, connect and answer together
 * @param cooldownS seconds the router is left alone after repeated failures before one trial call
 */
@Validated
@ConfigurationProperties("aurora.router")
public record RouterProperties(@NotNull URI url, @Min(10) @Max(60_000) int timeoutMs, @Min(1) @Max(3600) int cooldownS) {
}
