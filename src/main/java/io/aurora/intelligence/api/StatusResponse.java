package io.aurora.intelligence.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** {@code GET /status}: the seed's shape, plus the trace store's counts and the router's and the Ψ-field's state. */
record StatusResponse(@JsonProperty("uptime_seconds") double uptimeSeconds, Model model, Cache cache, boolean healthy,
		Store store, Router router, Psi psi) {

	/**
	 * The model's policy, hyper-parameters and size; {@code episodes} counts traced decisions and
	 * {@code forgotten} the candidates or states dropped at the size caps since the model was created or
	 * last replaced.
	 */
	record Model(String policy, long episodes, long updates, double epsilon, double alpha, double gamma,
			@JsonProperty("q_table_size") int qTableSize,
			@JsonProperty("total_state_action_pairs") int totalStateActionPairs, long forgotten) {
	}

	/** The Ψ-field cache's counts and the age of its reading. */
	record Cache(@JsonProperty("cache_hits") long cacheHits, @JsonProperty("cache_misses") long cacheMisses,
			@JsonProperty("cache_errors") long cacheErrors, @JsonProperty("cache_hit_rate") double cacheHitRate,
			@JsonProperty("cache_age_seconds") @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = { "number", "null" }) @Nullable Double cacheAgeSeconds,
			@JsonProperty("cache_valid") boolean cacheValid, @JsonProperty("cache_ttl") long cacheTtl) {
	}

	/**
	 * The router's circuit breaker and its last call, for seeing a failing router at a glance, and the candidates
	 * it failed repeatedly, which decisions skip. Once a caller without the API key (where one is set) has called the
	 * router, {@code callers} gives each kind of caller's circuit, and the rest covers both.
	 */
	record Router(@Schema(allowableValues = { "closed", "open", "half_open", "none" }) String circuit, @JsonProperty("last_result") @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = { "string", "null" }) @Nullable String lastResult,
			@JsonProperty("last_error") @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = { "string", "null" }) @Nullable String lastError,
			@JsonProperty("last_at") @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = { "string", "null" }) @Nullable String lastAt,
			@JsonProperty("candidates_open") int candidatesOpen, List<CandidateCircuit> candidates,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Callers callers) {
	}

	/**
	 * The circuit of callers with the API key and that of callers without it, who have their own so that their calls
	 * cannot open the circuits of callers with the key.
	 */
	record Callers(@Schema(allowableValues = { "closed", "open", "half_open" }) String authorised,
			@Schema(allowableValues = { "closed", "open", "half_open" }) String anonymous) {
	}

	/**
	 * A candidate with an open circuit of its own ({@code open}: skipped; {@code half_open}: one call decides);
	 * {@code anonymous} marks the circuit of callers without the API key.
	 */
	record CandidateCircuit(String provider, String sku, @Schema(allowableValues = { "open", "half_open" }) String circuit,
			int failures, @JsonProperty("last_error") @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = { "string", "null" }) @Nullable String lastError,
			String since, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean anonymous) {
	}

	/** The Ψ-field's last fetch, for seeing why the cache holds no valid reading. */
	record Psi(@JsonProperty("last_result") @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = { "string", "null" }) @Nullable String lastResult,
			@JsonProperty("last_error") @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = { "string", "null" }) @Nullable String lastError,
			@JsonProperty("last_at") @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(types = { "string", "null" }) @Nullable String lastAt) {
	}

	/** Rows in the trace store. */
	record Store(long traces, long feedback, @JsonProperty("feedback_rate") double feedbackRate) {
	}

}
