package io.aurora.intelligence.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aurora.intelligence.strategist.Action;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The answer to {@code POST /decisions}: the chosen candidate, its score, the trace id that
 * feedback must quote, and why it was chosen.
 */
record DecisionResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("task_id") String taskId,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Candidate chosen,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double score,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("trace_id") String traceId,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Explanations explanations) {

	/**
	 * Why this candidate.
	 *
	 * @param qValue the model's estimate of the chosen (placed) candidate's value in this state
	 * @param psiCoherence Ψ coherence used for the state
	 * @param psiDensity Ψ density used for the state
	 * @param exploration {@code explore} or {@code exploit}: which branch the policy took for its choice
	 * @param propensity the probability that the policy makes its choice in this state; after failover
	 * that is {@code firstChoice}, not {@code chosen}
	 * @param state the state key
	 * @param scoreSource {@code router} when the router scored the placement, else {@code model}
	 * @param attempts how many candidates the router was asked about (more than one after failover)
	 * @param placed whether the router accepted the placement of {@code chosen}
	 * @param routerResult what became of the last router call, so that a caller can tell a refusal from a
	 * timeout, after which the router may have placed the task after all
	 * @param firstChoice the policy's own choice, present only when failover placed another candidate, or asked about
	 * another whose call timed out, so that the router may have placed it
	 * @param skipped candidates skipped without a router call, the router having failed each repeatedly
	 * ({@code ROUTER_CANDIDATE_FAILURES} times in a row); absent when none was
	 * @param weights the objective weights the choice maximised (absent for the scalar reward)
	 * @param objectives the chosen (placed) candidate's estimated latency, cost and reliability scores
	 * @param paretoFront the candidates that no other beats on every estimated objective
	 */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	record Explanations(@Schema(requiredMode = REQUIRED) @JsonProperty("q_value") double qValue,
			@Schema(requiredMode = REQUIRED) @JsonProperty("psi_coherence") double psiCoherence,
			@Schema(requiredMode = REQUIRED) @JsonProperty("psi_density") double psiDensity,
			@Schema(requiredMode = REQUIRED, allowableValues = { "explore", "exploit" }) String exploration,
			@Schema(requiredMode = REQUIRED) double propensity, @Schema(requiredMode = REQUIRED) String state,
			@Schema(requiredMode = REQUIRED, allowableValues = { "router", "model" }) @JsonProperty("score_source") String scoreSource,
			@Schema(requiredMode = REQUIRED) int attempts, @Schema(requiredMode = REQUIRED) boolean placed,
			@Schema(requiredMode = REQUIRED, allowableValues = { "ok", "rejected", "error", "timeout", "open", "busy", "none" },
					description = "What became of the last router call: ok (placed), rejected (this candidate cannot be "
							+ "placed), error (5xx, other 4xx, or no connection), timeout (no usable answer to a request the router "
							+ "may have read: none within ROUTER_TIMEOUT_MS, a connection that closed or broke, a 2xx that is not "
							+ "a JSON object; the router may have placed the task), open or busy (not called: "
							+ "the circuit is open, or no connection was free in time), none (not called: there is no "
							+ "router, AURORA_ROUTER_URL=none, or the decision is a shadow one; the caller places the task, and "
							+ "attempts is 0)")
			@JsonProperty("router_result") String routerResult,
			@JsonProperty("first_choice") @Nullable Named firstChoice,
			@Schema(description = "Candidates skipped without a router call: the router failed each ROUTER_CANDIDATE_FAILURES "
					+ "times in a row, so it is asked again only by one trial call every ROUTER_COOLDOWN_S") List<Named> skipped,
			Map<String, Double> weights,
			Map<String, Double> objectives, @JsonProperty("pareto_front") List<Named> paretoFront) {
	}

	/**
	 * A candidate as the explanations name it: provider first, as in {@code chosen}, the order being the record's.
	 *
	 * @param provider the candidate's provider
	 * @param sku the candidate's SKU
	 */
	@Schema(name = "CandidateName")
	record Named(@Schema(requiredMode = REQUIRED) String provider, @Schema(requiredMode = REQUIRED) String sku) {

		/** The name of the strategist's {@code action}. */
		static Named of(Action action) {
			return new Named(action.provider(), action.sku());
		}

	}

}
