package io.aurora.intelligence.executor;

import java.net.URI;

import io.aurora.intelligence.config.HttpServiceClients;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Aurora Router client, bound from {@code AURORA_ROUTER_URL}, {@code ROUTER_TIMEOUT_MS},
 * {@code ROUTER_COOLDOWN_S}, {@code ROUTER_MAX_ATTEMPTS} and {@code ROUTER_CANDIDATE_FAILURES}.
 *
 * @param url base URL of the router; {@code POST {url}/route} is called; {@code none}: no router, the caller places
 * each task itself and decisions are answered from the model alone
 * @param timeoutMs bound on one call, connect and answer together
 * @param cooldownS seconds the router is left alone after repeated failures before one trial call
 * @param maxAttempts candidates tried per decision when the router refuses or fails them (failover),
 * all within {@code timeoutMs}
 * @param candidateFailures 5xx answers or timeouts in a row on one candidate (while the router answers about
 * others) after which decisions skip that candidate for {@code cooldownS}
 */
@Validated
@ConfigurationProperties("aurora.router")
record RouterProperties(@NotNull(message = "AURORA_ROUTER_URL must be set to an absolute http or https URL, such as http://aurora-router:8080, or none, or unset for its default")
		URI url, @Min(10) @Max(60_000) int timeoutMs, @Min(1) @Max(3600) int cooldownS,
		@Min(1) @Max(10) int maxAttempts, @Min(1) @Max(100) int candidateFailures) {

	@AssertTrue(message = "AURORA_ROUTER_URL must be an absolute http or https URL with a host, a port from 1 to 65535 if any, no user or password and no query, such as http://aurora-router:8080, or none")
	boolean isUrlUsable() {
		return routerless() || HttpServiceClients.usableBaseUrl(url);
	}

	/** Whether there is no router ({@code AURORA_ROUTER_URL=none}): decisions are answered without routing. */
	boolean routerless() {
		// Validation reads it before @NotNull has refused an empty setting.
		return "none".equalsIgnoreCase(String.valueOf((Object) url).strip());
	}

}
