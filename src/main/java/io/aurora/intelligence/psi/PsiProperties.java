package io.aurora.intelligence.psi;

import java.net.URI;

import io.aurora.intelligence.config.HttpServiceClients;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Ψ-field client, bound from {@code PSI_URL}, {@code CACHE_TTL_S} and
 * {@code PSI_TIMEOUT_MS}.
 *
 * @param url base URL of the Ψ-field service; {@code GET {url}/state} is read
 * @param cacheTtlS seconds a reading counts as fresh (the seed's default is 5)
 * @param timeoutMs bound on one background fetch, connect and read
 */
@Validated
@ConfigurationProperties("aurora.psi")
record PsiProperties(@NotNull(message = "PSI_URL must be set to an absolute http or https URL, such as http://psi-field:8000, or unset for its default")
		URI url, @Min(1) @Max(3600) int cacheTtlS, @Min(10) @Max(60_000) int timeoutMs) {

	@AssertTrue(message = "PSI_URL must be an absolute http or https URL with a host, a port from 1 to 65535 if any, no user or password and no query, such as http://psi-field:8000")
	boolean isUrlUsable() {
		return HttpServiceClients.usableBaseUrl(url);
	}

}
